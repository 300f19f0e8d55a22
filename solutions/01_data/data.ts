/**
 * Exercise 01 (reference solution): log returns and rolling volatility per ticker with polars
 * expressions, and walk-forward folds with an embargo.
 */
import pl from "nodejs-polars";

/**
 * Add `log_ret` = ln(p_t / p_{t-1}) computed within each ticker (the frame is sorted by
 * ticker, then date); each ticker's first row gets null, never a return across tickers.
 */
export function addLogReturns(
  df: pl.DataFrame,
  price = "adj_close",
  group = "ticker",
): pl.DataFrame {
  return df.withColumns(pl.col(price).log().diff(1, "ignore").over(group).alias("log_ret"));
}

/**
 * Add `vol_<window>` = annualised rolling volatility of `log_ret` within each ticker: the
 * sample standard deviation (n - 1) of the last `window` returns times sqrt(252); null until a
 * ticker has `window` returns.
 */
export function addRollingVolatility(
  df: pl.DataFrame,
  window: number,
  group = "ticker",
): pl.DataFrame {
  if (!Number.isInteger(window) || window < 2) {
    throw new Error(`addRollingVolatility: window must be an integer >= 2, received ${window}`);
  }
  return df.withColumns(
    pl.col("log_ret").rollingStd({ windowSize: window }).mul(Math.sqrt(252)).over(group)
      .alias(`vol_${window}`),
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
  const { folds, testSize, embargo } = options;
  const firstTest = n - folds * testSize;
  if (firstTest - embargo < 1) {
    throw new Error(
      `walkForwardSplits: ${folds} folds of ${testSize} plus an embargo of ${embargo} ` +
        `leave no training data in ${n} steps`,
    );
  }
  return Array.from({ length: folds }, (_, k) => {
    const testStart = firstTest + k * testSize;
    return {
      trainStart: 0,
      trainEnd: testStart - embargo,
      testStart,
      testEnd: testStart + testSize,
    };
  });
}
