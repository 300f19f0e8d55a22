/**
 * Per-ticker features as polars expressions (no JS loops): simple and log returns,
 * next-period targets, VWAP, high-low range, momentum, rolling volatility, rolling z-scores
 * and rolling skewness/kurtosis. Every expression runs `.over(group)`, so no value ever
 * crosses from one ticker to the next; the frame must be sorted by (group, time).
 */
import pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";

function over(e: pl.Expr, group: string | null): pl.Expr {
  return group ? e.over(group) : e;
}

function win(fn: string, arg: string, n: number, min = 1): number {
  return requireNumber(fn, arg, n, { integer: true, min });
}

/** Simple return p_t / p_{t-1} - 1 within each group (null on each group's first row). */
export function simpleReturnExpr(price = "adj_close", group: string | null = "ticker"): pl.Expr {
  return over(pl.col(price).div(pl.col(price).shift(1)).minus(1), group);
}

/** Log return ln(p_t / p_{t-1}) within each group (null on each group's first row). */
export function logReturnExpr(price = "adj_close", group: string | null = "ticker"): pl.Expr {
  return over(pl.col(price).log().diff(1, "ignore"), group);
}

/** Rolling sample standard deviation (ddof 1) of `col` over `window` rows within each group. */
export function rollingVolExpr(
  col: string,
  window: number,
  group: string | null = "ticker",
): pl.Expr {
  win("rollingVolExpr", "window", window, 2);
  return over(pl.col(col).rollingStd({ windowSize: window }), group);
}

/** Momentum p_t / p_{t-n} - 1 within each group. */
export function momentumExpr(price: string, n: number, group: string | null = "ticker"): pl.Expr {
  win("momentumExpr", "n", n);
  return over(pl.col(price).div(pl.col(price).shift(n)).minus(1), group);
}

/** Rolling z-score (x_t - rolling mean) / rolling std over `window` rows within each group. */
export function zScoreExpr(col: string, window: number, group: string | null = "ticker"): pl.Expr {
  win("zScoreExpr", "window", window, 2);
  const mean = pl.col(col).rollingMean({ windowSize: window });
  const std = pl.col(col).rollingStd({ windowSize: window });
  return over(pl.col(col).minus(mean).div(std), group);
}

/** Volume-weighted average of the typical price (h+l+c)/3 over the last `window` rows. */
export function vwapExpr(window: number, group: string | null = "ticker"): pl.Expr {
  win("vwapExpr", "window", window);
  const typical = pl.col("high").plus(pl.col("low")).plus(pl.col("close")).div(3);
  const pv = typical.mul(pl.col("volume")).rollingSum({ windowSize: window });
  return over(pv.div(pl.col("volume").rollingSum({ windowSize: window })), group);
}

/** High-low range relative to the close: (high - low) / close. */
export function highLowRangeExpr(): pl.Expr {
  return pl.col("high").minus(pl.col("low")).div(pl.col("close"));
}

function rollingCentralMoments(col: string, window: number, group: string | null) {
  const x = pl.col(col);
  const m = (e: pl.Expr) => over(e.rollingMean({ windowSize: window }), group);
  const e1 = m(x), e2 = m(x.pow(2)), e3 = m(x.pow(3)), e4 = m(x.pow(4));
  const m2 = e2.minus(e1.pow(2));
  const m3 = e3.minus(e1.mul(e2).mul(3)).plus(e1.pow(3).mul(2));
  const m4 = e4.minus(e1.mul(e3).mul(4)).plus(e1.pow(2).mul(e2).mul(6)).minus(e1.pow(4).mul(3));
  return { m2, m3, m4 };
}

/** Rolling skewness m3 / m2^1.5 (population moments, as lib/data/stats.ts) within each group. */
export function rollingSkewExpr(
  col: string,
  window: number,
  group: string | null = "ticker",
): pl.Expr {
  win("rollingSkewExpr", "window", window, 3);
  const { m2, m3 } = rollingCentralMoments(col, window, group);
  return m3.div(m2.pow(1.5));
}

/** Rolling Pearson kurtosis m4 / m2^2 (normal = 3) within each group; subtract 3 for excess. */
export function rollingKurtosisExpr(
  col: string,
  window: number,
  group: string | null = "ticker",
): pl.Expr {
  win("rollingKurtosisExpr", "window", window, 4);
  const { m2, m4 } = rollingCentralMoments(col, window, group);
  return m4.div(m2.pow(2));
}

/**
 * Check that a frame is sorted by (group, time) with strictly increasing time per group; the
 * error names the first offending pair of rows (0-based) and their values.
 */
