/**
 * The Sharpe ratio with its uncertainty: Lo's (2002) i.i.d.-normal standard error, Mertens'
 * (2002) non-normal form, the Probabilistic Sharpe Ratio and the Deflated Sharpe Ratio
 * (Bailey & López de Prado 2014), and the Jobson–Korkie test with Memmel's (2003) correction.
 *
 * Conventions: SR = mean / sd of the per-period returns (sd with ddof 1), no risk-free rate
 * (pass excess returns). Skewness γ₃ and raw (Pearson) kurtosis γ₄ are population moments
 * (lib/data/stats.ts). Standard errors: Lo √((1 + SR²/2)/T); Mertens
 * √((1 − γ₃SR + (γ₄ − 1)/4·SR²)/T). PSR(SR*) = Φ[(SR − SR*)√(T − 1)/√(1 − γ₃SR + (γ₄−1)/4·SR²)].
 * DSR = PSR(SR₀) with SR₀ = √V·[(1 − γ_E)Φ⁻¹(1 − 1/N) + γ_E·Φ⁻¹(1 − 1/(N e))] for N trials,
 * where V is the variance across trials of their per-period Sharpe ratios: pass it
 * (`trialsSrVariance`) or the trials' Sharpe ratios (`trialSharpes`); by default V is the
 * variance a skill-less trial's SR has by chance, 1/T (Lo's variance at SR = 0) — the
 * hypothesis DSR tests. Everything is per period; the `annual` fields scale by √periodsPerYear.
 */
import { require, requireNumber } from "../errors.ts";
import { normalCdf, normalQuantile } from "../data/normal.ts";
import { requireVector } from "./matrix.ts";

/** Euler–Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/** Options of `sharpeStats`. */
export interface SharpeOptions {
  /** Periods per year for the annualised fields (default 252). */
  periodsPerYear?: number;
  /** Number of configurations tried (default 1: DSR = PSR against 0). */
  trials?: number;
  /** Variance across trials of their per-period Sharpe ratios (default 1/T, see module doc). */
  trialsSrVariance?: number;
  /** Per-period Sharpe ratios of all trials, to estimate that variance (ddof 1). */
  trialSharpes?: number[];
}

/** Sharpe ratio statistics; per period unless named annual. */
export interface SharpeStats {
  /** Number of returns. */
  n: number;
  /** Per-period Sharpe ratio mean / sd. */
  sr: number;
  /** sr × √periodsPerYear. */
  srAnnual: number;
  /** Lo (2002) standard error of sr under i.i.d. normal returns. */
  seLo: number;
  /** Mertens (2002) standard error of sr for i.i.d. non-normal returns. */
  seNonNormal: number;
  /** seLo × √periodsPerYear. */
  seLoAnnual: number;
  /** seNonNormal × √periodsPerYear. */
  seNonNormalAnnual: number;
  /** Skewness γ₃ (population). */
  skew: number;
  /** Raw kurtosis γ₄ (3 for a normal). */
  kurtosis: number;
  /** Probabilistic Sharpe ratio against SR* = 0. */
  psr: number;
  /** Benchmark SR₀ (per period) implied by `trials` and the trials' SR variance. */
  sr0: number;
  /** Deflated Sharpe ratio PSR(SR₀). */
  dsr: number;
}

