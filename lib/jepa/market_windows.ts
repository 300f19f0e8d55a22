/**
 * StockNet daily prices as multi-feature windows for chapter 07: per ticker, daily
 * [log return, log high/low range, log volume change] in windows of `length` days (every
 * `stride` days); each window carries its ticker's sector, the realised volatility of the next
 * `horizon` days (the regime label) and hand-made summary features (the baseline). Split
 * chronologically at `splitDate`: a training window's label horizon ends before it, a test
 * window starts after it (no overlap, no leak). Standardised with training statistics only.
 */
import type pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";

/** Options of `marketWindows`. */
export interface MarketWindowOptions {
  length?: number;
  stride?: number;
  horizon?: number;
  /** First test day (ISO date); default "2016-06-01". */
  splitDate?: string;
  /** Keep at most this many tickers (alphabetical) — quick mode. */
  maxTickers?: number;
}

/** One side (train or test) of the windows. */
export interface MarketWindowSet {
  /** [n, length, 3] standardised values, row-major. */
  x: Float32Array;
  n: number;
  /** Hand-made features per window (standardised): mean/std/skew of returns, range, volume. */
  features: number[][];
  /** Realised volatility of the next `horizon` days (annualised). */
  futureVol: number[];
  sector: string[];
  ticker: string[];
  end: string[];
}

const FEATURES = ["mean_ret", "vol", "skew", "last5_ret", "vol5", "mean_range", "vol_change_std"];

/** Names of the hand-made features. */
export const MARKET_WINDOW_FEATURES: readonly string[] = FEATURES;

function summary(r: number[], range: number[], dv: number[]): number[] {
  const n = r.length;
  const mean = r.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(r.reduce((s, v) => s + (v - mean) ** 2, 0) / n) || 1e-12;
  const skew = r.reduce((s, v) => s + ((v - mean) / sd) ** 3, 0) / n;
  const last = r.slice(-5);
  const vol5 = Math.sqrt(last.reduce((s, v) => s + v * v, 0) / last.length);
  const dvm = dv.reduce((s, v) => s + v, 0) / n;
  const dvs = Math.sqrt(dv.reduce((s, v) => s + (v - dvm) ** 2, 0) / n);
  return [
    mean,
    sd,
    skew,
    last.reduce((s, v) => s + v, 0),
    vol5,
    range.reduce((s, v) => s + v, 0) / n,
    dvs,
  ];
}

/** Build chronological train/test windows from `loadStockNetPrices({ withSectors: true })`. */
export function marketWindows(
  df: pl.DataFrame,
  options: MarketWindowOptions = {},
): { train: MarketWindowSet; test: MarketWindowSet; sectors: string[] } {
  const fn = "marketWindows";
  for (const c of ["ticker", "date", "high", "low", "adj_close", "volume", "sector"]) {
    require(
      df.columns.includes(c),
      fn,
      "df",
      `a column "${c}" (loadStockNetPrices({ withSectors: true }))`,
      df.columns.join(", "),
    );
  }
  const length = requireNumber(fn, "length", options.length ?? 32, { integer: true, min: 4 });
  const stride = requireNumber(fn, "stride", options.stride ?? 16, {
    integer: true,
    positive: true,
  });
  const horizon = requireNumber(fn, "horizon", options.horizon ?? 21, {
    integer: true,
    positive: true,
  });
  const split = options.splitDate ?? "2016-06-01";
  const tickers = df.getColumn("ticker").toArray() as string[];
  const dates = (df.getColumn("date").toArray() as (Date | string)[]).map((d) =>
    d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10)
  );
  const high = df.getColumn("high").toArray() as number[];
  const low = df.getColumn("low").toArray() as number[];
  const close = df.getColumn("adj_close").toArray() as number[];
  const volume = df.getColumn("volume").toArray() as number[];
  const sectors = df.getColumn("sector").toArray() as string[];
  let names = [...new Set(tickers)].sort();
  if (options.maxTickers) names = names.slice(0, options.maxTickers);
  const keep = new Set(names);
  type Raw = {
    x: number[][];
    f: number[];
    vol: number;
    sector: string;
    ticker: string;
    end: string;
  };
  const train: Raw[] = [];
  const test: Raw[] = [];
  let start = 0;
  while (start < tickers.length) {
    let stop = start;
    while (stop < tickers.length && tickers[stop] === tickers[start]) stop++;
    if (keep.has(tickers[start])) {
      const rows: number[][] = [];
      const ds: string[] = [];
      for (let i = start + 1; i < stop; i++) {
        const ok = close[i] > 0 && close[i - 1] > 0 && high[i] > 0 && low[i] > 0;
        if (!ok) continue;
        rows.push([
          Math.log(close[i] / close[i - 1]),
          Math.log(high[i] / low[i]),
          Math.max(-3, Math.min(3, Math.log1p(volume[i]) - Math.log1p(volume[i - 1]))),
        ]);
        ds.push(dates[i]);
      }
      for (let s = 0; s + length + horizon <= rows.length; s += stride) {
        const w = rows.slice(s, s + length);
        const fut = rows.slice(s + length, s + length + horizon).map((r) => r[0]);
        const vol = Math.sqrt((252 * fut.reduce((a, v) => a + v * v, 0)) / horizon);
        const raw: Raw = {
          x: w,
          f: summary(w.map((r) => r[0]), w.map((r) => r[1]), w.map((r) => r[2])),
          vol,
          sector: sectors[start] ?? "unknown",
          ticker: tickers[start],
          end: ds[s + length - 1],
        };
        if (ds[s + length + horizon - 1] < split) train.push(raw);
        else if (ds[s] >= split) test.push(raw);
      }
    }
    start = stop;
  }
  require(
    train.length > 1 && test.length > 0,
    fn,
    "splitDate",
    "a date leaving windows on both sides",
    split,
  );
  const stats = (cols: number[][]) => {
    const d = cols[0].length;
    const mean = new Array<number>(d).fill(0);
    const sq = new Array<number>(d).fill(0);
    for (const r of cols) {
      r.forEach((v, j) => ((mean[j] += v / cols.length), (sq[j] += (v * v) / cols.length)));
    }
    return { mean, sd: sq.map((s, j) => Math.sqrt(Math.max(s - mean[j] ** 2, 1e-12))) };
  };
  const xs = stats(train.flatMap((w) => w.x));
  const fs = stats(train.map((w) => w.f));
  const pack = (ws: Raw[]): MarketWindowSet => {
    const x = new Float32Array(ws.length * length * 3);
    ws.forEach((w, i) =>
      w.x.forEach((r, t) =>
        r.forEach((v, j) => (x[(i * length + t) * 3 + j] = (v - xs.mean[j]) / xs.sd[j]))
      )
    );
    return {
      x,
      n: ws.length,
      features: ws.map((w) => w.f.map((v, j) => (v - fs.mean[j]) / fs.sd[j])),
      futureVol: ws.map((w) => w.vol),
      sector: ws.map((w) => w.sector),
      ticker: ws.map((w) => w.ticker),
      end: ws.map((w) => w.end),
    };
  };
  return {
    train: pack(train),
    test: pack(test),
    sectors: [...new Set(train.map((w) => w.sector))].sort(),
  };
}
