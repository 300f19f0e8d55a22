/**
 * Logistic regression, the course's linear baseline: binary (sigmoid) or multinomial
 * (softmax) with an L2 penalty, fitted full-batch and deterministically by L-BFGS. The
 * objective is sklearn's: sum of log-losses + ½‖W‖²/C (the intercept is not penalised), so
 * the same C gives the same coefficients. Loss and gradient run in tfjs (float32 matmuls);
 * the optimiser runs in float64. Features can be standardised on the training rows.
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, describe, require, requireNumber } from "../errors.ts";
import { type ClassLabel, type LabelsInput, readLabels, uniqueLabels } from "../eval/inputs.ts";
import { type LbfgsResult, minimizeLbfgs } from "../train/lbfgs.ts";

/** Features: a 2-D tensor [n, d] (read, not disposed) or rows of numbers. */
export type FeaturesInput = tf.Tensor2D | readonly ArrayLike<number>[];

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
}

function toTensor(fn: string, X: FeaturesInput, d?: number): tf.Tensor2D {
  let t: tf.Tensor2D;
  if (X instanceof tf.Tensor) {
    require(X.rank === 2, fn, "X", "a 2-D tensor [n, features]", X);
    t = tf.cast(X, "float32") as tf.Tensor2D;
  } else {
    require(Array.isArray(X) && X.length > 0, fn, "X", "a non-empty array of rows", X);
    const cols = X[0].length;
    const flat = new Float32Array(X.length * cols);
    X.forEach((row, i) => {
      require(row.length === cols, fn, `X[${i}]`, `a row of ${cols} features`, `${row.length}`);
      for (let j = 0; j < cols; j++) {
        const v = row[j];
        if (!Number.isFinite(v)) {
          throw new CourseInputError(fn, `X[${i}][${j}]`, "a finite number", describe(v));
        }
        flat[i * cols + j] = v;
      }
    });
    t = tf.tensor2d(flat, [X.length, cols]);
  }
  if (X instanceof tf.Tensor) {
    const bad = tf.tidy(() => tf.logicalNot(tf.isFinite(t)).any().dataSync()[0]);
    if (bad) {
      t.dispose();
      throw new CourseInputError(fn, "X", "finite numbers", "a tensor holding NaN or Infinity");
    }
  }
  if (d !== undefined && t.shape[1] !== d) {
    t.dispose();
    throw new CourseInputError(fn, "X", `${d} features (as in fit)`, `${t.shape[1]}`);
  }
  return t;
}

/** L2-penalised logistic regression (binary or multinomial), fitted by L-BFGS. */
export class LogisticRegression {
  readonly C: number;
  readonly standardize: boolean;
  readonly maxIter: number;
  readonly tol: number;
  /** Class labels in column order (sorted). */
  classes: ClassLabel[] = [];
  /** Coefficients [k, d] in the (possibly standardised) feature space; k = 1 for binary. */
  coef: number[][] = [];
  /** Intercepts, one per row of `coef`. */
  intercept: number[] = [];
  /** Training mean and std per feature (0 and 1 without standardisation). */
  mean: Float32Array = new Float32Array(0);
  std: Float32Array = new Float32Array(1);
  /** What the optimiser reported. */
  fitInfo: Omit<LbfgsResult, "x"> | null = null;

  /** Configure the model; call `fit` next. */
  constructor(opts: LogisticOptions = {}) {
    const fn = "LogisticRegression";
    this.C = requireNumber(fn, "C", opts.C ?? 1, { positive: true });
    this.standardize = opts.standardize ?? true;
    this.maxIter = requireNumber(fn, "maxIter", opts.maxIter ?? 500, { integer: true, min: 1 });
    this.tol = requireNumber(fn, "tol", opts.tol ?? 1e-5, { positive: true });
  }

