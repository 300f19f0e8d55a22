/** Softmax, masked mean pooling, L2 normalisation and cosine helpers against hand values. */
import assert from "node:assert/strict";
import {
  cosineMatrix,
  cosineSimilarity,
  l2Normalize,
  meanPool,
  mostSimilar,
  softmaxRows,
} from "../../../lib/nlp/pooling.ts";

const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("softmaxRows: exp(x)/sum exp(x), stable for large logits", () => {
  const [p] = softmaxRows([[0, Math.log(2), Math.log(3)]]);
  [1 / 6, 2 / 6, 3 / 6].forEach((v, i) => close(p[i], v));
  const [q] = softmaxRows([[1000, 1000]]);
  close(q[0], 0.5);
  assert.throws(() => softmaxRows([[NaN]]), /softmaxRows: argument 'logits\[0\]'/);
});

Deno.test("meanPool averages only unmasked tokens (bigint masks too); empty rows stay zero", () => {
  // batch 2, seq 3, dim 2
  const tokens = [1, 2, 3, 4, 100, 100, /* row 2 */ 5, 6, 7, 8, 9, 10];
  const out = meanPool(tokens, [1n, 1n, 0n, 0n, 0n, 0n], [2, 3, 2]);
  assert.deepEqual([...out[0]], [2, 3]);
  assert.deepEqual([...out[1]], [0, 0]);
  assert.throws(() => meanPool(tokens, [1, 1], [2, 3, 2]), /meanPool: argument 'mask'/);
});

Deno.test("l2Normalize, cosine similarity, cosine matrix and nearest neighbours", () => {
  const v = l2Normalize([3, 4]);
  close(v[0], 0.6);
  close(v[1], 0.8);
  close(cosineSimilarity([1, 0], [1, 1]), Math.SQRT1_2);
  close(cosineSimilarity([1, 2], [-2, -4]), -1);
  assert.equal(cosineSimilarity([0, 0], [1, 1]), 0);
  const m = cosineMatrix([[1, 0], [0, 1]]);
  assert.deepEqual(m, [[1, 0], [0, 1]]);
  const top = mostSimilar([1, 0], [[0, 1], [1, 0.1], [-1, 0]], 2);
  assert.deepEqual(top.map((t) => t.index), [1, 0]);
  assert.throws(() => cosineSimilarity([1], [1, 2]), /cosineSimilarity: argument 'b'/);
});
