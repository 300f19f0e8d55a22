import assert from "node:assert/strict";
import {
  avgSimilarityByGroup,
  knnAccuracy,
  knnReturnIc,
  nearestNeighbors,
  unitRows,
} from "../../../lib/eval/similarity.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("avgSimilarityByGroup: hand-computed within, across and gap", () => {
  // group 0: e1 and (1,1); group 1: e2 and -e1
  const X = [[1, 0], [2, 2], [0, 3], [-1, 0]];
  const r = avgSimilarityByGroup(X, [0, 0, 1, 1]);
  const s = Math.SQRT1_2;
  close(r.within, (s + 0) / 2); // cos(e1,(1,1)) = √½, cos(e2,-e1) = 0
  // across: (e1,e2)=0, (e1,-e1)=-1, ((1,1),e2)=√½, ((1,1),-e1)=-√½
  close(r.across, (0 - 1 + s - s) / 4);
  close(r.gap, r.within - r.across);
  assert.equal(r.withinPairs, 2);
  assert.equal(r.acrossPairs, 4);
});

Deno.test("nearestNeighbors / knnAccuracy: leave-one-out and train → test by hand", () => {
  const X = [[1, 0.1], [1, 0.2], [1, -0.1], [0.1, 1], [0.2, 1], [-0.1, 1]];
  const g = [0, 0, 0, 1, 1, 1];
  assert.deepEqual(nearestNeighbors(X, X, 1, true)[0], [1]); // itself excluded
  assert.deepEqual(nearestNeighbors(X, X, 1)[0], [0]);
  assert.equal(knnAccuracy({ train: { embeddings: X, values: g }, k: 2 }).accuracy, 1);
  // flip row 0's label: with k = 1 rows 0 (nearest: row 1), 1 and 2 (nearest: row 0) all miss
  const g2 = [1, 0, 0, 1, 1, 1];
  const loo = knnAccuracy({ train: { embeddings: X, values: g2 }, k: 1 });
  assert.deepEqual(loo.predictions, [0, 1, 1, 1, 1, 1]);
  close(loo.accuracy, 3 / 6);
  const test = { embeddings: [[1, 0], [0, 1]], values: [0, 0] };
  const tt = knnAccuracy({ train: { embeddings: X, values: g }, test, k: 3 });
  assert.deepEqual(tt.predictions, [0, 1]);
  close(tt.accuracy, 0.5);
});

Deno.test("knnAccuracy: a 1-1 tie goes to the nearer neighbour's group", () => {
  const X = [[1, 0], [1, 0.5], [1, -1]];
  const r = knnAccuracy({ train: { embeddings: X, values: [7, 3, 5] }, k: 2 });
  // row 0's neighbours: row 1 (group 3, nearer), row 2 (group 5)
  assert.equal(r.predictions[0], 3);
});

Deno.test("knnReturnIc: predictions are neighbour means; IC is Spearman; t = ic√((n-2)/(1-ic²))", () => {
  const X = [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9], [-1, 0], [-0.9, -0.1]];
  const ret = [0.01, 0.03, -0.02, 0.0, 0.05, 0.04];
  const r = knnReturnIc({ train: { embeddings: X, values: ret }, k: 1 });
  // each row's nearest is its partner: predictions swap partners
  assert.deepEqual(r.predictions, [0.03, 0.01, 0.0, -0.02, 0.04, 0.05]);
  // ranks of the predictions (-0.02→1, 0→2, 0.01→3, 0.03→4, 0.04→5, 0.05→6) and of the returns
  const rankP = [4, 3, 2, 1, 5, 6];
  const rankY = [3, 4, 1, 2, 6, 5];
  const m = 3.5;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < 6; i++) {
    sxy += (rankP[i] - m) * (rankY[i] - m);
    sxx += (rankP[i] - m) ** 2;
  }
  close(r.ic, sxy / sxx);
  close(r.t, r.ic * Math.sqrt(4 / (1 - r.ic ** 2)));
  assert.equal(r.n, 6);
});

Deno.test("similarity: bad input is rejected with clear messages", () => {
  assert.throws(
    () => avgSimilarityByGroup([[1, 0], [0, 1]], [0]),
    /avgSimilarityByGroup: argument 'groups' expected 2 values \(one per row\)/,
  );
  assert.throws(
    () => avgSimilarityByGroup([[1, 0], [0, 1]], [0, 0]),
    /expected at least one within- and one across-group pair/,
  );
  assert.throws(
    () => avgSimilarityByGroup([[1, 0], [0]], [0, 1]),
    /'embeddings\[1\]' expected a row of length 2/,
  );
  assert.throws(
    () => nearestNeighbors([[1, NaN]], [[1, 0]], 1),
    /'queries\[0\]' expected finite numbers, received NaN at index 1/,
  );
  assert.throws(
    () => knnAccuracy({ train: { embeddings: [[1, 0], [0, 1]], values: [0, 1] }, k: 2 }),
    /nearestNeighbors: argument 'k' expected at most 1/,
  );
  assert.throws(
    () => unitRows([[1, 2], [Infinity, 0]]),
    /unitRows: argument 'X\[1\]' expected finite numbers, received Infinity at index 0/,
  );
  assert.throws(() => unitRows([]), /unitRows: argument 'X' expected a non-empty array of rows/);
});
