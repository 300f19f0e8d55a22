/** Heatmaps of a matrix (correlations, confusion matrices, attention) with optional values. */
import { requireNumber } from "../errors.ts";
import { checkMatrix, checkOptions, checkX, type XValue } from "./checks.ts";
import { Figure } from "./figure.ts";
import { courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `heatmapFigure`. */
export interface HeatmapFigureOptions extends FigureOptions {
  /** The matrix: `z[i][j]` is drawn at row `y[i]`, column `x[j]`. */
  z: ArrayLike<ArrayLike<number>>;
  /** Column labels (default 0..cols-1). */
  x?: readonly XValue[];
  /** Row labels (default 0..rows-1). */
  y?: readonly XValue[];
  /** Plotly colour scale name (default "RdBu", blue low and red high, when `zmid` is set, else "Viridis"). */
  colorscale?: string;
  /** Colour range; default the data's range. */
  zmin?: number;
  zmax?: number;
  /** Centre of a diverging scale (e.g. 0 for correlations). */
  zmid?: number;
  /** Write each cell's value with this many decimals. */
  showValues?: number;
  /** First row at the top, like a printed matrix (default true). */
  matrixOrder?: boolean;
}

/** A heatmap of a rectangular matrix of finite numbers. */
export function heatmapFigure(opts: HeatmapFigureOptions): Figure {
  const fn = "heatmapFigure";
  checkOptions(fn, opts);
  const z = checkMatrix(fn, "z", opts.z);
  const x = opts.x === undefined
    ? z[0].map((_, j) => j)
    : checkX(fn, "x", opts.x, { n: z[0].length, of: "the columns of z" });
  const y = opts.y === undefined
    ? z.map((_, i) => i)
    : checkX(fn, "y", opts.y, { n: z.length, of: "the rows of z" });
  for (const k of ["zmin", "zmax", "zmid"] as const) {
    if (opts[k] !== undefined) requireNumber(fn, k, opts[k]);
  }
  const digits = opts.showValues;
  if (digits !== undefined) {
    requireNumber(fn, "showValues", digits, { integer: true, nonNegative: true, max: 10 });
  }
  const layout = courseLayout(fn, opts);
  const categorical = (v: readonly XValue[]) => v.every((e) => typeof e !== "number");
  layout.xaxis = { ...(layout.xaxis as object), showgrid: false, type: "category" };
  layout.yaxis = {
    ...(layout.yaxis as object),
    showgrid: false,
    type: "category",
    ...(opts.matrixOrder === false ? {} : { autorange: "reversed" }),
  };
  if (!categorical(x)) (layout.xaxis as Record<string, unknown>).type = "linear";
  if (!categorical(y)) (layout.yaxis as Record<string, unknown>).type = "linear";
  return new Figure([{
    type: "heatmap",
    x,
    y,
    z,
    colorscale: opts.colorscale ?? (opts.zmid !== undefined ? "RdBu" : "Viridis"),
    ...(opts.zmin !== undefined ? { zmin: opts.zmin } : {}),
    ...(opts.zmax !== undefined ? { zmax: opts.zmax } : {}),
    ...(opts.zmid !== undefined ? { zmid: opts.zmid } : {}),
    ...(digits !== undefined
      ? {
        text: z.map((r) => r.map((v) => v.toFixed(digits))),
        texttemplate: "%{text}",
        hovertemplate: "x=%{x}<br>y=%{y}<br>z=%{text}<extra></extra>",
      }
      : {}),
  }], layout);
}
