/**
 * Classification metrics with scikit-learn's definitions: accuracy, the confusion matrix,
 * precision/recall/F1 per class with macro, weighted and micro averages (a class with no
 * predictions or no support scores 0, as sklearn's `zero_division=0`), and log-loss.
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

export type { ClassLabel, LabelsInput, NumbersInput } from "./inputs.ts";

/** Precision, recall and F1 of one averaging scheme. */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

/** Per-class scores (in `labels` order) with their averages and the overall accuracy. */
export interface ClassScores {
  labels: ClassLabel[];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: AveragedScores;
  weighted: AveragedScores;
  micro: AveragedScores;
  accuracy: number;
  /** True when micro averages equal accuracy (every observed label is in `labels`). */
  microIsAccuracy: boolean;
}

function readPair(
  fn: string,
  yTrue: LabelsInput,
  yPred: LabelsInput,
): [ClassLabel[], ClassLabel[]] {
  const t = readLabels(fn, "yTrue", yTrue);
  const p = readLabels(fn, "yPred", yPred);
  requireSameLength(fn, "yPred", t.length, p.length);
  return [t, p];
}

/** Fraction of predictions equal to the truth (sklearn's accuracy_score). */
export function accuracyScore(yTrue: LabelsInput, yPred: LabelsInput): number {
  const [t, p] = readPair("accuracyScore", yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
  return hit / t.length;
}

function checkLabels(fn: string, labels: readonly ClassLabel[] | undefined): ClassLabel[] | null {
  if (labels === undefined) return null;
  require(labels.length > 0, fn, "labels", "a non-empty list of labels", labels);
  require(
    new Set(labels).size === labels.length,
    fn,
    "labels",
    "distinct labels",
    labels.join(", "),
  );
  return [...labels];
}

/**
 * Confusion matrix C[i][j] = count of truth labels[i] predicted as labels[j] (sklearn's
 * confusion_matrix); `labels` defaults to the sorted distinct labels of both inputs.
 */
export function confusionMatrix(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  labels?: readonly ClassLabel[],
): { labels: ClassLabel[]; matrix: number[][] } {
  const [t, p] = readPair("confusionMatrix", yTrue, yPred);
  const order = checkLabels("confusionMatrix", labels) ?? uniqueLabels(t, p);
  const index = new Map(order.map((l, i) => [l, i]));
  const matrix = order.map(() => new Array<number>(order.length).fill(0));
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]);
    const b = index.get(p[i]);
    if (a !== undefined && b !== undefined) matrix[a][b]++;
  }
  return { labels: order, matrix };
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Precision, recall, F1 and support per class plus macro, weighted and micro averages
 * (sklearn's precision_recall_fscore_support with zero_division=0).
 */
export function precisionRecallF1(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  labels?: readonly ClassLabel[],
): ClassScores {
  const [t, p] = readPair("precisionRecallF1", yTrue, yPred);
  const order = checkLabels("precisionRecallF1", labels) ?? uniqueLabels(t, p);
  const index = new Map(order.map((l, i) => [l, i]));
  const k = order.length;
  const tp = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  const support = new Array<number>(k).fill(0);
  let hit = 0;
  for (let i = 0; i < t.length; i++) {
    const a = index.get(t[i]);
    const b = index.get(p[i]);
    if (a !== undefined) support[a]++;
    if (b !== undefined) predicted[b]++;
    if (a !== undefined && a === b) tp[a]++;
    if (t[i] === p[i]) hit++;
  }
  const precision = tp.map((v, j) => ratio(v, predicted[j]));
  const recall = tp.map((v, j) => ratio(v, support[j]));
  const f1 = precision.map((v, j) => f1Of(v, recall[j]));
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const total = support.reduce((s, v) => s + v, 0);
  const wmean = (xs: number[]) => ratio(xs.reduce((s, v, j) => s + v * support[j], 0), total);
  const sumTp = tp.reduce((s, v) => s + v, 0);
  const microP = ratio(sumTp, predicted.reduce((s, v) => s + v, 0));
  const microR = ratio(sumTp, total);
  const present = uniqueLabels(t, p);
  return {
    labels: order,
    precision,
    recall,
    f1,
    support,
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    weighted: { precision: wmean(precision), recall: wmean(recall), f1: wmean(f1) },
    micro: { precision: microP, recall: microR, f1: f1Of(microP, microR) },
    accuracy: hit / t.length,
    microIsAccuracy: present.every((l) => index.has(l)),
  };
}

/**
 * Mean cross-entropy of class probabilities (sklearn's log_loss): `yTrue` holds class ids
 * 0..k-1; `proba` is P(class 1) per row for binary data or an [n, k] matrix. Probabilities
 * are clipped to [eps, 1 - eps] (eps = 2.22e-16) and rows renormalised, as sklearn does.
 */
export function logLoss(
  yTrue: LabelsInput,
  proba: NumbersInput | readonly ArrayLike<number>[],
): number {
  const fn = "logLoss";
  const t = readLabels(fn, "yTrue", yTrue);
  const isMatrix = !(proba instanceof tf.Tensor) &&
    (proba as ArrayLike<unknown>).length > 0 &&
    typeof (proba as ArrayLike<unknown>)[0] === "object";
  const rows = isMatrix
    ? readMatrix(fn, "proba", proba as readonly ArrayLike<number>[])
    : Array.from(readNumbers(fn, "proba", proba as NumbersInput), (q, i) => {
      require(q >= 0 && q <= 1, fn, `proba[${i}]`, "a probability in [0, 1]", q);
      return [1 - q, q];
    });
  requireSameLength(fn, "proba", t.length, rows.length);
  const k = rows[0].length;
  require(k >= 2, fn, "proba", "at least 2 columns", `${k} column(s)`);
  const eps = 2.220446049250313e-16;
  let sum = 0;
  rows.forEach((row, i) => {
    const y = t[i];
    require(
      typeof y === "number" && Number.isInteger(y) && y >= 0 && y < k,
      fn,
      `yTrue[${i}]`,
      `a class id in 0..${k - 1}`,
      y,
    );
    row.forEach((v, j) => {
      require(v >= 0 && v <= 1, fn, `proba[${i}][${j}]`, "a probability in [0, 1]", v);
    });
    const clipped = row.map((v) => Math.min(Math.max(v, eps), 1 - eps));
    const z = clipped.reduce((s, v) => s + v, 0);
    sum -= Math.log(clipped[y] / z);
  });
  return sum / rows.length;
}
