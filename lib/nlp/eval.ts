/**
 * Scoring a text classifier by label names: accuracy, macro-averaged F1 and the confusion
 * matrix, all from the library's one implementation (lib/eval/metrics.ts); the majority-class
 * baseline is `majorityClassAccuracy` (lib/eval/baselines.ts), fit on training labels only.
 */
import { require } from "../errors.ts";
import { confusionMatrix, precisionRecallF1 } from "../eval/metrics.ts";

/** Accuracy, macro F1, per-label F1 and confusion counts (rows: truth, columns: prediction). */
export interface LabelScores {
  accuracy: number;
  macroF1: number;
  f1: Record<string, number>;
  confusion: number[][];
  labels: string[];
  n: number;
}

/** Score predicted labels against true labels over the label set `labels`. */
export function labelScores(
  truth: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): LabelScores {
  require(truth.length > 0, "labelScores", "truth", "a non-empty array of labels", truth);
  require(
    predicted.length === truth.length,
    "labelScores",
    "predicted",
    `${truth.length} labels`,
    `${predicted.length}`,
  );
  const known = new Set(labels);
  truth.forEach((t, i) =>
    require(known.has(t), "labelScores", `truth[${i}]`, `one of ${labels.join(", ")}`, t)
  );
  predicted.forEach((p, i) =>
    require(known.has(p), "labelScores", `predicted[${i}]`, `one of ${labels.join(", ")}`, p)
  );
  const scores = precisionRecallF1(truth, predicted, labels);
  return {
    accuracy: scores.accuracy,
    macroF1: scores.macro.f1,
    f1: Object.fromEntries(labels.map((l, j) => [l, scores.f1[j]])),
    confusion: confusionMatrix(truth, predicted, labels).matrix,
    labels: [...labels],
    n: truth.length,
  };
}

/** The label with the highest probability in each row. */
export function argmaxLabels(
  probs: readonly ArrayLike<number>[],
  labels: readonly string[],
): string[] {
  return probs.map((row, r) => {
    require(
      row.length === labels.length,
      "argmaxLabels",
      `probs[${r}]`,
      `${labels.length} values`,
      `${row.length}`,
    );
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    return labels[best];
  });
}
