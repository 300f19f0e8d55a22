/**
 * SYNTHETIC markets for the planner's full action space and for a placebo.
 *
 * Regime market: a hidden two-state Markov chain (0 calm, 1 bad) drives a market factor
 * m_t ~ N(μ_s, σ_s²); asset i returns β_i·m_t + e_ti, e ~ N(0, σ_e²). A hedge overlay (short
 * the market, paying a carry) returns h_t = −m_t − carry: it loses a little in the calm regime
 * and earns in the bad one, so it is worth switching on exactly when the bad regime is likely.
 * The simulator exposes the true regime so a planner's hedge can be scored (`hedgeHitRate`).
 * Row t of every array is the return over period t; a decision at the close of t earns row t + 1.
 *
 * Placebo market: i.i.d. normal returns with no predictability at all, so an honest strategy
 * trades little and shows no significant (deflated) Sharpe ratio.
 */
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";

/** Options of `simulateRegimeMarket` (per-period units; defaults are daily-like). */
export interface RegimeMarketOptions {
  /** Periods T. */
  T: number;
  /** Assets N (default 4). */
  nAssets?: number;
  /** Probability of staying calm / staying bad each period (default 0.98 / 0.95). */
  stayCalm?: number;
  stayBad?: number;
  /** Market mean per regime [calm, bad] (default [0.0006, −0.003]). */
  marketMean?: [number, number];
  /** Market volatility per regime [calm, bad] (default [0.008, 0.025]). */
  marketVol?: [number, number];
  /** Idiosyncratic volatility (default 0.01). */
  idioVol?: number;
  /** Market betas [N] (default evenly 0.8 … 1.2). */
  betas?: number[];
  /** Carry the hedge pays every period (default 0.0001). */
  carry?: number;
}

/** A simulated regime market (synthetic). */
export interface RegimePath {
  synthetic: true;
  model: "regime-hedge";
  params: Required<RegimeMarketOptions>;
  /** Asset returns [T][N]. */
  returns: number[][];
  /** Hedge overlay returns [T]: −m_t − carry. */
  hedgeReturns: number[];
  /** Market factor [T]. */
  market: number[];
  /** True regime of each row: 0 calm, 1 bad. */
  regime: number[];
}

/** Simulate the regime market (starting in its stationary distribution). */
export function simulateRegimeMarket(
  opts: RegimeMarketOptions,
  seed: number | Rng = 0,
): RegimePath {
  const fn = "simulateRegimeMarket";
  const T = requireNumber(fn, "opts.T", opts?.T, { integer: true, min: 2 });
  const N = requireNumber(fn, "opts.nAssets", opts.nAssets ?? 4, { integer: true, positive: true });
  const stayCalm = requireNumber(fn, "opts.stayCalm", opts.stayCalm ?? 0.98, {
    min: 0,
    max: 0.9999,
  });
  const stayBad = requireNumber(fn, "opts.stayBad", opts.stayBad ?? 0.95, { min: 0, max: 0.9999 });
  const marketMean = opts.marketMean ?? [0.0006, -0.003];
  const marketVol = opts.marketVol ?? [0.008, 0.025];
  require(
    Array.isArray(marketMean) && marketMean.length === 2 && marketMean.every(Number.isFinite),
    fn,
    "opts.marketMean",
    "[calm, bad] finite",
    marketMean,
  );
  require(
    Array.isArray(marketVol) && marketVol.length === 2 && marketVol.every((v) => v > 0),
    fn,
    "opts.marketVol",
    "[calm, bad] > 0",
    marketVol,
  );
  const idioVol = requireNumber(fn, "opts.idioVol", opts.idioVol ?? 0.01, { nonNegative: true });
  const betas = opts.betas ??
    Array.from({ length: N }, (_, i) => (N === 1 ? 1 : 0.8 + (0.4 * i) / (N - 1)));
  require(
    Array.isArray(betas) && betas.length === N && betas.every(Number.isFinite),
    fn,
    "opts.betas",
    `${N} finite betas`,
    betas,
  );
  const carry = requireNumber(fn, "opts.carry", opts.carry ?? 0.0001, { nonNegative: true });
  const rng = seed instanceof Rng
    ? seed
    : new Rng(requireNumber(fn, "seed", seed, { integer: true }));
  const pBad = (1 - stayCalm) / (2 - stayCalm - stayBad);
  let s = rng.random() < pBad ? 1 : 0;
  const returns: number[][] = [],
    hedgeReturns: number[] = [],
    market: number[] = [],
    regime: number[] = [];
  for (let t = 0; t < T; t++) {
    if (t > 0) s = rng.random() < (s === 0 ? stayCalm : stayBad) ? s : 1 - s;
    const m = marketMean[s] + marketVol[s] * rng.normal();
    regime.push(s);
    market.push(m);
    hedgeReturns.push(-m - carry);
    returns.push(betas.map((b) => Math.max(-0.99, b * m + idioVol * rng.normal())));
  }
  const params = {
    T,
    nAssets: N,
    stayCalm,
    stayBad,
    marketMean,
    marketVol,
    idioVol,
    betas,
    carry,
  } as Required<RegimeMarketOptions>;
  return { synthetic: true, model: "regime-hedge", params, returns, hedgeReturns, market, regime };
}

