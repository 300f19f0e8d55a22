/**
 * Descriptive statistics of return series. Conventions (the same as scipy.stats with its
 * defaults): moments are population moments (divide by n), skewness = m3 / m2^1.5,
 * Pearson kurtosis = m4 / m2^2 (a normal distribution has 3), excess kurtosis = Pearson - 3
 * (a normal distribution has 0). Rolling versions give NaN until the window is full.
 */
import { require, requireFinite, requireNumber } from "../errors.ts";

function moments(fn: string, xs: ArrayLike<number>, from = 0, to = xs.length) {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  const n = to - from;
  const mean = s / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = from; i < to; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (m2 === 0) {
    throw new Error(`${fn}: the values are constant (zero variance): the moment is undefined`);
  }
  return { mean, m2, m3, m4 };
}

function checkSeries(fn: string, xs: ArrayLike<number>, minLength: number): void {
  requireFinite(fn, "xs", xs);
  require(xs.length >= minLength, fn, "xs", `at least ${minLength} values`, xs);
}

/** Arithmetic mean of finite values. */
export function seriesMean(xs: ArrayLike<number>): number {
  checkSeries("seriesMean", xs, 1);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Standard deviation; `ddof` 1 (default) is the sample estimator, 0 the population one. */
export function seriesStd(xs: ArrayLike<number>, ddof = 1): number {
  requireNumber("seriesStd", "ddof", ddof, { integer: true, nonNegative: true });
  checkSeries("seriesStd", xs, ddof + 1);
  const m = seriesMean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / (xs.length - ddof));
}

/** Skewness m3 / m2^1.5 (population moments; 0 for a symmetric sample). */
export function skewness(xs: ArrayLike<number>): number {
  checkSeries("skewness", xs, 2);
  const { m2, m3 } = moments("skewness", xs);
  return m3 / Math.pow(m2, 1.5);
}

/** Pearson kurtosis m4 / m2^2 (population moments): a normal sample gives about 3. */
export function pearsonKurtosis(xs: ArrayLike<number>): number {
  checkSeries("pearsonKurtosis", xs, 2);
  const { m2, m4 } = moments("pearsonKurtosis", xs);
  return m4 / (m2 * m2);
}

/** Excess kurtosis m4 / m2^2 - 3: a normal sample gives about 0, fat tails give > 0. */
export function excessKurtosis(xs: ArrayLike<number>): number {
  return pearsonKurtosis(xs) - 3;
}

function rolling(
  fn: string,
  xs: ArrayLike<number>,
  window: number,
  stat: (m: { m2: number; m3: number; m4: number }) => number,
): Float64Array {
  requireFinite(fn, "xs", xs);
  requireNumber(fn, "window", window, { integer: true, min: 2 });
  const out = new Float64Array(xs.length).fill(NaN);
  for (let end = window; end <= xs.length; end++) {
    out[end - 1] = stat(moments(fn, xs, end - window, end));
  }
  return out;
}

/** Rolling skewness over the last `window` values (NaN for the first window-1 positions). */
export function rollingSkewness(xs: ArrayLike<number>, window: number): Float64Array {
  return rolling("rollingSkewness", xs, window, (m) => m.m3 / Math.pow(m.m2, 1.5));
}

/** Rolling Pearson kurtosis (normal = 3) over the last `window` values (NaN until full). */
export function rollingPearsonKurtosis(xs: ArrayLike<number>, window: number): Float64Array {
  return rolling("rollingPearsonKurtosis", xs, window, (m) => m.m4 / (m.m2 * m.m2));
}

/** Rolling excess kurtosis (normal = 0) over the last `window` values (NaN until full). */
export function rollingExcessKurtosis(xs: ArrayLike<number>, window: number): Float64Array {
  return rolling("rollingExcessKurtosis", xs, window, (m) => m.m4 / (m.m2 * m.m2) - 3);
}

/** Rolling sample standard deviation (ddof 1) over the last `window` values (NaN until full). */
export function rollingStd(xs: ArrayLike<number>, window: number): Float64Array {
  return rolling("rollingStd", xs, window, (m) => Math.sqrt(m.m2 * window / (window - 1)));
}

/**
 * Sample autocorrelation r_k = sum (x_t - mean)(x_{t+k} - mean) / sum (x_t - mean)^2 for
 * k = 0..maxLag (the estimator of statsmodels' acf); result[0] is 1.
 */
export function autocorrelation(xs: ArrayLike<number>, maxLag: number): Float64Array {
  checkSeries("autocorrelation", xs, 2);
  requireNumber("autocorrelation", "maxLag", maxLag, { integer: true, min: 0, max: xs.length - 1 });
  const m = seriesMean(xs);
  let denom = 0;
  for (let i = 0; i < xs.length; i++) denom += (xs[i] - m) ** 2;
  require(denom > 0, "autocorrelation", "xs", "values that are not all equal", "a constant series");
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < xs.length; t++) s += (xs[t] - m) * (xs[t + k] - m);
    out[k] = s / denom;
  }
  return out;
}

/** Ranks 1..n with ties given their average rank (as scipy.stats.rankdata). */
export function averageRanks(xs: ArrayLike<number>): Float64Array {
  requireFinite("averageRanks", "xs", xs);
  const idx = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && xs[idx[j + 1]] === xs[idx[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[idx[k]] = r;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation of two equally long finite series. */
export function pearsonCorrelation(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  checkSeries("pearsonCorrelation", xs, 2);
  requireFinite("pearsonCorrelation", "ys", ys);
  require(
    ys.length === xs.length,
    "pearsonCorrelation",
    "ys",
    `length ${xs.length} (as xs)`,
    `length ${ys.length}`,
  );
  const mx = seriesMean(xs), my = seriesMean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const a = xs[i] - mx, b = ys[i] - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  require(sxx > 0 && syy > 0, "pearsonCorrelation", "xs/ys", "non-constant series", "a constant");
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson correlation of the average ranks. */
export function spearmanCorrelation(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  require(
    xs.length === ys.length,
    "spearmanCorrelation",
    "ys",
    `length ${xs.length} (as xs)`,
    `length ${ys.length}`,
  );
  return pearsonCorrelation(averageRanks(xs), averageRanks(ys));
}