export function requireSortedByTime(
  fn: string,
  df: pl.DataFrame,
  time: string,
  group: string | null,
): void {
  for (const c of group ? [group, time] : [time]) {
    require(
      df.columns.includes(c),
      fn,
      "df",
      `a column '${c}'`,
      `columns ${df.columns.join(", ")}`,
    );
  }
  const show = (row: number, c: string) =>
    String(df.slice(row, 1).select(pl.col(c).cast(pl.String)).getColumn(c).get(0));
  if (group && df.height > 0) {
    const starts = df.select(
      pl.col(group).neq(pl.col(group).shift(1)).fillNull(true).alias("s"),
    ).getColumn("s");
    const seen = new Set<string>();
    const startRows = starts.argTrue().toArray() as number[];
    for (const r of startRows.map(Number)) {
      const g = show(r, group);
      require(
        !seen.has(g),
        fn,
        "df",
        `rows sorted by (${group}, ${time}): each ${group} in one contiguous block`,
        `${group} ${g} again at row ${r} after other ${group}s (sort by [${group}, ${time}])`,
      );
      seen.add(g);
    }
  }
  const step = over(pl.col(time).cast(pl.Int64).diff(1, "ignore"), group);
  const bad = df.select(step.ltEq(pl.lit(0)).alias("s")).getColumn("s").argTrue();
  if (bad.length === 0) return;
  const r = Number(bad.get(0));
  const g = group ? ` (${group} ${show(r, group)})` : "";
  require(
    false,
    fn,
    "df",
    `rows sorted by ${group ? `(${group}, ${time})` : time} with unique times`,
    `${time} ${show(r, time)} at row ${r} ${
      show(r, time) === show(r - 1, time) ? "repeats" : "comes before"
    } ${time} ${show(r - 1, time)} at row ${r - 1}${g}`,
  );
}

/** Options of `addPriceFeatures` (window lengths in rows, i.e. trading days for daily data). */
export interface PriceFeatureOptions {
  group?: string | null;
  time?: string;
  price?: string;
  volWindow?: number;
  momentum?: readonly number[];
  zWindow?: number;
  momentWindow?: number;
  vwapWindow?: number;
}

/**
 * Add the standard features to an OHLCV frame sorted by (ticker, date): ret, log_ret,
 * hl_range, vwap_gap_<n>, mom_<n>, vol_<n>, z_<n> (of log_ret), skew_<n>, kurt_<n> (Pearson).
 */
export function addPriceFeatures(
  df: pl.DataFrame,
  options: PriceFeatureOptions = {},
): pl.DataFrame {
  const group = options.group === undefined ? "ticker" : options.group;
  const time = options.time ?? "date";
  const price = options.price ?? "adj_close";
  const vol = options.volWindow ?? 20, z = options.zWindow ?? 20;
  const mw = options.momentWindow ?? 60, vw = options.vwapWindow ?? 20;
  const moms = options.momentum ?? [5, 20];
  for (const c of [price, "high", "low", "close", "volume"]) {
    require(
      df.columns.includes(c),
      "addPriceFeatures",
      "df",
      `a column '${c}'`,
      df.columns.join(", "),
    );
  }
  requireSortedByTime("addPriceFeatures", df, time, group);
  const first = df.withColumns(
    simpleReturnExpr(price, group).alias("ret"),
    logReturnExpr(price, group).alias("log_ret"),
    highLowRangeExpr().alias("hl_range"),
    pl.col("close").div(vwapExpr(vw, group)).minus(1).alias(`vwap_gap_${vw}`),
    ...moms.map((n) => momentumExpr(price, n, group).alias(`mom_${n}`)),
  );
  return first.withColumns(
    rollingVolExpr("log_ret", vol, group).alias(`vol_${vol}`),
    zScoreExpr("log_ret", z, group).alias(`z_${z}`),
    rollingSkewExpr("log_ret", mw, group).alias(`skew_${mw}`),
    rollingKurtosisExpr("log_ret", mw, group).alias(`kurt_${mw}`),
  );
}

/**
 * Add the next-period target `name` = `col` shifted `horizon` rows back within each group
 * (row t holds the value of row t+horizon); the frame must be sorted by (group, time) with
 * unique times, else the error names the rows (the next row is then the next date); rows without a future value are dropped unless
 * `dropLast` is false, so no row ever carries a target from another ticker or a null.
 */
export function addNextTarget(
  df: pl.DataFrame,
  options: {
    col: string;
    horizon?: number;
    name?: string;
    group?: string | null;
    /** Time column checked for order and uniqueness within each group (default "date"). */
    time?: string;
    dropLast?: boolean;
  },
): pl.DataFrame {
  const h = requireNumber("addNextTarget", "options.horizon", options.horizon ?? 1, {
    integer: true,
    min: 1,
  });
  require(
    df.columns.includes(options.col),
    "addNextTarget",
    "options.col",
    `a column of df`,
    options.col,
  );
  const group = options.group === undefined ? "ticker" : options.group;
  requireSortedByTime("addNextTarget", df, options.time ?? "date", group);
  const name = options.name ?? `next_${options.col}`;
  const out = df.withColumns(over(pl.col(options.col).shift(-h), group).alias(name));
  return options.dropLast === false ? out : out.filter(pl.col(name).isNotNull());
}
