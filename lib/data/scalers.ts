/**
 * Feature scalers fitted on the training part only, then applied to every part: standard
 * (mean/std), robust (median/IQR), quantile-to-uniform, rank-gauss (uniform → normal), and a
 * winsorizer (clip to training quantiles). Data are row-major matrices `number[][]`
 * (rows × features); each scaler has fit, transform and inverseTransform.
 */
import { CourseInputError, require, requireFinite, requireNumber } from "../errors.ts";
import { normalCdf, normalQuantile } from "./normal.ts";

/** Rows × features. */
export type Matrix = readonly (readonly number[])[];

/** What every scaler offers. */
export interface Scaler {
  fit(X: Matrix): this;
  transform(X: Matrix): number[][];
  inverseTransform(Z: Matrix): number[][];
}

/** Validate a matrix: non-empty, rectangular, finite; returns its column count. */
export function checkMatrix(fn: string, arg: string, X: Matrix, cols?: number): number {
  const ok = Array.isArray(X) && X.length > 0;
  require(ok, fn, arg, "a non-empty rows x features array", X);
  const d = cols ?? X[0].length;
  X.forEach((row, i) => {
    require(row.length === d, fn, arg, `rows of ${d} features`, `row ${i} of length ${row.length}`);
    row.forEach((v: number, j: number) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new CourseInputError(fn, arg, "finite numbers", `${v} at row ${i}, column ${j}`);
      }
    });
  });
  return d;
}

function column(X: Matrix, j: number): number[] {
  return X.map((r) => r[j]);
}

/** Quantile q of sorted values with linear interpolation (numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  require(
    Array.isArray(sorted) && sorted.length > 0,
    "quantileSorted",
    "sorted",
    "a non-empty array",
    sorted,
  );
  requireNumber("quantileSorted", "q", q, { min: 0, max: 1 });
  requireFinite("quantileSorted", "sorted", sorted);
  const unsorted = sorted.findIndex((v, i) => i > 0 && v < sorted[i - 1]);
  require(
    unsorted < 0,
    "quantileSorted",
    "sorted",
    "ascending numbers",
    `a drop at index ${unsorted}`,
  );
  return interpolateSorted(sorted, q);
}

/** Linear-interpolation quantile of checked ascending values (the scalers' inner loop). */
function interpolateSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

abstract class ColumnScaler implements Scaler {
  protected dims: number | null = null;
  protected abstract fitColumn(xs: number[], j: number): void;
  protected abstract forward(x: number, j: number): number;
  protected abstract backward(z: number, j: number): number;

  /** Learn the per-column statistics from the training rows. */
  fit(X: Matrix): this {
    const d = checkMatrix(`${this.constructor.name}.fit`, "X", X);
    for (let j = 0; j < d; j++) this.fitColumn(column(X, j), j);
    this.dims = d;
    return this;
  }

  private apply(name: string, X: Matrix, f: (v: number, j: number) => number): number[][] {
    const fn = `${this.constructor.name}.${name}`;
    require(
      this.dims !== null,
      fn,
      "this",
      "a fitted scaler (call fit on the training rows)",
      "unfitted",
    );
    checkMatrix(fn, "X", X, this.dims);
    return X.map((row) => row.map((v, j) => f(v, j)));
  }

  /** Scale rows with the statistics learned by fit. */
  transform(X: Matrix): number[][] {
    return this.apply("transform", X, (v, j) => this.forward(v, j));
  }

  /** Map scaled rows back to the original units. */
  inverseTransform(Z: Matrix): number[][] {
    return this.apply("inverseTransform", Z, (v, j) => this.backward(v, j));
  }
}

/** z = (x - mean) / std (population std of the training rows; std 0 is treated as 1). */
export class StandardScaler extends ColumnScaler {
  mean: number[] = [];
  std: number[] = [];
  protected fitColumn(xs: number[], j: number): void {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const s = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    this.mean[j] = m;
    this.std[j] = s > 0 ? s : 1;
  }
  protected forward(x: number, j: number): number {
    return (x - this.mean[j]) / this.std[j];
  }
  protected backward(z: number, j: number): number {
    return z * this.std[j] + this.mean[j];
  }
}

