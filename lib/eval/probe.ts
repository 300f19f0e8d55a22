/**
 * Linear probe: judge frozen embeddings by what a linear classifier can read from them. Fits
 * the course's L2 logistic regression (lib/models/logistic.ts) on the training embeddings and
 * scores the held-out ones: accuracy always, ROC AUC with a seeded bootstrap interval for a
 * binary target. The encoder is never touched (its embeddings are inputs).
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { type FeaturesInput, LogisticRegression } from "../models/logistic.ts";
import { type BootstrapInterval, type BootstrapOptions, rocAucCi } from "./bootstrap.ts";

/** Options of `linearProbe`. */
export interface ProbeOptions {
  /** Inverse L2 strength (sklearn's C, default 1). */
  C?: number;
  /** Standardise the embeddings with training statistics (default true). */
  standardize?: boolean;
  /** Bootstrap settings of the AUC interval, or false for none (default 1000 resamples). */
  ci?: BootstrapOptions | false;
}

/** A probe's held-out scores and the fitted classifier. */
export interface ProbeResult {
  model: LogisticRegression;
  /** Probability of the positive class (binary) per test row, else null. */
  scores: number[] | null;
  accuracy: number;
  /** ROC AUC (binary targets), else null. */
  auc: number | null;
  aucCi: BootstrapInterval | null;
}

function rows(fn: string, arg: string, x: FeaturesInput): FeaturesInput {
  require(
    !(x instanceof tf.Tensor),
    fn,
    arg,
    "rows of numbers (read a tensor with `await x.array()` first)",
    x,
  );
  require(Array.isArray(x) && x.length > 0, fn, arg, "a non-empty array of rows", x);
  return x;
}

/** Fit a logistic-regression probe on (trainX, yTrain) and score it on (testX, yTest). */
export function linearProbe(
  trainX: FeaturesInput,
  yTrain: readonly (number | string)[],
  testX: FeaturesInput,
  yTest: readonly (number | string)[],
  options: ProbeOptions = {},
): ProbeResult {
  const fn = "linearProbe";
  const a = rows(fn, "trainX", trainX);
  const b = rows(fn, "testX", testX);
  const nTrain = a.length;
  const nTest = b.length;
  require(
    Array.isArray(yTrain) && yTrain.length === nTrain,
    fn,
    "yTrain",
    `${nTrain} labels`,
    yTrain,
  );
  require(Array.isArray(yTest) && yTest.length === nTest, fn, "yTest", `${nTest} labels`, yTest);
  const model = new LogisticRegression({
    C: options.C ?? 1,
    standardize: options.standardize ?? true,
  })
    .fit(a, yTrain as (number | string)[]);
  const known = new Set<number | string>(model.classes);
  const unseen = yTest.findIndex((v) => !known.has(v));
  require(
    unseen < 0,
    fn,
    "yTest",
    `labels seen in yTrain (${model.classes.map((c) => JSON.stringify(c)).join(", ")})`,
    `${JSON.stringify(yTest[unseen])} at index ${unseen} (same type? 1 and "1" differ)`,
  );
  const proba = model.predictProba(b);
  const pred = proba.map((p) => model.classes[p.indexOf(Math.max(...p))]);
  const accuracy = pred.filter((p, i) => p === yTest[i]).length / nTest;
  if (model.classes.length !== 2) return { model, scores: null, accuracy, auc: null, aucCi: null };
  const pos = model.classes[1];
  const scores = proba.map((p) => p[1]);
  const y01 = yTest.map((v) => (v === pos ? 1 : 0));
  const both = y01.some((v) => v === 1) && y01.some((v) => v === 0);
  require(
    both,
    fn,
    "yTest",
    `both classes (${JSON.stringify(model.classes[0])} and ${JSON.stringify(pos)}) for the AUC`,
    `only ${JSON.stringify(yTest[0])} in all ${nTest} labels`,
  );
  const aucCi = rocAucCi(y01, scores, options.ci === false ? { nBoot: 10 } : options.ci ?? {});
  return {
    model,
    scores,
    accuracy,
    auc: aucCi.estimate,
    aucCi: options.ci === false ? null : aucCi,
  };
}
