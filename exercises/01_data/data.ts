/**
 * Exercise 01: log returns and rolling volatility per ticker with polars expressions, and
 * walk-forward folds with an embargo. Replace each `throw` with your code, then run
 * `deno task grade 01`.
 */
import pl from "nodejs-polars";

/**
 * Add `log_ret` = ln(p_t / p_{t-1}) computed within each ticker (the frame is sorted by
 * ticker, then date); each ticker's first row gets null, never a return across tickers.
 * Hint: `pl.col(price).log().diff(1, "ignore")` and `.over(group)`.
 */
export function addLogReturns(
  df: pl.DataFrame,
  price = "adj_close",
  group = "ticker",
): pl.DataFrame {
  void df, price, group, pl;
  throw new Error("TODO: addLogReturns — log of the price, difference, over each ticker");
}

/**
 * Add `vol_<window>` = annualised rolling volatility of `log_ret` within each ticker: the
 * sample standard deviation (n - 1) of the last `window` returns times sqrt(252); null until a
 * ticker has `window` returns. Throw an Error for a window that is not an integer >= 2.
 * Hint: `.rollingStd({ windowSize: window })`.
 */
export function addRollingVolatility(
  df: pl.DataFrame,
  window: number,
  group = "ticker",
): pl.DataFrame {
  void df, window, group;
  throw new Error(
    "TODO: addRollingVolatility — rolling std of log_ret per ticker, times sqrt(252)",
  );
}

/** One walk-forward fold over time steps 0..n-1: [start, end) ranges. */
export interface WalkForwardFold {
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

/**
 * Walk-forward folds over n time steps: the last `folds` blocks of `testSize` steps are the
 * test sets, in order; fold k trains on [0, testStart - embargo). Throws when the first fold
 * would have no training step.
 */
export function walkForwardSplits(
  n: number,
  options: { folds: number; testSize: number; embargo: number },
): WalkForwardFold[] {
  void n, options;
  throw new Error("TODO: walkForwardSplits — test blocks at the end, train before the embargo");
}
