import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import { initBackend } from "../../../lib/backend.ts";
import { makeWindows } from "../../../lib/data/windows.ts";

await initBackend();
const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i));

// Ticker A rows 0..4 (x = 0..4), ticker B rows 5..9 (x = 100..104); target y = 10 * x.
function frame(nanAt: number | null = null): pl.DataFrame {
  const x = [0, 1, 2, 3, 4, 100, 101, 102, 103, 104].map((v, i) => (i === nanAt ? NaN : v));
  return pl.DataFrame({
    ticker: ["A", "A", "A", "A", "A", "B", "B", "B", "B", "B"],
    date: pl.Series("date", [0, 1, 2, 3, 4, 0, 1, 2, 3, 4].map(day)).cast(pl.Date),
    x,
    x2: x.map((v) => -v),
    y: x.map((v) => 10 * v),
    split: ["train", "train", "train", "test", "test", "train", "train", "train", "test", "test"],
  });
}

Deno.test("windows have shape [N, T, F], never cross tickers, target h rows ahead", () => {
  const before = tf.memory().numTensors;
  const w = makeWindows(frame(), { features: ["x", "x2"], target: "y", length: 3, horizon: 1 });
  // Per ticker 5 rows: windows start at 0 and 1 (start + 3 - 1 + 1 <= 4): 2 each.
  assert.deepEqual(w.X.shape, [4, 3, 2]);
  assert.deepEqual(w.groups, ["A", "A", "B", "B"]);
  const X = w.X.arraySync();
  assert.deepEqual(X[2].map((r) => r[0]), [100, 101, 102]);
  assert.deepEqual(X[2].map((r) => r[1]), [-100, -101, -102]);
  assert.deepEqual([...w.y.dataSync()], [30, 40, 1030, 1040]);
  assert.equal((w.endTimes[1] as Date).toISOString().slice(0, 10), "2020-01-04");
  assert.equal((w.targetTimes[1] as Date).toISOString().slice(0, 10), "2020-01-05");
  assert.equal((w.startTimes[1] as Date).toISOString().slice(0, 10), "2020-01-02");
  for (const row of X) {
    const xs = row.map((r) => r[0]);
    assert.ok(xs.every((v) => v < 100) || xs.every((v) => v >= 100), "a window mixes tickers");
  }
  w.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("windows never cross a segment (split) boundary", () => {
  const w = makeWindows(frame(), {
    features: ["x"],
    target: "y",
    length: 2,
    horizon: 1,
    segment: "split",
  });
  // Train rows 0-2 per ticker: windows [0,1]->2 only; test rows 3-4: none (needs 3 rows).
  assert.deepEqual(w.X.arraySync().map((r) => r.map((v) => v[0])), [[0, 1], [100, 101]]);
  w.dispose();
});

Deno.test("windows with a NaN input are skipped and counted; bad input rejected", () => {
  const w = makeWindows(frame(1), { features: ["x"], target: "y", length: 2, horizon: 0 });
  // Per ticker 4 windows with horizon 0; A's windows over row 1 (2 of them) are skipped.
  assert.equal(w.X.shape[0], 6);
  assert.equal(w.skipped, 2);
  w.dispose();
  assert.throws(
    () => makeWindows(frame(), { features: ["ticker"], target: "y", length: 2 }),
    /column 'ticker'' expected a numeric column/,
  );
  assert.throws(
    () => makeWindows(frame().sort("date"), { features: ["x"], target: "y", length: 2 }),
    /contiguous block/,
  );
});