/**
 * Fraction of decisions whose hedge matches the regime known at decision time: hedge[t] (0/1,
 * decided at the close of t) is a hit when it equals regime[t]. Also the hit rates in each regime.
 */
export function hedgeHitRate(
  hedge: number[],
  regime: number[],
): { hitRate: number; calm: number; bad: number } {
  const fn = "hedgeHitRate";
  require(
    Array.isArray(hedge) && hedge.length > 0 && hedge.every((h) => h === 0 || h === 1),
    fn,
    "hedge",
    "a non-empty array of 0/1",
    hedge,
  );
  require(
    Array.isArray(regime) && regime.length === hedge.length &&
      regime.every((h) => h === 0 || h === 1),
    fn,
    "regime",
    `${hedge.length} values in {0, 1}`,
    regime,
  );
  let hits = 0, calmN = 0, calmHits = 0, badN = 0, badHits = 0;
  hedge.forEach((h, t) => {
    const hit = h === regime[t] ? 1 : 0;
    hits += hit;
    if (regime[t] === 0) (calmN++, calmHits += hit);
    else (badN++, badHits += hit);
  });
  return {
    hitRate: hits / hedge.length,
    calm: calmN ? calmHits / calmN : NaN,
    bad: badN ? badHits / badN : NaN,
  };
}

/** A simulated placebo market (synthetic). */
export interface PlaceboPath {
  synthetic: true;
  model: "iid-placebo";
  params: { T: number; nAssets: number; mean: number; vol: number; corr: number };
  /** Returns [T][N], i.i.d. over time. */
  returns: number[][];
}

/** I.i.d. normal returns with a common pairwise correlation `corr` (one-factor construction). */
export function simulatePlaceboMarket(
  opts: { T: number; nAssets?: number; mean?: number; vol?: number; corr?: number },
  seed: number | Rng = 0,
): PlaceboPath {
  const fn = "simulatePlaceboMarket";
  const T = requireNumber(fn, "opts.T", opts?.T, { integer: true, min: 2 });
  const N = requireNumber(fn, "opts.nAssets", opts.nAssets ?? 4, { integer: true, positive: true });
  const mean = requireNumber(fn, "opts.mean", opts.mean ?? 0);
  const vol = requireNumber(fn, "opts.vol", opts.vol ?? 0.01, { positive: true, max: 0.2 });
  const corr = requireNumber(fn, "opts.corr", opts.corr ?? 0.3, { min: 0, max: 0.99 });
  const rng = seed instanceof Rng
    ? seed
    : new Rng(requireNumber(fn, "seed", seed, { integer: true }));
  const returns = Array.from({ length: T }, () => {
    const common = rng.normal();
    return Array.from(
      { length: N },
      () =>
        Math.max(
          -0.99,
          mean + vol * (Math.sqrt(corr) * common + Math.sqrt(1 - corr) * rng.normal()),
        ),
    );
  });
  return {
    synthetic: true,
    model: "iid-placebo",
    params: { T, nAssets: N, mean, vol, corr },
    returns,
  };
}
