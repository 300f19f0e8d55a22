import assert from "node:assert/strict";
import {
  classBalancedBatches,
  mineHardNegatives,
  rowsByGroup,
  sampleHardTriplets,
  samplePairs,
  sampleTriplets,
} from "../../../lib/data/samplers.ts";
import { rng } from "../../../lib/random.ts";

// 5 quintile-like groups of unequal sizes (group 4 has a single row)
const GROUPS = [0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 3, 0, 1, 0, 2, 3, 4, 1, 0, 2];

function countBy<T>(xs: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

Deno.test("rowsByGroup: indices per group in ascending group order", () => {
  assert.deepEqual([...rowsByGroup([2, 0, 2, 1]).entries()], [[0, [1]], [1, [3]], [2, [0, 2]]]);
});

Deno.test("samplePairs: exact positive ratio, correct labels, no self pairs, stratified positives", () => {
  for (const [n, ratio] of [[100, 0.3], [57, 0.5], [40, 0], [33, 1]] as const) {
    const p = samplePairs(GROUPS, n, { positiveRatio: ratio, seed: 7 });
    assert.equal(p.a.length, n);
    assert.equal(p.label.reduce((s, v) => s + v, 0), Math.round(n * ratio));
    p.a.forEach((a, i) => {
      assert.notEqual(a, p.b[i]);
      assert.equal(p.label[i], GROUPS[a] === GROUPS[p.b[i]] ? 1 : 0);
    });
    const posByGroup = countBy(p.a.filter((_, i) => p.label[i] === 1).map((a) => GROUPS[a]));
    assert.ok(!posByGroup.has(4), "a singleton group cannot give a positive");
    const counts = [0, 1, 2, 3].map((g) => posByGroup.get(g) ?? 0);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `positives per group ${counts}`);
  }
});

Deno.test("samplePairs: the same seed repeats, another seed differs; positives are uniform within a group", () => {
  const a = samplePairs(GROUPS, 50, { seed: 1 });
  assert.deepEqual(samplePairs(GROUPS, 50, { seed: 1 }), a);
  assert.notDeepEqual(samplePairs(GROUPS, 50, { seed: 2 }), a);
  // group {0, 1}: positives are always (0, 1) or (1, 0), each about half the time
  const p = samplePairs([0, 0, 1, 1, 1], 2000, { positiveRatio: 1, rng: rng(3) });
  const g0 = p.a.filter((x) => x < 2);
  assert.equal(g0.length, 1000);
  const zeros = g0.filter((x) => x === 0).length;
  assert.ok(zeros > 430 && zeros < 570, `${zeros}`);
});

Deno.test("sampleTriplets: positive shares the group, negative does not, anchors stratified", () => {
  const t = sampleTriplets(GROUPS, 41, { seed: 5 });
  assert.equal(t.anchor.length, 41);
  t.anchor.forEach((a, i) => {
    assert.notEqual(a, t.positive[i]);
    assert.equal(GROUPS[t.positive[i]], GROUPS[a]);
    assert.notEqual(GROUPS[t.negative[i]], GROUPS[a]);
  });
  const counts = [...countBy(t.anchor.map((a) => GROUPS[a])).values()];
  assert.equal(counts.length, 4);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1);
});

Deno.test("classBalancedBatches: perClass distinct rows of every group; rows used evenly", () => {
  const groups = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]; // 4 rows per group
  const batches = classBalancedBatches(groups, { perClass: 2, batches: 6, seed: 9 });
  assert.equal(batches.length, 6);
  for (const b of batches) {
    assert.equal(new Set(b).size, 6);
    assert.deepEqual([...countBy(b.map((i) => groups[i])).values()], [2, 2, 2]);
  }
  // 6 batches × 2 per class = 3 full passes over each group of 4: every row used exactly 3 times
  const uses = countBy(batches.flat());
  assert.equal(uses.size, 12);
  for (const v of uses.values()) assert.equal(v, 3);
});

Deno.test("mineHardNegatives: equals a brute-force search; hand example", () => {
  const E = [[1, 0], [0.9, 0.3], [0, 1], [0.7, 0.7], [-1, 0]];
  const g = [0, 1, 1, 0, 1];
  // row 0's other-group rows: 1 (cos .949), 2 (0), 4 (-1) → [1, 2]
  assert.deepEqual(mineHardNegatives(E, g, { k: 2, anchors: [0] }), [[1, 2]]);
  const r = rng(4);
  const X = Array.from({ length: 30 }, () => Array.from(r.normals(4)));
  const gg = X.map((_, i) => i % 3);
  const got = mineHardNegatives(X, gg, { k: 3 });
  const cos = (a: number[], b: number[]) =>
    a.reduce((s, v, i) => s + v * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
  X.forEach((x, i) => {
    const want = X.map((y, j) => ({ j, s: cos(x, y) })).filter(({ j }) => gg[j] !== gg[i])
      .sort((p, q) => q.s - p.s).slice(0, 3).map((c) => c.j);
    assert.deepEqual(got[i], want);
  });
  const hard = sampleHardTriplets(X, gg, 12, { seed: 1, k: 2 });
  hard.anchor.forEach((a, i) => assert.ok(got[a].slice(0, 2).includes(hard.negative[i])));
});

Deno.test("samplers: bad input is rejected with clear messages", () => {
  assert.throws(
    () => samplePairs(GROUPS, 10, { positiveRatio: 1.5 }),
    /samplePairs: argument 'opts.positiveRatio' expected a finite number >= 0 <= 1, received 1.5/,
  );
  assert.throws(
    () => samplePairs([1, 1, 1], 4),
    /'groups' expected at least 2 groups for negatives/,
  );
  assert.throws(() => samplePairs([0, 1, 2], 4), /'groups' expected a group with at least 2 rows/);
  assert.throws(
    () => samplePairs([0, NaN], 4),
    /'groups' expected finite numbers, received NaN at index 1/,
  );
  assert.throws(
    () => sampleTriplets(GROUPS, 0),
    /sampleTriplets: argument 'n' expected an integer > 0/,
  );
  assert.throws(
    () => classBalancedBatches(GROUPS, { perClass: 2, batches: 1 }),
    /classBalancedBatches: argument 'groups' expected at least 2 rows in every group, received group 4: 1/,
  );
  assert.throws(
    () => mineHardNegatives([[1, 0], [0, 1]], [0, 1], { k: 2 }),
    /mineHardNegatives: argument 'opts.k' expected at most 1/,
  );
  assert.throws(() => samplePairs(GROUPS, 4, { rng: 3 as never }), /'opts.rng' expected an Rng/);
});
