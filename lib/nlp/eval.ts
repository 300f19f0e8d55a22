/**
 * Scoring a text classifier: accuracy, macro-averaged F1, the confusion matrix and the
 * majority-class baseline that any useful model must beat.
 */
import { require } from "../errors.ts";

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
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const a = index.get(t);
    const p = index.get(predicted[i]);
    require(a !== undefined, "labelScores", `truth[${i}]`, `one of ${labels.join(", ")}`, t);
    require(
      p !== undefined,
      "labelScores",
      `predicted[${i}]`,
      `one of ${labels.join(", ")}`,
      predicted[i],
    );
    confusion[a][p]++;
    if (a === p) correct++;
  });
  const f1: Record<string, number> = {};
  labels.forEach((l, j) => {
    const tp = confusion[j][j];
    const fp = confusion.reduce((s, row, i) => s + (i === j ? 0 : row[j]), 0);
    const fn = confusion[j].reduce((s, c, i) => s + (i === j ? 0 : c), 0);
    f1[l] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const macroF1 = Object.values(f1).reduce((s, v) => s + v, 0) / k;
  return {
    accuracy: correct / truth.length,
    macroF1,
    f1,
    confusion,
    labels: [...labels],
    n: truth.length,
  };
}

/** Accuracy of always predicting the most frequent label of `train` on `test`. */
export function majorityBaseline(train: readonly string[], test: readonly string[]): number {
  require(train.length > 0 && test.length > 0, "majorityBaseline", "train", "non-empty", train);
  const counts = new Map<string, number>();
  for (const l of train) counts.set(l, (counts.get(l) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  return test.filter((l) => l === top).length / test.length;
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
