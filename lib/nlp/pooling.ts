/**
 * The small numeric steps around a transformer: softmax over logits, mean pooling of token
 * vectors over the attention mask, L2 normalisation and cosine similarity (as
 * sentence-transformers does for all-MiniLM-L6-v2), in plain JS on Float32Arrays.
 */
import { require, requireFinite } from "../errors.ts";

/** Row-wise softmax of logits (numerically stable: the row max is subtracted first). */
export function softmaxRows(logits: readonly ArrayLike<number>[]): Float32Array[] {
  return logits.map((row, r) => {
    requireFinite("softmaxRows", `logits[${r}]`, row);
    let m = -Infinity;
    for (let i = 0; i < row.length; i++) m = Math.max(m, row[i]);
    const out = new Float32Array(row.length);
    let s = 0;
    for (let i = 0; i < row.length; i++) s += out[i] = Math.exp(row[i] - m);
    for (let i = 0; i < row.length; i++) out[i] /= s;
    return out;
  });
}

/**
 * Mean of token vectors where the mask is 1: `tokens` is [batch, seq, dim] flattened
 * row-major, `mask` is [batch, seq] (numbers or bigints). A row with no tokens gives zeros.
 */
export function meanPool(
  tokens: ArrayLike<number>,
  mask: ArrayLike<number | bigint>,
  dims: readonly [number, number, number],
): Float32Array[] {
  const [batch, seq, dim] = dims;
  require(
    tokens.length === batch * seq * dim,
    "meanPool",
    "tokens",
    `${batch}*${seq}*${dim} = ${batch * seq * dim} values`,
    `${tokens.length}`,
  );
  require(
    mask.length === batch * seq,
    "meanPool",
    "mask",
    `${batch}*${seq} = ${batch * seq} values`,
    `${mask.length}`,
  );
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    let n = 0;
    for (let t = 0; t < seq; t++) {
      const m = Number(mask[b * seq + t]);
      if (m === 0) continue;
      n += m;
      const base = (b * seq + t) * dim;
      for (let d = 0; d < dim; d++) v[d] += m * tokens[base + d];
    }
    if (n > 0) { for (let d = 0; d < dim; d++) v[d] /= n; }
    out.push(v);
  }
  return out;
}

/** Scale a vector to unit L2 norm (a zero vector stays zero). */
export function l2Normalize(v: ArrayLike<number>): Float32Array {
  requireFinite("l2Normalize", "v", v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = n > 0 ? v[i] / n : 0;
  return out;
}

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  require(
    a.length === b.length && a.length > 0,
    "cosineSimilarity",
    "b",
    `a vector of length ${a.length}`,
    `length ${b.length}`,
  );
  requireFinite("cosineSimilarity", "a", a);
  requireFinite("cosineSimilarity", "b", b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** All pairwise cosine similarities: entry [i][j] compares a[i] with b[j]. */
export function cosineMatrix(
  a: readonly ArrayLike<number>[],
  b: readonly ArrayLike<number>[] = a,
): number[][] {
  return a.map((x) => b.map((y) => cosineSimilarity(x, y)));
}

/** Indices of the `k` vectors most similar to `query` (best first) with their cosines. */
export function mostSimilar(
  query: ArrayLike<number>,
  corpus: readonly ArrayLike<number>[],
  k = 5,
): { index: number; cosine: number }[] {
  require(Number.isInteger(k) && k > 0, "mostSimilar", "k", "a positive integer", k);
  requireFinite("mostSimilar", "query", query);
  require(Array.isArray(corpus), "mostSimilar", "corpus", "an array of vectors", corpus);
  corpus.forEach((v, i) => requireFinite("mostSimilar", `corpus[${i}]`, v));
  return corpus.map((v, index) => ({ index, cosine: cosineSimilarity(query, v) }))
    .sort((p, q) => q.cosine - p.cosine).slice(0, k);
}
