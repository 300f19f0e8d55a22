/** 3-D surface plots of z over an (x, y) grid, with optional 3-D paths on the surface. */
import { describe, require } from "../errors.ts";
import { checkGrid, checkNumbers, checkOptions, type Numbers } from "./checks.ts";
import { Figure, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `surfaceFigure`. */
export interface SurfaceFigureOptions extends FigureOptions {
  x: Numbers;
  y: Numbers;
  /** `z[i][j]` is the height at (x[j], y[i]). */
  z: ArrayLike<ArrayLike<number>>;
  /** z-axis title. */
  zTitle?: string;
  /** 3-D paths drawn over the surface. */
  paths?: readonly { name: string; x: Numbers; y: Numbers; z: Numbers }[];
  /** Plotly colour scale name (default "Viridis"). */
  colorscale?: string;
}

/** A 3-D surface (rotatable in the notebook). */
export function surfaceFigure(opts: SurfaceFigureOptions): Figure {
  const fn = "surfaceFigure";
  checkOptions(fn, opts);
  const { x, y, z } = checkGrid(fn, opts);
  const paths = opts.paths ?? [];
  require(Array.isArray(paths), fn, "paths", "an array of {name, x, y, z}", describe(paths));
  const traces: PlotlyTrace[] = [
    { type: "surface", name: "z", x, y, z, colorscale: opts.colorscale ?? "Viridis", opacity: 0.9 },
    ...paths.map((p, i): PlotlyTrace => {
      const px = checkNumbers(fn, `paths[${i}].x`, p.x);
      const len = { n: px.length, of: `paths[${i}].x` };
      return {
        type: "scatter3d",
        mode: "lines+markers",
        name: String(p.name),
        x: px,
        y: checkNumbers(fn, `paths[${i}].y`, p.y, { length: len }),
        z: checkNumbers(fn, `paths[${i}].z`, p.z, { length: len }),
        line: { color: courseColor(i + 1), width: 5 },
        marker: { size: 3, color: courseColor(i + 1) },
      };
    }),
  ];
  const layout = courseLayout(fn, { height: 520, ...opts });
  delete layout.xaxis;
  delete layout.yaxis;
  layout.scene = {
    xaxis: { title: { text: opts.xTitle ?? "x" } },
    yaxis: { title: { text: opts.yTitle ?? "y" } },
    zaxis: { title: { text: opts.zTitle ?? "z" } },
  };
  layout.margin = { l: 0, r: 0, t: opts.title ? 50 : 10, b: 0 };
  return new Figure(traces, layout);
}
