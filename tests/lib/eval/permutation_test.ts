import assert from "node:assert/strict";
import { permutationTest } from "../../../lib/eval/permutation.ts";
import { avgSimilarityByGroup, cosineGapStatistic } from "../../../lib/eval/similarity.ts";

// statistic: mean value of the items labelled 1 minus that of the items labelled 0
const values = Array.from({ length: 40 }, (_, i) => i);
const diff = (labels: number[]) => {
  const m = (l: number) => {
    const v = values.filter((_, i) => labels[i] === l);
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  return m(1) - m(0);
};

Deno.test("permutationTest: a perfect split beats every shuffle (p = 1/(k+1)); same seed, same nulls", () => {
  const labels = values.map((v) => (v >= 20 ? 1 : 0));
  const r = permutationTest(labels, diff, { permutations: 99, seed: 3 });
  assert.equal(r.observed, 20);
  assert.equal(r.p, 1 / 100);
  assert.ok(r.band[0] < 0 && r.band[1] > 0 && r.band[1] < 20);
  const again = permutationTest(labels, diff, { permutations: 99, seed: 3 });
  assert.deepEqual(again.nulls, r.nulls);
  assert.equal(r.centre, r.nulls.reduce((s, x) => s + x, 0) / 99);
});

Deno.test("permutationTest: shuffling within strata that fix the labels changes nothing (p = 1)", () => {
  const labels = values.map((v) => (v >= 20 ? 1 : 0));
  // each stratum holds items of one label only, so every shuffle gives back the same labels
  const strata = labels.map((l, i) => `${l}-${i % 4}`);
  const r = permutationTest(labels, diff, { permutations: 20, seed: 1, strata });
  assert.ok(r.nulls.every((g) => g === 20));
  assert.equal(r.p, 1);
  assert.deepEqual(r.band, [20, 20]);
  assert.throws(
    () => permutationTest(labels, diff, { permutations: 5, strata: ["a"] }),
    /permutationTest: argument 'options.strata' expected 40 strata, received 1/,
  );
});

Deno.test("permutationTest: labels unrelated to the values give a large p", () => {
  const labels = values.map((v) => v % 2);
  const r = permutationTest(labels, diff, { permutations: 199, seed: 5 });
  assert.equal(r.observed, 1);
  assert.ok(r.p > 0.5, `p = ${r.p}`);
});

Deno.test("cosineGapStatistic: equals avgSimilarityByGroup's gap for any labelling", () => {
  const rows = Array.from({ length: 12 }, (_, i) => [Math.cos(i), Math.sin(2 * i), i % 3 - 1]);
  const gap = cosineGapStatistic(rows);
  for (const labels of [rows.map((_, i) => i % 2), rows.map((_, i) => (i < 5 ? 0 : 1))]) {
    const want = avgSimilarityByGroup(rows, labels).gap;
    assert.ok(Math.abs(gap(labels) - want) < 1e-12, `${gap(labels)} vs ${want}`);
  }
});
