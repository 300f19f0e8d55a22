/** backtest: hand-computed paths, alignment, lag, costs, drift, break-even cost and bad input. */
import assert from "node:assert/strict";
import {
  backtest,
  breakEvenCostBps,
  driftWeights,
  summarizeReturns,
  turnoverBetween,
} from "../../../lib/portfolio/mod.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

const W = [[0.5, 0.5], [0.5, 0.5], [1, 0]];
const R = [[0, 0], [0.1, -0.1], [0.2, 0]];

Deno.test("backtest: a 3-row path computed by hand (weights[t] earns returns[t + 1])", () => {
  const res = backtest(W, R, { costBps: 10, periodsPerYear: 1 });
  assert.deepEqual(res.rows, [1, 2]);
  // period 0: buy from cash (turnover 1), gross 0.5·0.1 − 0.5·0.1 = 0
  close(res.turnover[0], 1);
  close(res.gross[0], 0);
  close(res.net[0], 1 * (1 - 0.001) - 1);
  close(res.drifted[0][0], 0.55);
  close(res.drifted[0][1], 0.45);
  // period 1: rebalance 0.55/0.45 → 0.5/0.5 (turnover 0.1), gross 0.5·0.2 = 0.1
  close(res.turnover[1], 0.1);
  close(res.gross[1], 0.1);
  close(res.net[1], 1.1 * (1 - 0.0001) - 1);
  close(res.drifted[1][0], 0.6 / 1.1);
  close(res.wealth[1], 0.999 * 1.1 * 0.9999);
  const m = (res.net[0] + res.net[1]) / 2;
  const sd = Math.abs(res.net[0] - res.net[1]) / Math.SQRT2;
  close(res.summary.annReturn, m);
  close(res.summary.annVol, sd);
  close(res.summary.sharpe, m / sd);
  close(res.summary.meanTurnover, 0.55);
  close(res.summary.maxDrawdown, 0.001);
  close(res.summary.ceq, m - 0.5 * ((res.net[0] - m) ** 2 + (res.net[1] - m) ** 2) / 2);
});

Deno.test("backtest: lag 1 shifts the earned row; no costs ⇒ net = gross; initialWeights", () => {
  const res = backtest(W, R, { lag: 1 });
  assert.deepEqual(res.rows, [2]);
  close(res.gross[0], 0.1);
  close(res.net[0], 0.1);
  const held = backtest(W, R, { costBps: 50, initialWeights: [0.5, 0.5] });
  close(held.turnover[0], 0);
  close(held.net[0], 0);
});

Deno.test("backtest: a row summing below the budget holds cash; budget null allows long–short", () => {
  const res = backtest([[0.5, 0], [0.5, 0]], [[0, 0], [0.2, 0.1]], { budget: 0.5 });
  close(res.gross[0], 0.1);
  // drift with cash: 0.5·1.2/1.1
  close(res.drifted[0][0], 0.6 / 1.1);
  const ls = backtest([[1, -1], [1, -1]], [[0, 0], [0.02, 0.01]], { budget: null });
  close(ls.gross[0], 0.01);
  close(ls.turnover[0], 2);
});

Deno.test("driftWeights and turnoverBetween agree with the formulas", () => {
  const d = driftWeights([0.2, 0.3, 0.5], [0.1, -0.2, 0]);
  const g = 1 + 0.02 - 0.06;
  [0.22 / g, 0.24 / g, 0.5 / g].forEach((v, i) => close(d[i], v));
  close(d.reduce((a, b) => a + b, 0), 1);
  close(turnoverBetween([0.2, 0.8], [0.5, 0.5]), 0.6);
});

