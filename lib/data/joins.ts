/**
 * Joins that respect time: text (tweets, headlines) to the return of the NEXT trading day of
 * the same ticker, via an as-of join that never looks ahead (a tweet dated d gets the first
 * trading day strictly after d, so weekend and holiday tweets roll forward to the next
 * session), and market-relative returns (minus the cross-sectional mean of the date).
 */
import pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";

/** Options of `joinNextTradingDay`. */
export interface NextDayJoinOptions {
  /** Return column of `prices` to attach (e.g. "log_ret": close of the previous session → target day). */
  ret: string;
  ticker?: string;
  date?: string;
  /** Drop matches more than this many calendar days ahead (default 7; data gaps). */
  maxDaysAhead?: number;
}

/**
 * Attach to each text row (ticker, date) the target_date = first trading date of its ticker
 * strictly after `date`, and that day's return as `target_<ret>`; rows without one are dropped.
 */
export function joinNextTradingDay(
  texts: pl.DataFrame,
  prices: pl.DataFrame,
  options: NextDayJoinOptions,
): pl.DataFrame {
  const fn = "joinNextTradingDay";
  const ticker = options.ticker ?? "ticker", date = options.date ?? "date";
  const maxDays = requireNumber(fn, "options.maxDaysAhead", options.maxDaysAhead ?? 7, {
    positive: true,
  });
  for (
    const [name, df, cols] of [["texts", texts, [ticker, date]], ["prices", prices, [
      ticker,
      date,
      options.ret,
    ]]] as const
  ) {
    for (const c of cols) {
      require(df.columns.includes(c), fn, name, `a column '${c}'`, df.columns.join(", "));
    }
    require(
      df.getColumn(date).dtype.equals(pl.Date),
      fn,
      `${name}.${date}`,
      "a polars Date column",
      String(df.getColumn(date).dtype),
    );
  }
  const target = `target_${options.ret}`;
  const right = prices
    .select(pl.col(ticker), pl.col(date).alias("target_date"), pl.col(options.ret).alias(target))
    .filter(pl.col(target).isNotNull())
    .sort("target_date");
  // Strictly after d == at or after d + 1 day: a forward as-of join on the shifted key.
  const left = texts
    .withColumns(pl.col(date).cast(pl.Int32).plus(1).cast(pl.Date).alias("__after"))
    .withRowIndex("__order")
    .sort("__after");
  const joined = left.joinAsof(right, {
    leftOn: "__after",
    rightOn: "target_date",
    by: ticker,
    strategy: "forward",
    checkSortedness: false, // both sides are sorted by the join key just above
  });
  const gap = pl.col("target_date").cast(pl.Int32).minus(pl.col(date).cast(pl.Int32));
  return joined
    .filter(pl.col("target_date").isNotNull().and(gap.ltEq(maxDays)))
    .sort("__order")
    .drop(["__after", "__order"]);
}

/**
 * Market-relative (factor-neutral) return: `ret` minus the equal-weighted mean of `ret`
 * over all tickers on the same date, added as `name` (default `<ret>_rel`).
 */
export function addMarketRelative(
  df: pl.DataFrame,
  options: { ret: string; date?: string; name?: string },
): pl.DataFrame {
  const date = options.date ?? "date";
  for (const c of [options.ret, date]) {
    require(
      df.columns.includes(c),
      "addMarketRelative",
      "df",
      `a column '${c}'`,
      df.columns.join(", "),
    );
  }
  const r = pl.col(options.ret);
  return df.withColumns(r.minus(r.mean().over(date)).alias(options.name ?? `${options.ret}_rel`));
}
