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
  const U = h.length;
  const z = [...w.bias];
  x.forEach((xk, k) => w.kernel[k].forEach((wkj, j) => (z[j] += xk * wkj)));
  h.forEach((hk, k) => w.recurrentKernel[k].forEach((ukj, j) => (z[j] += hk * ukj)));
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const cNew = c.map((cu, u) => sig(z[U + u]) * cu + sig(z[u]) * Math.tanh(z[2 * U + u]));
  const hNew = cNew.map((cu, u) => sig(z[3 * U + u]) * Math.tanh(cu));
  return { h: hNew, c: cNew };
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
  return seqs.map((s) => {
    const kept = s.length <= maxLen
      ? s
      : truncating === "pre"
      ? s.slice(s.length - maxLen)
      : s.slice(0, maxLen);
    const pad = new Array(maxLen - kept.length).fill(value);
    return padding === "pre" ? [...pad, ...kept] : [...kept, ...pad];
  });
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
  const counts = new Map<string, number>();
  for (const i of trainIdx) {
    for (const w of texts[i].toLowerCase().split(/\s+/).filter(Boolean)) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const words = [...counts.entries()]
    .filter(([, n]) => n >= minFreq)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([w]) => w);
  return new Map(["<PAD>", "<START>", "<UNK>", ...words].map((w, i) => [w, i]));
}