Deno.test("breakEvenCostBps: closed form when the held asset earns 1% a period", () => {
  // alternate all-in between two assets; the held one always earns 1%: turnover 1, 2, 2, ...
  const T = 6;
  const weights = Array.from({ length: T }, (_, t) => (t % 2 === 0 ? [1, 0] : [0, 1]));
  const returns = Array.from({ length: T }, (_, t) => (t % 2 === 1 ? [0.01, -0.3] : [-0.3, 0.01]));
  const n = T - 1;
  const tv = 1 + 2 * (n - 1);
  const expected = (1e4 * 0.01 * n) / (1.01 * tv);
  close(breakEvenCostBps(weights, returns), expected, 1e-6);
  const at = backtest(weights, returns, { costBps: expected });
  close(at.net.reduce((a, b) => a + b, 0), 0, 1e-10);
  // a losing strategy breaks even at 0; one that never trades never stops paying
  assert.equal(breakEvenCostBps(weights, returns.map((r) => r.map((v) => -Math.abs(v)))), 0);
  assert.equal(
    breakEvenCostBps([[1, 0], [1, 0]], [[0, 0], [0.01, 0]], { initialWeights: [1, 0] }),
    Infinity,
  );
});

Deno.test("summarizeReturns: drawdown of a known wealth path", () => {
  const s = summarizeReturns([0.1, -0.5, 0.2, 0.5], [0, 0, 0, 0], { periodsPerYear: 1 });
  close(s.maxDrawdown, 0.5);
  const s2 = summarizeReturns([0.1, -0.1, -0.1, 0.5], [0, 0, 0, 0]);
  close(s2.maxDrawdown, 1 - 0.81);
});

Deno.test("backtest: rejects NaN, ragged rows, shape mismatch, budget, bad options", () => {
  assert.throws(
    () => backtest([[0.5, NaN], [0.5, 0.5]], [[0, 0], [0, 0]]),
    /backtest: argument 'weights' expected finite numbers, received NaN at \[0\]\[1\]/,
  );
  assert.throws(() => backtest(W, R.slice(0, 2)), /backtest: argument 'returns' expected 3 rows/);
  assert.throws(() => backtest(W, R.map((r) => [...r, 0])), /'returns' expected 2 columns/);
  assert.throws(
    () => backtest(W, [[0, 0], [0.1], [0, 0]]),
    /'returns' expected every row of length 2/,
  );
  assert.throws(
    () => backtest([[0.5, 0.4], [0.5, 0.5]], [[0, 0], [0, 0]]),
    /'weights' expected rows summing to the budget 1 .* at row 0/,
  );
  assert.throws(() => backtest(W, R, { costBps: -1 }), /'costBps' expected a finite number >= 0/);
  assert.throws(() => backtest(W, R, { lag: 2 }), /'weights' expected at least 4 rows for lag 2/);
  assert.throws(
    () => backtest(W, [[0, 0], [-1.5, 0], [0, 0]]),
    /'returns' expected simple returns > -1/,
  );
  assert.throws(() => backtest([], []), /'weights' expected a non-empty number\[\]\[\]/);
  assert.throws(
    () => driftWeights([1], [0, 0]),
    /driftWeights: argument 'returns' expected length 1/,
  );
  assert.throws(() => breakEvenCostBps(W, R, { maxBps: 0 }), /breakEvenCostBps: argument 'maxBps'/);
  assert.throws(
    () => summarizeReturns([0.1, 0.2], [0]),
    /summarizeReturns: argument 'turnover' expected length 2/,
  );
  assert.throws(
    () => turnoverBetween([0.5], [Infinity]),
    /turnoverBetween: argument 'to' expected finite numbers/,
  );
});

Deno.test("the portfolio library is plain numbers: no file imports tfjs (nothing to leak)", async () => {
  const dir = new URL("../../../lib/portfolio/", import.meta.url);
  const files = [
    ...[...Deno.readDirSync(dir)].map((e) => new URL(e.name, dir)),
    new URL("../data/synthetic_gp.ts", dir),
    new URL("../data/synthetic_regime.ts", dir),
  ];
  assert.ok(files.length >= 10);
  for (const f of files) {
    const text = await Deno.readTextFile(f);
    assert.ok(!/@tensorflow|from "\.\.\/backend/.test(text), `${f.pathname} imports tfjs`);
  }
});
