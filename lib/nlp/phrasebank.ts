/**
 * Financial PhraseBank (Malo et al. 2014, CC BY-NC-SA 3.0; data/sentiment/) as texts and
 * labels, filtered by annotator agreement, and a seeded stratified train/test split.
 */
import pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";
import { coursePath } from "../config.ts";
import { Rng } from "../random.ts";

/** PhraseBank sentences with their label ("positive" | "negative" | "neutral"). */
export interface LabelledTexts {
  texts: string[];
  labels: string[];
}

/** Load PhraseBank sentences whose agreement subset is at least `minAgreement` (50/66/75/100). */
export function phraseBankTexts(
  minAgreement = 75,
  path: string = coursePath("data", "sentiment", "financial_phrasebank.csv"),
): LabelledTexts {
  require(
    [50, 66, 75, 100].includes(minAgreement),
    "phraseBankTexts",
    "minAgreement",
    "one of 50, 66, 75, 100",
    minAgreement,
  );
  const df = pl.readCSV(path).filter(pl.col("agreement_subset").gtEq(minAgreement));
  return {
    texts: df.getColumn("sentence").toArray() as string[],
    labels: df.getColumn("label").toArray() as string[],
  };
}

/** Row indices of a stratified split: each label keeps its share in train and test. */
export function stratifiedSplitIndices(
  labels: readonly string[],
  testFraction: number,
  seed: number,
): { train: number[]; test: number[] } {
  require(
    Array.isArray(labels) && labels.length >= 2,
    "stratifiedSplitIndices",
    "labels",
    "an array of at least 2 labels",
    labels,
  );
  requireNumber("stratifiedSplitIndices", "testFraction", testFraction, {
    positive: true,
    max: 0.99,
  });
  requireNumber("stratifiedSplitIndices", "seed", seed, { integer: true });
  const rng = new Rng(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => byLabel.set(l, [...(byLabel.get(l) ?? []), i]));
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...byLabel.keys()].sort()) {
    const idx = rng.shuffle([...byLabel.get(key)!]);
    const nTest = Math.round(idx.length * testFraction);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
