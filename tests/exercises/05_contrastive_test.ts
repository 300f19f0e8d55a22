/** Grader tests for exercise 05 (contrastive): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();
const pairs: typeof import("../../solutions/05_contrastive/pairs.ts") = await exerciseModule(
  "05_contrastive",
  "pairs.ts",
);
const loss: typeof import("../../solutions/05_contrastive/contrastive_loss.ts") =
  await exerciseModule("05_contrastive", "contrastive_loss.ts");
const sim: typeof import("../../solutions/05_contrastive/similarity.ts") = await exerciseModule(
  "05_contrastive",
  "similarity.ts",
);

function near(got: number, want: number, what: string, tol = 1e-5) {
  assert.ok(Math.abs(got - want) < tol, `${what}: got ${got}, expected ${want}`);
}

const LABELS = [0, 0, 1, 1, 2, 2, 2, 3]; // item 7 is alone in group 3: never in a positive

Deno.test("makeQuintilePairs: exact positive count, same/different groups, i ≠ j", () => {
  const p = pairs.makeQuintilePairs(LABELS, { nPairs: 200, positiveRatio: 0.3, seed: 1 });
  assert.equal(p.left.length, 200);
  assert.equal(p.right.length, 200);
  assert.equal(p.label.filter((y) => y === 1).length, 60, "round(200 × 0.3) positives");
  p.label.forEach((y, k) => {
    const i = p.left[k], j = p.right[k];
    assert.ok(i !== j && i >= 0 && j >= 0 && i < 8 && j < 8, `pair ${k}: (${i}, ${j})`);
    assert.equal(LABELS[i] === LABELS[j], y === 1, `pair ${k}: label ${y} for (${i}, ${j})`);
    if (y === 1) assert.ok(i !== 7 && j !== 7, "a singleton cannot be in a positive pair");
  });
  const firstSixty = p.label.slice(0, 60).every((y) => y === 1);
  assert.ok(!firstSixty, "the pairs are shuffled, not positives first");
});

Deno.test("makeQuintilePairs: the seed makes it repeatable", () => {
  const a = pairs.makeQuintilePairs(LABELS, { nPairs: 50, positiveRatio: 0.5, seed: 7 });
  const b = pairs.makeQuintilePairs(LABELS, { nPairs: 50, positiveRatio: 0.5, seed: 7 });
  const c = pairs.makeQuintilePairs(LABELS, { nPairs: 50, positiveRatio: 0.5, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("makeQuintilePairs: anchors are uniform over items, not over groups", () => {
  // Groups of 2 and 4 items: uniform items give each item 1/6 of the anchors (group-uniform
  // sampling would give the two items of group 0 a quarter each).
  const p = pairs.makeQuintilePairs([0, 0, 1, 1, 1, 1], {
    nPairs: 6000,
    positiveRatio: 1,
    seed: 3,
  });
  const counts = [0, 0, 0, 0, 0, 0];
  p.left.forEach((i) => counts[i]++);
  counts.forEach((c, i) => assert.ok(Math.abs(c - 1000) < 150, `item ${i}: ${c} of 6000`));
  assert.ok(p.label.every((y) => y === 1));
});

Deno.test("makeQuintilePairs: ratio 0 gives only negatives", () => {
  const p = pairs.makeQuintilePairs(LABELS, { nPairs: 40, positiveRatio: 0, seed: 2 });
  assert.ok(p.label.every((y) => y === 0));
  p.left.forEach((i, k) => assert.notEqual(LABELS[i], LABELS[p.right[k]]));
});

Deno.test("makeQuintilePairs: rejects impossible requests, naming the argument", () => {
  const make = pairs.makeQuintilePairs;
  assert.throws(() => make(LABELS, { nPairs: 10, positiveRatio: 1.5 }), /positiveRatio/);
  assert.throws(() => make(LABELS, { nPairs: 0 }), /nPairs/);
  assert.throws(() => make([1, 1, 1], { nPairs: 4, positiveRatio: 0.5 }), /labels/);
  assert.throws(() => make([0, 1, 2], { nPairs: 4, positiveRatio: 0.5 }), /labels/);
});

Deno.test("contrastiveLoss: hand-computed value (margin 0.5 and 0), scale-invariant", () => {
  const before = tf.memory().numTensors;
  // cos = 1 (positive: 0), cos = 0 (positive: 1), cos = 1/√2 (negative: (0.7071 - m)²)
  const a = tf.tensor2d([[1, 0], [1, 0], [2, 0]]);
  const b = tf.tensor2d([[1, 0], [0, 1], [3, 3]]);
  const l1 = loss.contrastiveLoss(a, b, [1, 1, 0], 0.5);
  near(l1.dataSync()[0], (0 + 1 + (Math.SQRT1_2 - 0.5) ** 2) / 3, "margin 0.5");
  const l2 = loss.contrastiveLoss(a, b, [1, 1, 0], 0);
  near(l2.dataSync()[0], (0 + 1 + 0.5) / 3, "margin 0");
  const l3 = loss.contrastiveLoss(a, b, [0, 0, 0], 0.5);
  near(l3.dataSync()[0], (0.25 + 0 + (Math.SQRT1_2 - 0.5) ** 2) / 3, "all negatives");
  tf.dispose([a, b, l1, l2, l3]);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
});

Deno.test("contrastiveLoss: gradients flow through tfjs ops (hand-derived)", () => {
  const before = tf.memory().numTensors;
  const b = tf.tensor2d([[0, 1]]);
  // positive pair, cos = 0: dL/da = -2(1 - cos) · (b/|a||b| - cos a/|a|²) = [0, -2]
  const gPos = tf.grad((a: tf.Tensor) => loss.contrastiveLoss(a as tf.Tensor2D, b, [1]));
  const a = tf.tensor2d([[1, 0]]);
  const g1 = gPos(a);
  // negative pair a=[1,0], b=[1,1], cos = 1/√2: dL/da = 2(cos - 0.5) · [0, 1/√2]
  const b2 = tf.tensor2d([[1, 1]]);
  const gNeg = tf.grad((x: tf.Tensor) => loss.contrastiveLoss(x as tf.Tensor2D, b2, [0], 0.5));
  const g2 = gNeg(a);
  const [p0, p1] = g1.dataSync(), [n0, n1] = g2.dataSync();
  near(p0, 0, "positive dL/da[0]", 1e-4);
  near(p1, -2, "positive dL/da[1]", 1e-4);
  near(n0, 0, "negative dL/da[0]", 1e-4);
  near(n1, 2 * (Math.SQRT1_2 - 0.5) * Math.SQRT1_2, "negative dL/da[1]", 1e-4);
  tf.dispose([a, b, b2, g1, g2]);
  assert.equal(tf.memory().numTensors, before, "no tensor leaks");
});

Deno.test("contrastiveLoss: rejects bad shapes, labels and margins", () => {
  const a = tf.tensor2d([[1, 0], [0, 1]]);
  const b = tf.tensor2d([[1, 0, 0], [0, 1, 0]]);
  assert.throws(() => loss.contrastiveLoss(a, b, [1, 0]), /\bb\b/);
  assert.throws(() => loss.contrastiveLoss(a, a, [1, 2]), /labels/);
  assert.throws(() => loss.contrastiveLoss(a, a, [1]), /labels/);
  assert.throws(() => loss.contrastiveLoss(a, a, [1, 0], 1), /margin/);
  tf.dispose([a, b]);
});

Deno.test("avgSimilarityByGroup: hand-computed within, across and gap", () => {
  // within: cos(v0, v1) = 1, cos(v2, v3) = 1/√2; across: 0, 1/√2, 0, 1/√2
  const r = sim.avgSimilarityByGroup([[1, 0], [1, 0], [0, 1], [1, 1]], [0, 0, 1, 1]);
  near(r.within, (1 + Math.SQRT1_2) / 2, "within");
  near(r.across, Math.SQRT1_2 / 2, "across");
  near(r.gap, 0.5, "gap");
  // cosine ignores length; three groups, one a singleton (it only counts across)
  const s = sim.avgSimilarityByGroup(
    [[3, 0], [0.5, 0], [0, 2], [2, 2], [0, -1]],
    [0, 0, 1, 1, 2],
  );
  const across = [0, Math.SQRT1_2, 0, 0, Math.SQRT1_2, 0, -1, -Math.SQRT1_2];
  near(s.within, (1 + Math.SQRT1_2) / 2, "within (3 groups)");
  near(s.across, across.reduce((x, y) => x + y, 0) / 8, "across (3 groups)");
});

Deno.test("avgSimilarityByGroup: rejects inputs where a mean has no pair", () => {
  const v = [[1, 0], [0, 1], [1, 1]];
  assert.throws(() => sim.avgSimilarityByGroup(v, [0, 0]), /groups/);
  assert.throws(() => sim.avgSimilarityByGroup(v, [0, 0, 0]), /groups/);
  assert.throws(() => sim.avgSimilarityByGroup(v, [0, 1, 2]), /groups/);
  assert.throws(() => sim.avgSimilarityByGroup([[1, 0], [0, 0], [1, 1]], [0, 0, 1]), /vectors/);
  assert.throws(() => sim.avgSimilarityByGroup([[1, 0], [NaN, 1], [1, 1]], [0, 0, 1]), /vectors/);
});