/** z = (x - median) / IQR (75th minus 25th percentile of the training rows). */
export class RobustScaler extends ColumnScaler {
  median: number[] = [];
  iqr: number[] = [];
  protected fitColumn(xs: number[], j: number): void {
    const s = [...xs].sort((a, b) => a - b);
    this.median[j] = interpolateSorted(s, 0.5);
    const iqr = interpolateSorted(s, 0.75) - interpolateSorted(s, 0.25);
    this.iqr[j] = iqr > 0 ? iqr : 1;
  }
  protected forward(x: number, j: number): number {
    return (x - this.median[j]) / this.iqr[j];
  }
  protected backward(z: number, j: number): number {
    return z * this.iqr[j] + this.median[j];
  }
}

/**
 * Quantile transform to uniform [0, 1]: the training values' empirical CDF (piecewise linear
 * between `nQuantiles` reference quantiles); values outside the training range clip to 0 or 1.
 */
export class QuantileUniformScaler extends ColumnScaler {
  /** Reference values per column at probabilities `probs`. */
  refs: number[][] = [];
  readonly probs: number[];
  constructor(nQuantiles = 1000) {
    super();
    require(
      Number.isInteger(nQuantiles) && nQuantiles >= 2,
      "QuantileUniformScaler",
      "nQuantiles",
      "an integer >= 2",
      nQuantiles,
    );
    this.probs = Array.from({ length: nQuantiles }, (_, i) => i / (nQuantiles - 1));
  }
  protected fitColumn(xs: number[], j: number): void {
    const s = [...xs].sort((a, b) => a - b);
    this.refs[j] = this.probs.map((p) => interpolateSorted(s, p));
  }
  protected forward(x: number, j: number): number {
    return interpolate(this.refs[j], this.probs, x);
  }
  protected backward(z: number, j: number): number {
    return interpolate(this.probs, this.refs[j], Math.min(1, Math.max(0, z)));
  }
}

/** Piecewise-linear map from xs (ascending) to ys; ties in xs give the mean of their ys. */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (x < xs[0]) return ys[0];
  if (x > xs[n - 1]) return ys[n - 1];
  if (x === xs[n - 1]) return meanOfTies(xs, ys, n - 1);
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (xs[lo] === x) return meanOfTies(xs, ys, lo);
  return ys[lo] + ((ys[hi] - ys[lo]) * (x - xs[lo])) / (xs[hi] - xs[lo]);
}

function meanOfTies(xs: readonly number[], ys: readonly number[], i: number): number {
  let a = i, b = i;
  while (a > 0 && xs[a - 1] === xs[i]) a--;
  while (b + 1 < xs.length && xs[b + 1] === xs[i]) b++;
  return (ys[a] + ys[b]) / 2;
}

/** Rank-gauss: the quantile transform to uniform, then the normal quantile (clipped to ±`clip`). */
export class RankGaussScaler extends QuantileUniformScaler {
  constructor(nQuantiles = 1000, readonly clip = 5) {
    super(nQuantiles);
  }
  protected override forward(x: number, j: number): number {
    const u = super.forward(x, j);
    const lo = normalCdf(-this.clip);
    return Math.max(
      -this.clip,
      Math.min(this.clip, normalQuantile(Math.min(1 - lo, Math.max(lo, u)))),
    );
  }
  protected override backward(z: number, j: number): number {
    return super.backward(normalCdf(Math.max(-this.clip, Math.min(this.clip, z))), j);
  }
}

/** Clip each column to its training quantiles [lower, upper] (winsorisation); inverse is identity. */
export class Winsorizer extends ColumnScaler {
  lo: number[] = [];
  hi: number[] = [];
  constructor(readonly lower = 0.01, readonly upper = 0.99) {
    super();
    require(
      lower >= 0 && lower < upper && upper <= 1,
      "Winsorizer",
      "lower/upper",
      "0 <= lower < upper <= 1",
      `${lower}, ${upper}`,
    );
  }
  protected fitColumn(xs: number[], j: number): void {
    const s = [...xs].sort((a, b) => a - b);
    this.lo[j] = interpolateSorted(s, this.lower);
    this.hi[j] = interpolateSorted(s, this.upper);
  }
  protected forward(x: number, j: number): number {
    return Math.min(this.hi[j], Math.max(this.lo[j], x));
  }
  protected backward(z: number): number {
    return z;
  }
}
