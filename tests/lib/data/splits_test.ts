import assert from "node:assert/strict";
import {
  chronologicalSplit,
  describeSplit,
  purgedKFold,
  stratifiedShuffleSplit,
  walkForwardFolds,
} from "../../../lib/data/splits.ts";

const day = (i: number) => new Date(Date.UTC(2021, 0, 4 + i));
// Two tickers on the same 20 days: rows 0..19 ticker A, 20..39 ticker B.
const times = [...Array(20).keys(), ...Array(20).keys()].map(day);

Deno.test("chronological split cuts on dates shared by all tickers, with a gap", () => {
  const [train, val, test] = chronologicalSplit(times, { train: 0.5, val: 0.25, gap: 1 });
  // 20 distinct days: train days 0-9, gap day 10, val days 11-14, gap day 15, test 16-19.
  assert.equal(train.indices.length, 20);
  assert.equal(val.indices.length, 8);
  assert.equal(test.indices.length, 8);
  assert.equal((train.end as Date).getTime(), day(9).getTime());
  assert.equal((val.start as Date).getTime(), day(11).getTime());
  assert.equal((test.start as Date).getTime(), day(16).getTime());
  assert.match(describeSplit([train, val, test]), /train\s+20 rows\s+2021-01-04 \.\. 2021-01-13/);
});

Deno.test("walk-forward folds: tests in order, training strictly before test minus embargo", () => {
  const folds = walkForwardFolds(times, { folds: 3, testSize: 4, embargo: 2 });
  assert.equal(folds.length, 3);
  folds.forEach((f, k) => {
    // Test block k covers days 8+4k .. 11+4k; training ends 2 days before it.
    assert.equal((f.test.start as Date).getTime(), day(8 + 4 * k).getTime());
    assert.equal((f.test.end as Date).getTime(), day(11 + 4 * k).getTime());
    assert.equal((f.train.end as Date).getTime(), day(5 + 4 * k).getTime());
    assert.equal(f.embargoed, 4);
    const last = Math.max(...f.train.indices.map((i) => times[i].getTime()));
    assert.ok(last < (f.test.start as Date).getTime());
  });
  const rolling = walkForwardFolds(times, { folds: 1, testSize: 4, trainSize: 5 });
  assert.equal((rolling[0].train.start as Date).getTime(), day(11).getTime());
  assert.throws(() => walkForwardFolds(times, { folds: 5, testSize: 4 }), /folds \* testSize/);
});

Deno.test("purged k-fold drops exactly the training windows that overlap the test span", () => {
  // 10 windows of length 3 (+1 target day): window i spans days i .. i+3.
  const starts = [...Array(10).keys()].map((i) => i);
  const ends = starts.map((s) => s + 3);
  const folds = purgedKFold(starts, ends, { k: 5, embargo: 2 });
  // Fold 2 tests windows ending on days 7, 8 (i = 4, 5): test span is days 4 .. 8.
  const f = folds[2];
  assert.deepEqual(f.test.indices, [4, 5]);
  // Windows 1-3 end on or after day 4 (overlap) and 6-8 start on or before day 8: purged.
  // Window 9 starts on day 9, within 2 days after the test span: embargoed.
  assert.deepEqual(f.train.indices, [0]);
  assert.equal(f.purged, 6);
  assert.equal(f.embargoed, 1);
  for (const fold of folds) {
    const lo = Math.min(...fold.test.indices.map((i) => starts[i]));
    const hi = Math.max(...fold.test.indices.map((i) => ends[i]));
    for (const i of fold.train.indices) assert.ok(ends[i] < lo || starts[i] > hi);
  }
  const noEmbargo = purgedKFold(starts, ends, { k: 5 });
  assert.deepEqual(noEmbargo[2].train.indices, [0, 9]);
});

Deno.test("stratified shuffle split keeps class shares and is seeded", () => {
  const labels = [...Array(80).fill(0), ...Array(20).fill(1)];
  const a = stratifiedShuffleSplit(labels, { testFraction: 0.25, seed: 7 });
  const b = stratifiedShuffleSplit(labels, { testFraction: 0.25, seed: 7 });
  assert.deepEqual(a, b);
  assert.equal(a.test.length, 25);
  assert.equal(a.test.filter((i) => labels[i] === 1).length, 5);
  assert.equal(new Set([...a.train, ...a.test]).size, 100);
  const c = stratifiedShuffleSplit(labels, { testFraction: 0.25, seed: 8 });
  assert.notDeepEqual(a.test, c.test);
});
