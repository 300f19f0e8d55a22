/**
 * Contour plots of a surface with optional paths on top: the optimiser "hiker" picture
 * (SGD, momentum and Adam walking down a loss landscape).
 */
import { describe, require, requireNumber } from "../errors.ts";
import { checkGrid, checkNumbers, checkOptions, type Numbers } from "./checks.ts";
import { Figure, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** A path drawn over a contour plot (e.g. an optimiser's iterates). */
export interface PlotPath {
  name: string;
  x: Numbers;
  y: Numbers;
}

/** Options of `contourFigure`. */
export interface ContourFigureOptions extends FigureOptions {
  /** Grid columns (ascending). */
  x: Numbers;
  /** Grid rows (ascending). */
  y: Numbers;
  /** `z[i][j]` is the value at (x[j], y[i]); `evaluateGrid` builds all three. */
  z: ArrayLike<ArrayLike<number>>;
  /** Paths drawn on top, each with a start (circle) and end (cross) marker. */
  paths?: readonly PlotPath[];
  /** Number of contour levels (default 25). */
  levels?: number;
  /** Colour by log10(z - min z + 1e-6 (max z - min z)) to show the floor of steep valleys. */
  logScale?: boolean;
  /** Plotly colour scale name (default "Viridis"). */
  colorscale?: string;
}

/** Traces for paths over a 2-D plot: a line with markers, a start circle and an end cross. */
export function pathTraces(fn: string, paths: readonly PlotPath[]): PlotlyTrace[] {
  require(Array.isArray(paths), fn, "paths", "an array of {name, x, y}", describe(paths));
  return paths.flatMap((p, i) => {
    require(p !== null && typeof p === "object", fn, `paths[${i}]`, "{name, x, y}", describe(p));
    const x = checkNumbers(fn, `paths[${i}].x`, p.x) as number[];
    const y = checkNumbers(fn, `paths[${i}].y`, p.y, {
      length: { n: x.length, of: `paths[${i}].x` },
    }) as number[];
    const color = courseColor(i + 1);
    const end = x.length - 1;
    return [
      {
        type: "scatter",
        mode: "lines+markers",
        name: String(p.name),
        legendgroup: String(p.name),
        x,
        y,
        line: { color, width: 2 },
        marker: { color, size: 4 },
      },
      {
        type: "scatter",
        mode: "markers",
        name: `${p.name} start/end`,
        legendgroup: String(p.name),
        showlegend: false,
        x: [x[0], x[end]],
        y: [y[0], y[end]],
        marker: { color, size: 11, symbol: ["circle-open", "x"], line: { width: 2, color } },
      },
    ];
  });
}

/** A filled contour plot of z over the (x, y) grid, with optional paths drawn on top. */
export function contourFigure(opts: ContourFigureOptions): Figure {
  const fn = "contourFigure";
  checkOptions(fn, opts);
  const { x, y, z } = checkGrid(fn, opts);
  const levels = requireNumber(fn, "levels", opts.levels ?? 25, { integer: true, min: 2 });
  const zMin = Math.min(...z.map((r) => Math.min(...r)));
  const zMax = Math.max(...z.map((r) => Math.max(...r)));
  const eps = 1e-6 * (zMax - zMin) || 1e-12;
  const shown = opts.logScale ? z.map((r) => r.map((v) => Math.log10(v - zMin + eps))) : z;
  const traces: PlotlyTrace[] = [{
    type: "contour",
    name: opts.logScale ? "log10(z - min z)" : "z",
    x,
    y,
    z: shown,
    ncontours: levels,
    colorscale: opts.colorscale ?? "Viridis",
    contours: { coloring: "heatmap", showlines: true },
    line: { width: 0.5, color: "rgba(255,255,255,0.5)" },
    colorbar: { title: { text: opts.logScale ? "log10 Δz" : "z" } },
    showlegend: false,
  }, ...pathTraces(fn, opts.paths ?? [])];
  const layout = courseLayout(fn, opts);
  layout.showlegend = (opts.paths ?? []).length > 0;
  layout.legend = { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" };
  layout.margin = { l: 60, r: 20, t: opts.title ? 80 : 40, b: 50 };
  return new Figure(traces, layout);
}
