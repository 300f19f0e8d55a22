/**
 * ROC curve and ROC AUC with scikit-learn's conventions: scores sorted descending, one point
 * per distinct threshold (tied scores move the curve diagonally, so ties earn half credit),
 * collinear points dropped by default, and one-vs-rest macro/weighted AUC for k classes.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import {
  type ClassLabel,
  type LabelsInput,
  type NumbersInput,
  readLabels,
  readMatrix,
  readNumbers,
  requireSameLength,
  uniqueLabels,
} from "./inputs.ts";

/** Points of a ROC curve; thresholds[0] is +Infinity (the empty prediction). */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/** Options of `rocCurve`. */
export interface RocOptions {
  /** The positive class (default 1 when labels are {0, 1} or {-1, 1}). */
  posLabel?: ClassLabel;
  /** Drop points on straight segments (sklearn's default, true). */
  dropIntermediate?: boolean;
}

function binaryTargets(fn: string, yTrue: LabelsInput, posLabel?: ClassLabel): Uint8Array {
  const t = readLabels(fn, "yTrue", yTrue);
  const classes = uniqueLabels(t);
  let pos = posLabel;
  if (pos === undefined) {
    const numeric01 = classes.every((c) => c === 0 || c === 1 || c === -1);
    require(
      numeric01,
      fn,
      "posLabel",
      "a positive class when labels are not {0, 1} or {-1, 1}",
      `labels ${classes.join(", ")}`,
    );
    pos = 1;
  }
  const y = Uint8Array.from(t, (v) => (v === pos ? 1 : 0));
  const nPos = y.reduce((s, v) => s + v, 0);
  require(
    nPos > 0 && nPos < y.length && classes.length <= 2,
    fn,
    "yTrue",
    "two classes, both present",
    `classes ${classes.join(", ")} (${nPos} positive of ${y.length})`,
  );
  return y;
}

/** Cumulative (fps, tps, thresholds) at each distinct score, from the highest down. */
function curveCounts(y: Uint8Array, s: Float64Array): [number[], number[], number[]] {
  // stable descending order: sort ascending stably and reverse, as sklearn does
  const idx = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s[a] - s[b] || a - b)
    .reverse();
  const fps: number[] = [];
  const tps: number[] = [];
  const thr: number[] = [];
  let tp = 0;
  for (let i = 0; i < idx.length; i++) {
    tp += y[idx[i]];
    if (i === idx.length - 1 || s[idx[i + 1]] !== s[idx[i]]) {
      tps.push(tp);
      fps.push(i + 1 - tp);
      thr.push(s[idx[i]]);
    }
  }
  return [fps, tps, thr];
}

/** ROC curve of binary labels against scores (sklearn's roc_curve). */
export function rocCurve(
  yTrue: LabelsInput,
  scores: NumbersInput,
  opts: RocOptions = {},
): RocCurve {
  const y = binaryTargets("rocCurve", yTrue, opts.posLabel);
  const s = readNumbers("rocCurve", "scores", scores);
  requireSameLength("rocCurve", "scores", y.length, s.length);
  let [fps, tps, thr] = curveCounts(y, s);
  if ((opts.dropIntermediate ?? true) && fps.length > 2) {
    const keep = fps.map((_, i) =>
      i === 0 || i === fps.length - 1 ||
      fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0 || tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0
    );
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thr = thr.filter((_, i) => keep[i]);
  }
  const nNeg = fps[fps.length - 1];
  const nPos = tps[tps.length - 1];
  return {
    fpr: [0, ...fps.map((v) => v / nNeg)],
    tpr: [0, ...tps.map((v) => v / nPos)],
    thresholds: [Infinity, ...thr],
  };
}

function binaryAuc(y: Uint8Array, s: Float64Array): number {
  const [fps, tps] = curveCounts(y, s);
  const nNeg = fps[fps.length - 1];
  const nPos = tps[tps.length - 1];
  let area = 0;
  let px = 0, py = 0;
  for (let i = 0; i < fps.length; i++) {
    const x = fps[i] / nNeg, yv = tps[i] / nPos;
    area += (x - px) * (yv + py) / 2;
    px = x;
    py = yv;
  }
  return area;
}

/**
 * Area under the ROC curve (sklearn's roc_auc_score). Binary: `scores` is one score per row.
 * Multiclass: `scores` is an [n, k] probability matrix, `yTrue` class ids 0..k-1, and the
 * result is the one-vs-rest AUC averaged by `average` ("macro" default, or "weighted").
 */
export function rocAucScore(
  yTrue: LabelsInput,
  scores: NumbersInput | readonly ArrayLike<number>[],
  opts: { posLabel?: ClassLabel; average?: "macro" | "weighted" } = {},
): number {
  const fn = "rocAucScore";
  const isMatrix = !(scores instanceof tf.Tensor) &&
    (scores as ArrayLike<unknown>).length > 0 &&
    typeof (scores as ArrayLike<unknown>)[0] === "object";
  if (!isMatrix) {
    const y = binaryTargets(fn, yTrue, opts.posLabel);
    const s = readNumbers(fn, "scores", scores as NumbersInput);
    requireSameLength(fn, "scores", y.length, s.length);
    return binaryAuc(y, s);
  }
  const rows = readMatrix(fn, "scores", scores as readonly ArrayLike<number>[]);
  const t = readLabels(fn, "yTrue", yTrue);
  requireSameLength(fn, "scores", t.length, rows.length);
  const k = rows[0].length;
  const present = uniqueLabels(t);
  require(
    present.length === k && present.every((c, i) => c === i),
    fn,
    "yTrue",
    `class ids 0..${k - 1}, each present (one per score column)`,
    `classes ${present.join(", ")}`,
  );
  const average = opts.average ?? "macro";
  require(
    average === "macro" || average === "weighted",
    fn,
    "average",
    '"macro" or "weighted"',
    average,
  );
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const y = Uint8Array.from(t, (v) => (v === j ? 1 : 0));
    const s = Float64Array.from(rows, (r) => r[j]);
    const w = average === "macro" ? 1 / k : y.reduce((a, b) => a + b, 0) / y.length;
    sum += w * binaryAuc(y, s);
  }
  return sum;
}
