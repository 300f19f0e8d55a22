/**
 * Cross-sectional signal tests: on each date, the Spearman rank correlation between a signal and
 * the next returns across names (the information coefficient, IC), and the return of the top
 * signal quantile minus the bottom one (a long-short spread before costs); each series is then
 * summarised by its mean and the t-statistic mean / (sd / √days), days treated as independent.
 */
import { require, requireNumber } from "../errors.ts";
import { seriesMean, seriesStd, spearmanCorrelation } from "../data/stats.ts";

/** A time value that groups rows into dates. */
export type DateKey = Date | number | string;

/** One row per (name, date): its date, its signal and its realised return. */
export interface CrossSection {
  dates: readonly DateKey[];
  signal: ArrayLike<number>;
  returns: ArrayLike<number>;
}

/** Mean, sample standard deviation (ddof 1), t-statistic of the mean, and count. */
export interface MeanTStat {
  mean: number;
  sd: number;
  t: number;
  n: number;
}

/** Mean, sample sd and t = mean / (sd / √n) of a series (t = 0 when sd is 0). */
export function meanTStat(xs: ArrayLike<number>): MeanTStat {
  require(xs.length >= 2, "meanTStat", "xs", "at least 2 values", `${xs.length}`);
  const mean = seriesMean(xs);
  const sd = seriesStd(xs);
  return { mean, sd, t: sd > 0 ? mean / (sd / Math.sqrt(xs.length)) : 0, n: xs.length };
}

const keyOf = (d: DateKey) => (d instanceof Date ? d.getTime() : d);

/** Row indices grouped by date, dates in increasing order. */
function byDate(fn: string, x: CrossSection): { date: DateKey; rows: number[] }[] {
  const n = x.dates.length;
  require(n > 0, fn, "x.dates", "a non-empty array", x.dates);
  for (const [arg, v] of [["x.signal", x.signal], ["x.returns", x.returns]] as const) {
    require(v.length === n, fn, arg, `${n} values (one per date entry)`, `${v.length}`);
    for (let i = 0; i < n; i++) {
      require(Number.isFinite(v[i]), fn, `${arg}[${i}]`, "a finite number", v[i]);
    }
  }
  const groups = new Map<number | string, { date: DateKey; rows: number[] }>();
  x.dates.forEach((d, i) => {
    const k = keyOf(d);
    const ok = typeof k === "string" ? k.length > 0 : Number.isFinite(k);
    require(ok, fn, `x.dates[${i}]`, "a valid date, number or non-empty string", d);
    const g = groups.get(k);
    if (g) g.rows.push(i);
    else groups.set(k, { date: d, rows: [i] });
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g);
}

/**
 * Per-date Spearman IC of signal vs returns (dates where either is constant are skipped), with
 * its mean and t-statistic.
 */
export function crossSectionalIc(x: CrossSection): MeanTStat & { dates: DateKey[]; ic: number[] } {
  const dates: DateKey[] = [];
  const ic: number[] = [];
  for (const g of byDate("crossSectionalIc", x)) {
    const s = g.rows.map((i) => x.signal[i]);
    const r = g.rows.map((i) => x.returns[i]);
    if (new Set(s).size > 1 && new Set(r).size > 1) {
      dates.push(g.date);
      ic.push(spearmanCorrelation(s, r));
    }
  }
  require(
    ic.length >= 2,
    "crossSectionalIc",
    "x",
    "at least 2 dates with varying values",
    ic.length,
  );
  return { dates, ic, ...meanTStat(ic) };
}

/**
 * Quantile buckets within each date: rank by signal (ties in row order), bucket =
 * ⌊(rank − 1)·q / names⌋, so 0 is the lowest signal and q − 1 the highest.
 */
export function crossSectionalBuckets(x: CrossSection, q = 5): Int32Array {
  requireNumber("crossSectionalBuckets", "q", q, { integer: true, min: 2 });
  const out = new Int32Array(x.dates.length);
  for (const g of byDate("crossSectionalBuckets", x)) {
    const order = [...g.rows].sort((a, b) => x.signal[a] - x.signal[b] || a - b);
    order.forEach((row, rank) => (out[row] = Math.floor((rank * q) / order.length)));
  }
  return out;
}

/**
 * Long-short quantile spread: per date, the mean return of the top signal bucket minus the
 * bottom one (dates with both), its mean and t-statistic, and each bucket's mean return over
 * all rows.
 */
export function quantileSpread(
  x: CrossSection,
  q = 5,
): MeanTStat & { dates: DateKey[]; spread: number[]; bucketMeans: number[] } {
  const buckets = crossSectionalBuckets(x, q);
  const dates: DateKey[] = [];
  const spread: number[] = [];
  for (const g of byDate("quantileSpread", x)) {
    const mean = (b: number) => {
      const r = g.rows.filter((i) => buckets[i] === b).map((i) => x.returns[i]);
      return r.length ? seriesMean(r) : NaN;
    };
    const top = mean(q - 1), bottom = mean(0);
    if (Number.isFinite(top) && Number.isFinite(bottom)) {
      dates.push(g.date);
      spread.push(top - bottom);
    }
  }
  require(
    spread.length >= 2,
    "quantileSpread",
    "x",
    "at least 2 dates with full buckets",
    spread.length,
  );
  const bucketMeans = Array.from({ length: q }, (_, b) => {
    const r = Array.from(buckets.keys()).filter((i) => buckets[i] === b).map((i) => x.returns[i]);
    return r.length ? seriesMean(r) : NaN;
  });
  return { dates, spread, bucketMeans, ...meanTStat(spread) };
}
