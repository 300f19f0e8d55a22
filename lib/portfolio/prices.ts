/**
 * Real daily returns for portfolio work: the StockNet adjusted closes (data/prices, 2012–2017)
 * turned into a [T][N] matrix of simple returns on the dates every chosen ticker traded, and a
 * choice of the most liquid names by average dollar volume. Choosing names by liquidity over
 * the whole sample peeks at the future a little (and StockNet lists survivors): say so where a
 * result depends on it.
 */
import type pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";
import { loadStockNetPrices } from "../data/datasets_market.ts";

/** Daily simple returns of N tickers on their common dates. */
export interface ReturnsMatrix {
  tickers: string[];
  /** Date (YYYY-MM-DD) of each row: the return from the previous common date's close. */
  dates: string[];
  /** Simple returns [T][N]. */
  returns: number[][];
}

function isoDates(df: pl.DataFrame): string[] {
  return (df.getColumn("date").toArray() as (Date | string)[]).map((d) =>
    d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)
  );
}

/**
 * The `n` StockNet tickers with the highest mean daily dollar volume (close × volume), among
 * those with a price on at least 99% of the dates the longest history has (so a late listing
 * such as BABA, from 2014, does not shorten the common sample).
 */
export function liquidTickers(n: number, df: pl.DataFrame = loadStockNetPrices()): string[] {
  requireNumber("liquidTickers", "n", n, { integer: true, positive: true });
  const t = df.getColumn("ticker").toArray() as string[];
  const c = df.getColumn("close").toArray() as number[];
  const v = df.getColumn("volume").toArray() as number[];
  const sum = new Map<string, [number, number]>();
  t.forEach((k, i) => {
    const s = sum.get(k) ?? [0, 0];
    s[0] += c[i] * v[i];
    s[1] += 1;
    sum.set(k, s);
  });
  const most = Math.max(...[...sum.values()].map(([, m]) => m));
  const ranked = [...sum.entries()].filter(([, [, m]]) => m >= 0.99 * most).map(([k, [s, m]]) =>
    [k, s / m] as const
  )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  require(n <= ranked.length, "liquidTickers", "n", `at most ${ranked.length}`, String(n));
  return ranked.slice(0, n).map(([k]) => k);
}

/**
 * Simple returns of adjusted closes for `tickers` on the dates all of them have a price
 * (optionally within [from, to], ISO dates inclusive), in date order.
 */
export function stockReturnsMatrix(
  tickers: string[],
  opts: { from?: string; to?: string; df?: pl.DataFrame } = {},
): ReturnsMatrix {
  const fn = "stockReturnsMatrix";
  require(
    Array.isArray(tickers) && tickers.length > 0 && new Set(tickers).size === tickers.length,
    fn,
    "tickers",
    "a non-empty list of distinct tickers",
    tickers,
  );
  const df = opts.df ?? loadStockNetPrices({ tickers });
  const t = df.getColumn("ticker").toArray() as string[];
  const d = isoDates(df);
  const px = df.getColumn("adj_close").toArray() as number[];
  const col = new Map(tickers.map((k, j) => [k, j]));
  const byDate = new Map<string, number[]>();
  t.forEach((k, i) => {
    const j = col.get(k);
    if (j === undefined) return;
    if ((opts.from && d[i] < opts.from) || (opts.to && d[i] > opts.to)) return;
    const row = byDate.get(d[i]) ?? new Array<number>(tickers.length).fill(NaN);
    row[j] = px[i];
    byDate.set(d[i], row);
  });
  const dates = [...byDate.keys()].filter((k) => byDate.get(k)!.every((p) => p > 0)).sort();
  require(
    dates.length >= 2,
    fn,
    "tickers",
    "tickers with at least 2 common dates",
    `${dates.length}`,
  );
  const returns: number[][] = [];
  for (let i = 1; i < dates.length; i++) {
    const a = byDate.get(dates[i - 1])!, b = byDate.get(dates[i])!;
    returns.push(b.map((p, j) => p / a[j] - 1));
  }
  return { tickers: tickers.slice(), dates: dates.slice(1), returns };
}
