/** Grader tests for exercise 01 (data): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { exerciseModule } from "./target.ts";

const m: typeof import("../../solutions/01_data/data.ts") = await exerciseModule(
  "01_data",
  "data.ts",
);

// Ticker A: 100, 110, 99, 108.9, 108.9; ticker B: 50, 25, 50, 100, 50.
const frame = () =>
  pl.DataFrame({
    ticker: ["A", "A", "A", "A", "A", "B", "B", "B", "B", "B"],
    adj_close: [100, 110, 99, 108.9, 108.9, 50, 25, 50, 100, 50],
  });

const close = (a: number | null, b: number, tol = 1e-9) =>
  assert.ok(a !== null && Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("addLogReturns: ln(p_t / p_{t-1}) within each ticker", () => {
  const r = m.addLogReturns(frame()).getColumn("log_ret").toArray() as (number | null)[];
  close(r[1], Math.log(1.1));
  close(r[2], Math.log(0.9));
  close(r[4], 0);
  close(r[6], -Math.log(2));
  close(r[8], Math.log(2));
});

Deno.test("addLogReturns: each ticker's first row is null (no return across tickers)", () => {
  const r = m.addLogReturns(frame()).getColumn("log_ret").toArray();
  assert.equal(r[0], null);
  assert.equal(r[5], null, "B's first return must not use A's last price");
});

Deno.test("addRollingVolatility: sample std of the last returns times sqrt(252)", () => {
  const df = m.addRollingVolatility(m.addLogReturns(frame()), 2);
  const v = df.getColumn("vol_2").toArray() as (number | null)[];
  // A's returns ln 1.1, ln 0.9: sample std of two values is |a - b| / sqrt(2).
  close(v[2], (Math.abs(Math.log(1.1) - Math.log(0.9)) / Math.SQRT2) * Math.sqrt(252));
  // B's returns -ln 2, ln 2, ln 2, -ln 2: windows of two give 2 ln 2 / sqrt(2), then 0.
  const big = ((2 * Math.log(2)) / Math.SQRT2) * Math.sqrt(252);
  close(v[7], big);
  close(v[8], 0);
  close(v[9], big);
});

Deno.test("addRollingVolatility: null until the window is full, per ticker; bad window throws", () => {
  const df = m.addRollingVolatility(m.addLogReturns(frame()), 3);
  const v = df.getColumn("vol_3").toArray();
  assert.deepEqual([v[0], v[1], v[2], v[5], v[6], v[7]], [null, null, null, null, null, null]);
  assert.ok(typeof v[3] === "number" && typeof v[8] === "number");
  assert.throws(() => m.addRollingVolatility(m.addLogReturns(frame()), 1));
});

Deno.test("walkForwardSplits: test blocks at the end, in order, train ends before the embargo", () => {
  const f = m.walkForwardSplits(20, { folds: 3, testSize: 4, embargo: 2 });
  assert.deepEqual(f, [
    { trainStart: 0, trainEnd: 6, testStart: 8, testEnd: 12 },
    { trainStart: 0, trainEnd: 10, testStart: 12, testEnd: 16 },
    { trainStart: 0, trainEnd: 14, testStart: 16, testEnd: 20 },
  ]);
});

Deno.test("walkForwardSplits: no overlap and a gap of exactly `embargo`; impossible setups throw", () => {
  for (const embargo of [0, 1, 5]) {
    for (const fold of m.walkForwardSplits(50, { folds: 4, testSize: 7, embargo })) {
      assert.equal(fold.testStart - fold.trainEnd, embargo);
      assert.equal(fold.testEnd - fold.testStart, 7);
      assert.ok(fold.trainEnd > fold.trainStart);
    }
  }
  assert.throws(() => m.walkForwardSplits(10, { folds: 3, testSize: 3, embargo: 1 }));
});
