/**
 * Logistic regression, the course's linear baseline: binary (sigmoid) or multinomial
 * (softmax) with an L2 penalty, fitted full-batch and deterministically by L-BFGS. The
 * objective is sklearn's: sum of log-losses + ½‖W‖²/C (the intercept is not penalised), so
 * the same C gives the same coefficients. Everything runs on the host in float64 over the
 * non-zero entries (a bag of words stays cheap), so it works on every backend, WebGPU included;
 * it takes rows, never reads a tensor synchronously. Features can be standardised.
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, describe, require, requireNumber } from "../errors.ts";
import { type ClassLabel, type LabelsInput, readLabels, uniqueLabels } from "../eval/inputs.ts";
import { type LbfgsResult, minimizeLbfgs } from "../train/lbfgs.ts";

/** Features: rows of numbers [n][d] (a tensor is refused: read it with `await x.array()`). */
export type FeaturesInput = readonly ArrayLike<number>[];

/** Options of `LogisticRegression`. */
export interface LogisticOptions {
  /** Inverse L2 strength as in sklearn (default 1): penalty ½‖W‖²/C on the summed loss. */
  C?: number;
  /** Standardise features with the training mean/std before fitting (default true). */
  standardize?: boolean;
  /** L-BFGS iterations (default 500). */
  maxIter?: number;
  /** Stop when every gradient component of the mean objective is below this (default 1e-5). */
  tol?: number;
  /** What a fit that did not converge does: "warn" (default, console.warn), "error", "ignore". */
  onNotConverged?: "warn" | "error" | "ignore";
}

/** Features as a row-major float64 matrix. */
interface Rows {
  n: number;
  d: number;
  data: Float64Array;
}