/** Expected maximum per-period SR of `trials` skill-less trials whose SRs have variance `v`. */
export function expectedMaxSharpe(trials: number, v: number): number {
  requireNumber("expectedMaxSharpe", "trials", trials, { integer: true, positive: true });
  requireNumber("expectedMaxSharpe", "v", v, { nonNegative: true });
  if (trials === 1) return 0;
  return Math.sqrt(v) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
      EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/** Probabilistic Sharpe ratio of per-period `sr` against `srStar` (T returns, γ₃, raw γ₄). */
export function probabilisticSharpe(
  sr: number,
  srStar: number,
  n: number,
  skew = 0,
  kurtosis = 3,
): number {
  const fn = "probabilisticSharpe";
  requireNumber(fn, "sr", sr);
  requireNumber(fn, "srStar", srStar);
  requireNumber(fn, "n", n, { integer: true, min: 2 });
  requireNumber(fn, "skew", skew);
  requireNumber(fn, "kurtosis", kurtosis, { positive: true });
  const denom = 1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr;
  require(denom > 0, fn, "sr", "1 − γ₃SR + (γ₄−1)/4·SR² > 0", `${denom}`);
  return normalCdf(((sr - srStar) * Math.sqrt(n - 1)) / Math.sqrt(denom));
}

function moments(xs: number[]) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of xs) {
    const d = x - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  return { mean, sd: Math.sqrt(m2 / (n - 1)), m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Sharpe ratio, its standard errors, PSR and DSR of a return series (see the module doc). */
export function sharpeStats(returns: number[], opts: SharpeOptions = {}): SharpeStats {
  const fn = "sharpeStats";
  const r = requireVector(fn, "returns", returns);
  require(r.length >= 3, fn, "returns", "at least 3 returns", `${r.length}`);
  const ppy = requireNumber(fn, "periodsPerYear", opts.periodsPerYear ?? 252, { positive: true });
  const trials = requireNumber(fn, "trials", opts.trials ?? 1, { integer: true, positive: true });
  const n = r.length;
  const { mean, sd, m2, m3, m4 } = moments(r);
  require(sd > 0, fn, "returns", "a series with non-zero variance", "constant values");
  const sr = mean / sd;
  const skew = m3 / Math.pow(m2, 1.5);
  const kurtosis = m4 / (m2 * m2);
  const seLo = Math.sqrt((1 + (sr * sr) / 2) / n);
  const seNonNormal = Math.sqrt(
    Math.max(0, 1 - skew * sr + ((kurtosis - 1) / 4) * sr * sr) / n,
  );
  let v: number;
  if (opts.trialsSrVariance !== undefined) {
    v = requireNumber(fn, "trialsSrVariance", opts.trialsSrVariance, { nonNegative: true });
  } else if (opts.trialSharpes !== undefined) {
    const s = requireVector(fn, "trialSharpes", opts.trialSharpes);
    require(s.length >= 2, fn, "trialSharpes", "at least 2 values", `${s.length}`);
    v = moments(s).sd ** 2;
  } else {
    v = 1 / n;
  }
  const sr0 = expectedMaxSharpe(trials, v);
  return {
    n,
    sr,
    srAnnual: sr * Math.sqrt(ppy),
    seLo,
    seNonNormal,
    seLoAnnual: seLo * Math.sqrt(ppy),
    seNonNormalAnnual: seNonNormal * Math.sqrt(ppy),
    skew,
    kurtosis,
    psr: probabilisticSharpe(sr, 0, n, skew, kurtosis),
    sr0,
    dsr: probabilisticSharpe(sr, sr0, n, skew, kurtosis),
  };
}

/** Result of the Jobson–Korkie–Memmel test of equal Sharpe ratios. */
export interface SharpeDiffTest {
  /** Per-period Sharpe ratios of a and b. */
  srA: number;
  srB: number;
  /** Correlation of a and b. */
  rho: number;
  /** z = (srA − srB)/√θ. */
  z: number;
  /** Two-sided p-value 2(1 − Φ(|z|)). */
  p: number;
}

/**
 * Jobson–Korkie test with Memmel's correction that two paired return series have the same
 * Sharpe ratio: θ = [2 − 2ρ + ½(SRa² + SRb²) − SRa·SRb·ρ²]/T, z = (SRa − SRb)/√θ.
 */
export function sharpeDiffTest(a: number[], b: number[]): SharpeDiffTest {
  const fn = "sharpeDiffTest";
  const x = requireVector(fn, "a", a);
  const y = requireVector(fn, "b", b, x.length);
  const n = x.length;
  require(n >= 3, fn, "a", "at least 3 returns", `${n}`);
  const mx = moments(x), my = moments(y);
  require(mx.sd > 0, fn, "a", "a series with non-zero variance", "constant values");
  require(my.sd > 0, fn, "b", "a series with non-zero variance", "constant values");
  let cov = 0;
  for (let i = 0; i < n; i++) cov += (x[i] - mx.mean) * (y[i] - my.mean);
  cov /= n - 1;
  const rho = cov / (mx.sd * my.sd);
  const srA = mx.mean / mx.sd, srB = my.mean / my.sd;
  const theta = (2 - 2 * rho + 0.5 * (srA * srA + srB * srB) - srA * srB * rho * rho) / n;
  if (!(theta > 0)) {
    // identical series: no difference to test
    return { srA, srB, rho, z: 0, p: 1 };
  }
  const z = (srA - srB) / Math.sqrt(theta);
  const p = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return { srA, srB, rho, z, p };
}
