import assert from "node:assert/strict";
import { walkForwardEvaluate, walkForwardSplits } from "../../../lib/eval/walk_forward.ts";
import { r2Score } from "../../../lib/eval/regression.ts";

// 20 daily dates, two rows (names) per date: rows 2d and 2d+1 belong to day d
const day = (d: number) => new Date(Date.UTC(2020, 0, 1 + d));
const times = Array.from({ length: 40 }, (_, i) => day(Math.floor(i / 2)));
const rowsOfDays = (a: number, b: number) =>
  Array.from({ length: 2 * (b - a + 1) }, (_, i) => 2 * a + i);
const opts = { folds: 2, testSize: 4, embargo: 1, validationFraction: 0.25 };

Deno.test("walkForwardSplits: fit / validation / test days by hand (embargo 1 on both cuts)", () => {
  const [f0, f1] = walkForwardSplits(times, opts);
  // fold 0: test days 12..15, day 11 embargoed, train 0..10 (11 days) → validation
  // round(0.25·11) = 3 days 8..10, day 7 embargoed, fit 0..6
  assert.deepEqual(f0.test, rowsOfDays(12, 15));
  assert.deepEqual(f0.train, rowsOfDays(0, 10));
  assert.deepEqual(f0.validation, rowsOfDays(8, 10));
  assert.deepEqual(f0.fit, rowsOfDays(0, 6));
  // fold 1: test 16..19, train 0..14 (15 days) → validation round(3.75) = 4 days 11..14, fit 0..9
  assert.deepEqual(f1.test, rowsOfDays(16, 19));
  assert.deepEqual(f1.validation, rowsOfDays(11, 14));
  assert.deepEqual(f1.fit, rowsOfDays(0, 9));
  assert.equal(f1.fold.embargoed, 2);
});

Deno.test("walkForwardEvaluate: pools each model's test predictions over the folds in order", async () => {
  const y = times.map((_, i) => Math.sin(i));
  const seen: number[] = [];
  const res = await walkForwardEvaluate(times, opts, (fold) => {
    seen.push(fold.index);
    const truth = fold.test.map((i) => y[i]);
    const fitMean = fold.fit.reduce((s, i) => s + y[i], 0) / fold.fit.length;
    return Promise.resolve({
      oracle: { y: truth, p: truth },
      "fit mean": { y: truth, p: truth.map(() => fitMean) },
    });
  });
  assert.deepEqual(seen, [0, 1]);
  assert.deepEqual(
    res.pooled.oracle.y,
    [...rowsOfDays(12, 15), ...rowsOfDays(16, 19)].map((i) => y[i]),
  );
  assert.equal(res.score("oracle", r2Score), 1);
  assert.ok(res.score("fit mean", r2Score) < 0.01);
  assert.equal(res.folds[1].predictions.oracle.p.length, 8);
  assert.throws(() => res.score("nope", r2Score), /walkForwardEvaluate: argument 'name'/);
});

Deno.test("walkForwardEvaluate: a prediction of the wrong length is named", async () => {
  await assert.rejects(
    () => walkForwardEvaluate(times, opts, () => Promise.resolve({ m: { y: [1], p: [1] } })),
    /walkForwardEvaluate: argument 'fitPredict\(fold 0\)\.m' expected y and p of 8 test rows, received 1 and 1/,
  );
  assert.throws(
    () => walkForwardSplits(times, { ...opts, validationFraction: 1.5 }),
    /walkForwardSplits: argument 'options.validationFraction' expected a number in \(0, 1\)/,
  );
});