function readRows(fn: string, X: FeaturesInput, d?: number): Rows {
  require(
    !(X instanceof tf.Tensor),
    fn,
    "X",
    "rows of numbers (the fit runs on the host in float64: read a tensor with `await X.array()`)",
    X,
  );
  require(Array.isArray(X) && X.length > 0, fn, "X", "a non-empty array of rows", X);
  const cols = X[0].length;
  const data = new Float64Array(X.length * cols);
  X.forEach((row, i) => {
    require(row.length === cols, fn, `X[${i}]`, `a row of ${cols} features`, `${row.length}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (!Number.isFinite(v)) {
        throw new CourseInputError(fn, `X[${i}][${j}]`, "a finite number", describe(v));
      }
      data[i * cols + j] = v;
    }
  });
  if (d !== undefined && cols !== d) {
    throw new CourseInputError(fn, "X", `${d} features (as in fit)`, `${cols}`);
  }
  return { n: X.length, d: cols, data };
}

/** The non-zero entries of standardised rows, row by row (compressed sparse rows). */
interface SparseRows {
  n: number;
  start: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

function standardised(X: Rows, mean: Float64Array, std: Float64Array): SparseRows {
  const { n, d, data } = X;
  const start = new Int32Array(n + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = (data[i * d + j] - mean[j]) / std[j];
      if (v !== 0) {
        col.push(j);
        val.push(v);
      }
    }
    start[i + 1] = col.length;
  }
  return { n, start, col: Int32Array.from(col), val: Float64Array.from(val) };
}

/** Logits Z [n, k] = X W + b with W laid out [d, k] in `w` and b in `w` after it. */
function logits(X: SparseRows, w: Float64Array, d: number, k: number): Float64Array {
  const z = new Float64Array(X.n * k);
  for (let i = 0; i < X.n; i++) {
    for (let c = 0; c < k; c++) z[i * k + c] = w[d * k + c];
    for (let p = X.start[i]; p < X.start[i + 1]; p++) {
      const v = X.val[p], base = X.col[p] * k;
      for (let c = 0; c < k; c++) z[i * k + c] += v * w[base + c];
    }
  }
  return z;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Turn logits into probabilities in place: sigmoid (k = 1) or a row-wise softmax. */
function toProbabilities(z: Float64Array, k: number): Float64Array {
  if (k === 1) {
    for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
    return z;
  }
  for (let r = 0; r < z.length; r += k) {
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = Math.max(m, z[r + c]);
    let s = 0;
    for (let c = 0; c < k; c++) s += z[r + c] = Math.exp(z[r + c] - m);
    for (let c = 0; c < k; c++) z[r + c] /= s;
  }
  return z;
}

/** L2-penalised logistic regression (binary or multinomial), fitted by L-BFGS. */
export class LogisticRegression {
  readonly C: number;
  readonly standardize: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly onNotConverged: "warn" | "error" | "ignore";
  /** Class labels in column order (sorted). */
  classes: ClassLabel[] = [];
  /** Coefficients [k, d] in the (possibly standardised) feature space; k = 1 for binary. */
  coef: number[][] = [];
  /** Intercepts, one per row of `coef`. */
  intercept: number[] = [];
  /** Training mean and std per feature (0 and 1 without standardisation). */
  mean: Float64Array = new Float64Array(0);
  std: Float64Array = new Float64Array(0);
  /** What the optimiser reported. */
  fitInfo: Omit<LbfgsResult, "x"> | null = null;

  /** Configure the model; call `fit` next. */
  constructor(opts: LogisticOptions = {}) {
    const fn = "LogisticRegression";
    this.C = requireNumber(fn, "C", opts.C ?? 1, { positive: true });
    this.standardize = opts.standardize ?? true;
    this.maxIter = requireNumber(fn, "maxIter", opts.maxIter ?? 500, { integer: true, min: 1 });
    this.tol = requireNumber(fn, "tol", opts.tol ?? 1e-5, { positive: true });
    const mode = opts.onNotConverged ?? "warn";
    require(
      ["warn", "error", "ignore"].includes(mode),
      fn,
      "onNotConverged",
      '"warn", "error" or "ignore"',
      mode,
    );
    this.onNotConverged = mode;
  }

  /** Fit on rows X and labels y (any two or more labels; columns follow sorted labels). */
  fit(X: FeaturesInput, y: LabelsInput): this {
    const fn = "LogisticRegression.fit";
    const labels = readLabels(fn, "y", y);
    const classes = uniqueLabels(labels);
    require(classes.length >= 2, fn, "y", "at least two classes", `only ${classes.join(", ")}`);
    const raw = readRows(fn, X);
    const { n, d } = raw;
    if (n !== labels.length) {
      throw new CourseInputError(fn, "y", `${n} labels (one per row of X)`, `${labels.length}`);
    }
    const index = new Map(classes.map((c, i) => [c, i]));
    const k = classes.length === 2 ? 1 : classes.length;
    const mean = new Float64Array(d);
    const std = new Float64Array(d).fill(1);
    if (this.standardize) {
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += raw.data[i * d + j] / n;
      const sq = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) sq[j] += (raw.data[i * d + j] - mean[j]) ** 2 / n;
      }
      for (let j = 0; j < d; j++) std[j] = Math.sqrt(sq[j]) > 1e-12 ? Math.sqrt(sq[j]) : 1;
    }
    const Xs = standardised(raw, mean, std);
    const yIdx = Int32Array.from(labels, (l) => index.get(l)!);
    const lam = 1 / (this.C * n); // penalty on the mean loss: ½ λ ‖W‖²
    const fg = (x: Float64Array) => {
      const z = logits(Xs, x, d, k);
      let loss = 0;
      const grad = new Float64Array(d * k + k);
      const g = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const zi = z.subarray(i * k, i * k + k);
        if (k === 1) {
          const y = yIdx[i];
          loss += softplus(zi[0]) - y * zi[0];
          g[0] = 1 / (1 + Math.exp(-zi[0])) - y;
        } else {
          let m = -Infinity;
          for (let c = 0; c < k; c++) m = Math.max(m, zi[c]);
          let s = 0;
          for (let c = 0; c < k; c++) s += Math.exp(zi[c] - m);
          const lse = m + Math.log(s);
          loss += lse - zi[yIdx[i]];
          for (let c = 0; c < k; c++) g[c] = Math.exp(zi[c] - lse) - (c === yIdx[i] ? 1 : 0);
        }
        for (let p = Xs.start[i]; p < Xs.start[i + 1]; p++) {
          const v = Xs.val[p], base = Xs.col[p] * k;
          for (let c = 0; c < k; c++) grad[base + c] += v * g[c];
        }
        for (let c = 0; c < k; c++) grad[d * k + c] += g[c];
      }
      let pen = 0;
      for (let i = 0; i < grad.length; i++) grad[i] /= n;
      for (let i = 0; i < d * k; i++) {
        pen += x[i] * x[i];
        grad[i] += lam * x[i];
      }
      return { value: loss / n + 0.5 * lam * pen, grad };
    };
    const res: LbfgsResult = minimizeLbfgs(fg, new Float64Array(d * k + k), {
      maxIter: this.maxIter,
      gradTol: this.tol,
      fTol: 1e-12,
    });
    this.classes = classes;
    this.mean = mean;
    this.std = std;
    this.coef = Array.from(
      { length: k },
      (_, c) => Array.from({ length: d }, (_, j) => res.x[j * k + c]),
    );
    this.intercept = Array.from(res.x.subarray(d * k));
    const { x: _x, ...info } = res;
    this.fitInfo = info;
    if (info.stopReason === "max_iter" && this.onNotConverged !== "ignore") {
      const msg = `LogisticRegression.fit: did not converge: L-BFGS stopped (${info.stopReason}) ` +
        `after ${info.iterations} iterations with max |gradient| ${info.gradMax.toPrecision(3)} ` +
        `> tol ${this.tol}; raise maxIter (now ${this.maxIter}), lower C (now ${this.C}) or ` +
        "standardise the features";
      if (this.onNotConverged === "error") throw new Error(msg);
      console.warn(msg);
    }
    return this;
  }

  /** Class probabilities [n, classes] (columns in `classes` order). */
  predictProba(X: FeaturesInput): number[][] {
    const fn = "LogisticRegression.predictProba";
    require(
      this.coef.length > 0,
      fn,
      "this",
      "a fitted model (call fit first)",
      "an unfitted model",
    );
    const d = this.mean.length;
    const k = this.coef.length;
    const Xs = standardised(readRows(fn, X, d), this.mean, this.std);
    const w = new Float64Array(d * k + k);
    this.coef.forEach((row, c) => row.forEach((v, j) => (w[j * k + c] = v)));
    this.intercept.forEach((v, c) => (w[d * k + c] = v));
    const P = toProbabilities(logits(Xs, w, d, k), k);
    return Array.from({ length: Xs.n }, (_, i) => {
      if (k === 1) return [1 - P[i], P[i]];
      return Array.from(P.subarray(i * k, i * k + k));
    });
  }

  /** Most probable class per row. */
  predict(X: FeaturesInput): ClassLabel[] {
    return this.predictProba(X).map((row) => {
      let best = 0;
      for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      return this.classes[best];
    });
  }

  /** Accuracy on (X, y). */
  score(X: FeaturesInput, y: LabelsInput): number {
    const fn = "LogisticRegression.score";
    const truth = readLabels(fn, "y", y);
    const pred = this.predict(X);
    require(pred.length === truth.length, fn, "y", `${pred.length} labels`, `${truth.length}`);
    return pred.filter((p, i) => p === truth[i]).length / truth.length;
  }
}

/** Fit a logistic regression in one call: `fitLogisticRegression(X, y, { C: 1 })`. */
export function fitLogisticRegression(
  X: FeaturesInput,
  y: LabelsInput,
  opts: LogisticOptions = {},
): LogisticRegression {
  return new LogisticRegression(opts).fit(X, y);
}
