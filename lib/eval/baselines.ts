/**
 * The majority-class baseline every classifier must beat: predict the most frequent label of
 * the training data (ties go to the smallest label, as sklearn's DummyClassifier).
 */
import { require, requireNumber } from "../errors.ts";
import { type ClassLabel, type LabelsInput, readLabels, uniqueLabels } from "./inputs.ts";

/** A fitted majority-class predictor. */
export class MajorityClassifier {
  /** Sorted training classes. */
  classes: ClassLabel[] = [];
  /** Training frequency of each class (in `classes` order). */
  prior: number[] = [];
  /** The predicted label. */
  majority: ClassLabel | null = null;

  /** Learn the class frequencies of the training labels. */
  fit(y: LabelsInput): this {
    const labels = readLabels("MajorityClassifier.fit", "y", y);
    this.classes = uniqueLabels(labels);
    const counts = new Map<ClassLabel, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    this.prior = this.classes.map((c) => counts.get(c)! / labels.length);
    let best = 0;
    this.prior.forEach((p, i) => {
      if (p > this.prior[best]) best = i;
    });
    this.majority = this.classes[best];
    return this;
  }

  /** The majority label, `n` times. */
  predict(n: number): ClassLabel[] {
    requireNumber("MajorityClassifier.predict", "n", n, { integer: true, nonNegative: true });
    const m = this.majority;
    require(
      m !== null,
      "MajorityClassifier.predict",
      "this",
      "a fitted model (call fit first)",
      "an unfitted model",
    );
    return new Array<ClassLabel>(n).fill(m);
  }

  /** The training class frequencies as probabilities, `n` rows. */
  predictProba(n: number): number[][] {
    this.predict(n);
    return Array.from({ length: n }, () => [...this.prior]);
  }

  /** Accuracy of the majority label on `y`. */
  score(y: LabelsInput): number {
    const labels = readLabels("MajorityClassifier.score", "y", y);
    this.predict(0);
    const m = this.majority;
    return labels.filter((l) => l === m).length / labels.length;
  }
}

/** Accuracy on `yTest` of always predicting the most frequent label of `yTrain`. */
export function majorityClassAccuracy(yTrain: LabelsInput, yTest: LabelsInput): number {
  return new MajorityClassifier().fit(yTrain).score(yTest);
}
