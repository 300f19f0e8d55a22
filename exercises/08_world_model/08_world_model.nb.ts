// %% [markdown]
// # Exercise 08 · Planning a portfolio, and judging it honestly
//
// Chapter 08 plans a portfolio with a world model and judges it with a backtest that pays for
// its trades. Here you write four of its pieces yourself, in `world_model.ts` next to this
// notebook:
//
// 1. `simplexWithTurnover` — logits to long-only weights (softmax) and the cost of trading there
//    from the book you hold;
// 2. `cemUpdate` — one step of the cross-entropy method: keep the cheapest plans, refit mean/std;
// 3. `loSharpeSE` — the Sharpe ratio and Lo's (2002) standard error;
// 4. `driftedTurnover` — how weights drift with returns, and the turnover of rebalancing.
//
// Each cell compares your function with the course library, on real StockNet prices where it
// can. Then grade yourself:
//
// ```
// deno task grade 08
// ```

// %%
import {
  backtest,
  cemPlan,
  liquidTickers,
  sharpeStats,
  softmaxWeights,
  stockReturnsMatrix,
  turnoverBetween,
} from "@course/lib/portfolio/mod.ts";
import { cemUpdate, driftedTurnover, loSharpeSE, simplexWithTurnover } from "./world_model.ts";
import { Rng } from "@course/lib/random.ts";

const tickers = liquidTickers(10);
const market = stockReturnsMatrix(tickers);
console.log(
  `${tickers.join(", ")}: ${market.returns.length} daily returns, ${market.dates[0]} to ${
    market.dates.at(-1)
  }`,
);

// %% [markdown]
// ## 1. Softmax to the simplex, and what the trade costs
//
// A planner searches over unconstrained logits; the softmax maps them to weights that are
// positive and sum to 1. Moving from the drifted book to those weights has a turnover Σ|Δw|,
// and at 10 bp per side it costs turnover × 0.001 of the portfolio.

// %%
const rng = new Rng(8);
const logits = tickers.map(() => rng.normal());
const held = softmaxWeights(tickers.map(() => rng.normal()));
const mine1 = simplexWithTurnover(logits, held, 10);
const libW = softmaxWeights(logits);
console.log(
  `largest weight difference from the library ${
    Math.max(...mine1.weights.map((w, i) => Math.abs(w - libW[i])))
  }; turnover yours ${mine1.turnover.toFixed(6)}, library ${
    turnoverBetween(held, libW).toFixed(6)
  }; cost ${mine1.cost.toExponential(3)}`,
);

// %% [markdown]
// ## 2. One CEM update, repeated
//
// Draw plans around a mean, keep the cheapest, refit. On a quadratic bowl with its minimum at
// (1, −2) a few dozen updates find it; the library's `cemPlan` does the same over whole plans.

// %%
let mean = [5, -5], std = [3, 3];
for (let it = 0; it < 40; it++) {
  const samples = Array.from({ length: 100 }, () => mean.map((m, j) => m + std[j] * rng.normal()));
  const costs = samples.map(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2);
  ({ mean, std } = cemUpdate(samples, costs, 20));
  std = std.map((s) => Math.max(s, 0.05));
}
const lib2 = await cemPlan(
  {
    space: { nAssets: 2, weights: "real" },
    horizon: 1,
    rollout: (_s: null, plans) => plans.map((p) => p[0].weights),
    cost: (x: number[]) => (x[0] - 1) ** 2 + (x[1] + 2) ** 2,
  },
  null,
  { seed: 1 },
);
console.log(
  `your CEM mean (${mean.map((v) => v.toFixed(3)).join(", ")}), library cemPlan (${
    lib2.plan[0].weights.map((v) => v.toFixed(3)).join(", ")
  })`,
);

// %% [markdown]
// ## 3. The Sharpe ratio of 1/N with its standard error
//
// Daily returns of an equal-weight book of the ten names; the standard error says how much of
// the Sharpe ratio five years of data can pin down (annualise both by √252).

// %%
const ew = market.returns.map(() => tickers.map(() => 1 / tickers.length));
const bt = backtest(ew, market.returns, { costBps: 10 });
const mine3 = loSharpeSE(bt.net);
const lib3 = sharpeStats(bt.net);
console.log(
  `SR yours ${(mine3.sr * Math.sqrt(252)).toFixed(3)} ± ${
    (mine3.se * Math.sqrt(252)).toFixed(3)
  } (annualised); library ${lib3.srAnnual.toFixed(3)} ± ${lib3.seLoAnnual.toFixed(3)} (Lo), ± ${
    lib3.seNonNormalAnnual.toFixed(3)
  } (non-normal)`,
);

// %% [markdown]
// ## 4. Drift and turnover of a daily-rebalanced 1/N
//
// Between rebalances the weights drift with returns; bringing them back to 1/N is the turnover
// that 1/N pays for. Your turnover should match the backtest's (which also counts the first
// purchase from cash).

// %%
const mine4 = driftedTurnover(ew, market.returns);
const meanMine = mine4.turnover.slice(0, -1).reduce((a, b) => a + b, 0) /
  (mine4.turnover.length - 1);
const meanLib = bt.turnover.slice(1).reduce((a, b) => a + b, 0) / (bt.turnover.length - 1);
console.log(
  `mean daily turnover of 1/N: yours ${meanMine.toFixed(6)}, backtest ${meanLib.toFixed(6)}`,
);