  /** Fit on rows X and labels y (any two or more labels; columns follow sorted labels). */
  fit(X: FeaturesInput, y: LabelsInput): this {
    const fn = "LogisticRegression.fit";
    const labels = readLabels(fn, "y", y);
    const classes = uniqueLabels(labels);
    require(classes.length >= 2, fn, "y", "at least two classes", `only ${classes.join(", ")}`);
    const raw = toTensor(fn, X);
    const [n, d] = raw.shape;
    if (n !== labels.length) {
      raw.dispose();
      throw new CourseInputError(fn, "y", `${n} labels (one per row of X)`, `${labels.length}`);
    }
    const index = new Map(classes.map((c, i) => [c, i]));
    const k = classes.length === 2 ? 1 : classes.length;
    const { mean, std } = tf.tidy(() => {
      if (!this.standardize) return { mean: new Float32Array(d), std: new Float32Array(d).fill(1) };
      const m = tf.moments(raw, 0);
      const s = tf.sqrt(m.variance).dataSync() as Float32Array;
      return {
        mean: m.mean.dataSync() as Float32Array,
        std: Float32Array.from(s, (v) => (v > 1e-12 ? v : 1)),
      };
    });
    const Xs = tf.tidy(() => tf.div(tf.sub(raw, tf.tensor1d(mean)), tf.tensor1d(std)));
    raw.dispose();
    const yIdx = Int32Array.from(labels, (l) => index.get(l)!);
    const Y = k === 1
      ? tf.tensor2d(Float32Array.from(yIdx), [n, 1])
      : tf.tidy(() => tf.oneHot(tf.tensor1d(yIdx, "int32"), k).toFloat());
    const lam = 1 / (this.C * n); // penalty on the mean loss: ½ λ ‖W‖²
    const fg = (x: Float64Array) => {
      const [value, gw] = tf.tidy(() => {
        const W = tf.tensor2d(Float32Array.from(x.subarray(0, d * k)), [d, k]);
        const b = tf.tensor1d(Float32Array.from(x.subarray(d * k)));
        const Z = tf.add(tf.matMul(Xs, W), b);
        let loss: tf.Tensor;
        let G: tf.Tensor;
        if (k === 1) {
          loss = tf.mean(tf.sub(tf.softplus(Z), tf.mul(Y, Z)));
          G = tf.sub(tf.sigmoid(Z), Y);
        } else {
          const lse = tf.logSumExp(Z, 1, true);
          loss = tf.mean(tf.sub(tf.squeeze(lse, [1]), tf.sum(tf.mul(Y, Z), 1)));
          G = tf.sub(tf.exp(tf.sub(Z, lse)), Y);
        }
        const gW = tf.div(tf.matMul(Xs, G, true, false), n);
        const gb = tf.mean(G, 0);
        return [loss.dataSync()[0], tf.concat([gW.reshape([-1]), gb]).dataSync()];
      }) as unknown as [number, Float32Array];
      let pen = 0;
      const grad = Float64Array.from(gw);
      for (let i = 0; i < d * k; i++) {
        pen += x[i] * x[i];
        grad[i] += lam * x[i];
      }
      return { value: value + 0.5 * lam * pen, grad };
    };
    let res: LbfgsResult;
    try {
      res = minimizeLbfgs(fg, new Float64Array(d * k + k), {
        maxIter: this.maxIter,
        gradTol: this.tol,
        fTol: 1e-10, // the loss is summed in float32: smaller changes are rounding noise
      });
    } finally {
      tf.dispose([Xs, Y]);
    }
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
    const raw = toTensor(fn, X, d);
    const P = tf.tidy(() => {
      const Xs = tf.div(tf.sub(raw, tf.tensor1d(this.mean)), tf.tensor1d(this.std));
      const W = tf.transpose(tf.tensor2d(this.coef));
      const Z = tf.add(tf.matMul(Xs, W), tf.tensor1d(this.intercept));
      if (this.coef.length === 1) {
        const p1 = tf.sigmoid(Z);
        return tf.concat([tf.sub(1, p1), p1], 1);
      }
      return tf.softmax(Z);
    });
    raw.dispose();
    const out = P.arraySync() as number[][];
    P.dispose();
    return out;
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
    const truth = readLabels("LogisticRegression.score", "y", y);
    const pred = this.predict(X);
    require(
      pred.length === truth.length,
      "LogisticRegression.score",
      "y",
      `${pred.length} labels`,
      `${truth.length}`,
    );
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
