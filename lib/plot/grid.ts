/** Evaluate a function of two variables on a regular grid (for contour and surface plots). */
import { CourseInputError, describe, require, requireNumber } from "../errors.ts";

/** A grid: `z[i][j] = f(x[j], y[i])`. */
export interface PlotGrid {
  x: number[];
  y: number[];
  z: number[][];
}

/** Evaluate `f(x, y)` on an n×n grid over `xRange` × `yRange` (n points per axis, ends included). */
export function evaluateGrid(
  f: (x: number, y: number) => number,
  xRange: readonly [number, number],
  yRange: readonly [number, number],
  n = 60,
): PlotGrid {
  const fn = "evaluateGrid";
  require(typeof f === "function", fn, "f", "a function (x, y) => number", describe(f));
  requireNumber(fn, "n", n, { integer: true, min: 2, max: 1000 });
  const axis = (arg: string, r: readonly [number, number]) => {
    require(
      Array.isArray(r) && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) &&
        r[0] < r[1],
      fn,
      arg,
      "[lo, hi] with finite lo < hi",
      Array.isArray(r) ? `[${r.join(", ")}]` : r,
    );
    return Array.from({ length: n }, (_, i) => r[0] + (i * (r[1] - r[0])) / (n - 1));
  };
  const x = axis("xRange", xRange);
  const y = axis("yRange", yRange);
  const z = y.map((yv) =>
    x.map((xv) => {
      const v = f(xv, yv);
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new CourseInputError(fn, "f", "finite values on the grid", `${v} at (${xv}, ${yv})`);
      }
      return v;
    })
  );
  return { x, y, z };
}
