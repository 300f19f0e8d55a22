/**
 * Exercise 03: one LSTM cell step from its equations, Keras-style padding/truncation, and a
 * vocabulary built from the training split only. Replace each `throw` with your code, then
 * run `deno task grade 03`.
 */

/** LSTM weights in Keras layout (gate order i, f, c, o): kernel [F][4U], recurrent [U][4U]. */
export interface CellWeights {
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
}

/**
 * One LSTM step: z = x W + h U + b split into i, f, g, o (U each);
 * i, f, o = sigmoid, g = tanh; c' = f * c + i * g; h' = o * tanh(c'). Returns {h, c}.
 */
export function lstmCellStep(
  x: number[],
  h: number[],
  c: number[],
  w: CellWeights,
): { h: number[]; c: number[] } {
  void x, h, c, w;
  throw new Error("TODO: lstmCellStep — z = xW + hU + b, gates i f g o, then c' and h'");
}

/**
 * Pad or cut every sequence to `maxLen` with `value` (0): padding "pre" puts the zeros in
 * front, "post" behind; truncating "pre" drops the beginning (keeps the end), "post" the end.
 */
export function padOrTruncate(
  seqs: number[][],
  maxLen: number,
  padding: "pre" | "post" = "pre",
  truncating: "pre" | "post" = "pre",
  value = 0,
): number[][] {
  void seqs, maxLen, padding, truncating, value;
  throw new Error(
    "TODO: padOrTruncate — cut to maxLen at the truncating end, pad at the padding end",
  );
}

/**
 * Build a word -> id map from the TRAINING texts only (`trainIdx` picks them): lower-case,
 * split on whitespace, keep words seen >= minFreq times; ids 0, 1, 2 are <PAD>, <START>,
 * <UNK>; then words by decreasing count, ties alphabetical, from id 3.
 */
export function buildTrainVocab(
  texts: string[],
  trainIdx: number[],
  minFreq = 1,
): Map<string, number> {
  void texts, trainIdx, minFreq;
  throw new Error(
    "TODO: buildTrainVocab — count words of the training texts only, reserve ids 0-2",
  );
}
