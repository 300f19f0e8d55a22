/** The synthetic regime and placebo markets: their stated statistics, the hedge's value, the hit rate. */
import assert from "node:assert/strict";
import {
  backtest,
  equalWeightPolicy,
  hedgeHitRate,
  sharpeStats,
  simulatePlaceboMarket,
  simulateRegimeMarket,
  walkForwardPolicy,
} from "../../../lib/portfolio/mod.ts";

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

Deno.test("simulateRegimeMarket: labelled synthetic; regime shares, persistence and the hedge's sign by regime", () => {
  const m = simulateRegimeMarket({ T: 20000 }, 1);
  assert.equal(m.synthetic, true);
  assert.equal(m.returns.length, 20000);
  assert.equal(m.returns[0].length, 4);
  // stationary share of the bad regime: (1 − 0.98)/(2 − 0.98 − 0.95) = 2/7
  const bad = mean(m.regime);
  assert.ok(Math.abs(bad - 2 / 7) < 0.04, `bad share ${bad}`);
  let stay = 0, inBad = 0;
  for (let t = 1; t < m.regime.length; t++) {
    if (m.regime[t - 1] === 1) (inBad++, stay += m.regime[t]);
  }
  assert.ok(Math.abs(stay / inBad - 0.95) < 0.015, `stay bad ${stay / inBad}`);
  // the hedge loses in calm periods and earns in bad ones, as designed
  const hCalm = mean(m.hedgeReturns.filter((_, t) => m.regime[t] === 0));
  const hBad = mean(m.hedgeReturns.filter((_, t) => m.regime[t] === 1));
  assert.ok(hCalm < 0 && hBad > 0.002, `${hCalm} ${hBad}`);
  // switching the hedge on when the regime known at t is bad earns more than never or always
  const earned = (rule: (t: number) => number) => {
    let s = 0;
    for (let t = 0; t + 1 < m.regime.length; t++) s += rule(t) * m.hedgeReturns[t + 1];
    return s;
  };
  const oracle = earned((t) => m.regime[t]);
  assert.ok(oracle > earned(() => 0) && oracle > earned(() => 1));
});

Deno.test("hedgeHitRate: counts matches with the regime known at the decision", () => {
  const res = hedgeHitRate([1, 0, 0, 1, 1], [1, 0, 1, 1, 0]);
  assert.equal(res.hitRate, 3 / 5);
  assert.equal(res.calm, 1 / 2);
  assert.equal(res.bad, 2 / 3);
  assert.throws(
    () => hedgeHitRate([1, 0], [1]),
    /hedgeHitRate: argument 'regime' expected 2 values/,
  );
  assert.throws(
    () => hedgeHitRate([0.5], [1]),
    /hedgeHitRate: argument 'hedge' expected a non-empty array of 0\/1/,
  );
});

Deno.test("simulatePlaceboMarket: no autocorrelation, the stated correlation, and 1/N shows no deflated Sharpe", async () => {
  const p = simulatePlaceboMarket({ T: 3000, nAssets: 5, corr: 0.4 }, 2);
  assert.equal(p.synthetic, true);
  const x = p.returns.map((r) => r[0]), y = p.returns.map((r) => r[1]);
  const mx = mean(x), my = mean(y);
  const sx = Math.sqrt(mean(x.map((v) => (v - mx) ** 2)));
  const sy = Math.sqrt(mean(y.map((v) => (v - my) ** 2)));
  const corr = mean(x.map((v, i) => (v - mx) * (y[i] - my))) / (sx * sy);
  assert.ok(Math.abs(corr - 0.4) < 0.05, `corr ${corr}`);
  const ac = mean(x.slice(1).map((v, i) => (v - mx) * (x[i] - mx))) / (sx * sx);
  assert.ok(Math.abs(ac) < 0.06, `autocorrelation ${ac}`);
  const wf = await walkForwardPolicy(equalWeightPolicy(), { returns: p.returns }, {
    fitWindow: 50,
  });
  const bt = backtest(wf.weights, wf.returns, { costBps: 10 });
  assert.ok(bt.summary.meanTurnover < 0.02, `turnover ${bt.summary.meanTurnover}`);
  assert.ok(sharpeStats(bt.net, { trials: 20 }).dsr < 0.95);
});

Deno.test("regime / placebo simulators: reject bad options with named messages; seeds repeat", () => {
  assert.throws(
    () => simulateRegimeMarket({ T: 1 }),
    /simulateRegimeMarket: argument 'opts.T' expected an integer >= 2/,
  );
  assert.throws(() => simulateRegimeMarket({ T: 10, stayBad: 1.5 }), /argument 'opts.stayBad'/);
  assert.throws(
    () => simulateRegimeMarket({ T: 10, nAssets: 2, betas: [1] }),
    /argument 'opts.betas' expected 2 finite betas/,
  );
  assert.throws(
    () => simulatePlaceboMarket({ T: 10, vol: -1 }),
    /simulatePlaceboMarket: argument 'opts.vol'/,
  );
  assert.deepEqual(
    simulatePlaceboMarket({ T: 5 }, 3).returns,
    simulatePlaceboMarket({ T: 5 }, 3).returns,
  );
  assert.deepEqual(
    simulateRegimeMarket({ T: 5 }, 3).regime,
    simulateRegimeMarket({ T: 5 }, 3).regime,
  );
});
