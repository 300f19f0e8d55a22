/** Scatter plots, optionally coloured by group (one legend entry per group). */
import { describe, require } from "../errors.ts";
import { checkLength, checkNumbers, checkOptions, type Numbers } from "./checks.ts";
import { Figure, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `scatterFigure`. */
export interface ScatterFigureOptions extends FigureOptions {
  x: Numbers;
  y: Numbers;
  /** Group of each point (class label, cluster, sector): one colour and legend entry each. */
  groups?: readonly (string | number | boolean)[];
  /** Hover text of each point. */
  text?: readonly string[];
  /** Marker size in pixels (default 6). */
  size?: number;
  /** Marker opacity in (0, 1] (default 0.8). */
  opacity?: number;
}

/** A scatter plot of finite (x, y) points, coloured by `groups` when given. */
export function scatterFigure(opts: ScatterFigureOptions): Figure {
  const fn = "scatterFigure";
  checkOptions(fn, opts);
  const x = checkNumbers(fn, "x", opts.x) as number[];
  const y = checkNumbers(fn, "y", opts.y, { length: { n: x.length, of: "x" } }) as number[];
  if (opts.groups !== undefined) {
    require(Array.isArray(opts.groups), fn, "groups", "an array of labels", describe(opts.groups));
    checkLength(fn, "groups", opts.groups.length, x.length, "x");
  }
  if (opts.text !== undefined) {
    require(Array.isArray(opts.text), fn, "text", "an array of strings", describe(opts.text));
    checkLength(fn, "text", opts.text.length, x.length, "x");
  }
  const size = opts.size ?? 6;
  const opacity = opts.opacity ?? 0.8;
  require(opacity > 0 && opacity <= 1, fn, "opacity", "a number in (0, 1]", opacity);
  require(size > 0 && Number.isFinite(size), fn, "size", "a positive number", size);
  const keys = opts.groups ? [...new Set(opts.groups.map(String))] : [""];
  const traces: PlotlyTrace[] = keys.map((key, gi) => {
    const idx = opts.groups
      ? x.map((_, i) => i).filter((i) => String(opts.groups![i]) === key)
      : x.map((_, i) => i);
    return {
      type: "scatter",
      mode: "markers",
      name: opts.groups ? key : "points",
      x: idx.map((i) => x[i]),
      y: idx.map((i) => y[i]),
      ...(opts.text ? { text: idx.map((i) => opts.text![i]) } : {}),
      marker: { color: courseColor(gi), size, opacity },
    };
  });
  const layout = courseLayout(fn, opts);
  layout.showlegend = opts.groups !== undefined;
  return new Figure(traces, layout);
}
