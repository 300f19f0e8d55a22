// %% [markdown]
// # Exercise 01 · Returns, volatility and walk-forward folds
//
// Three building blocks of every time-series model in this course, written by you in
// `data.ts` (next to this notebook):
//
// 1. `addLogReturns` — log returns per ticker, with a polars expression evaluated
//    `.over("ticker")` so no return is ever computed across two tickers.
// 2. `addRollingVolatility` — the annualised rolling standard deviation of those returns.
// 3. `walkForwardSplits` — train on the past, test on the next block, with an embargo gap.
//
// Run the cells to see your functions on real prices and compare them with the course
// library, then grade yourself:
//
// ```
// deno task grade 01
// ```

// %%
import pl from "nodejs-polars";
import { deviceBanner, loadStockNetPrices, logReturnExpr, rollingVolExpr } from "@course/lib";
import { lineFigure } from "@course/lib/plot/line.ts";
import { timelineFigure } from "@course/lib/plot/timeline.ts";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const dataFile: typeof import("./data.ts") = await import(`./data.ts?v=${Date.now()}`);
const { addLogReturns, addRollingVolatility, walkForwardSplits } = dataFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. Log returns per ticker
//
// Three tickers of the StockNet prices. Your `log_ret` should match the library's
// `logReturnExpr` to the last digit, and each ticker's first row must be null.

// %%
const px = loadStockNetPrices({ tickers: ["AAPL", "MSFT", "XOM"] });
const mine = addLogReturns(px);
const check = mine.withColumns(logReturnExpr("adj_close", "ticker").alias("lib_log_ret"));
const maxDiff = Number(
  check.select(pl.col("log_ret").minus(pl.col("lib_log_ret")).abs().max().alias("d"))
    .getColumn("d").get(0),
);
console.log(`largest difference from the library: ${maxDiff}`);
mine.select("ticker", "date", "adj_close", "log_ret").head(3);

// %% [markdown]
// ## 2. Rolling volatility
//
// A 20-day window, annualised with sqrt(252). Volatility comes in waves: look for the
// calm and the stormy stretches.

// %%
const withVol = addRollingVolatility(mine, 20);
const libVol = withVol.withColumns(
  rollingVolExpr("log_ret", 20, "ticker").mul(Math.sqrt(252)).alias("lib_vol"),
);
const volDiff = Number(
  libVol.select(pl.col("vol_20").minus(pl.col("lib_vol")).abs().max().alias("d"))
    .getColumn("d").get(0),
);
console.log(`largest difference from the library: ${volDiff}`);
const aapl = withVol.filter(pl.col("ticker").eq(pl.lit("AAPL")));
lineFigure({
  x: aapl.getColumn("date").toArray() as unknown as Date[],
  y: { "AAPL 20-day volatility": aapl.getColumn("vol_20").toArray() as number[] },
  title: "Your rolling volatility",
});

// %% [markdown]
// ## 3. Walk-forward folds with an embargo
//
// Over the trading days of AAPL: four test blocks of 120 days at the end, each trained on
// everything before it except a 10-day embargo.

// %%
const days = aapl.getColumn("date").toArray() as unknown as Date[];
const folds = walkForwardSplits(days.length, { folds: 4, testSize: 120, embargo: 10 });
timelineFigure({
  title: "Your walk-forward folds",
  segments: folds.flatMap((f, k) => [
    { row: `fold ${k + 1}`, kind: "train", start: days[f.trainStart], end: days[f.trainEnd - 1] },
    { row: `fold ${k + 1}`, kind: "embargo", start: days[f.trainEnd], end: days[f.testStart - 1] },
    { row: `fold ${k + 1}`, kind: "test", start: days[f.testStart], end: days[f.testEnd - 1] },
  ]),
});
