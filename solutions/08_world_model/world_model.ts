/**
 * Exercise 08 (reference solution): four pieces of planning a portfolio and judging it —
 * softmax logits to simplex weights with the cost of the turnover they imply, one update of the
 * cross-entropy method, Lo's standard error of the Sharpe ratio, and drifted weights with
 * turnover. Plain numbers, no tensors.
 */

/**
 * Weights on the simplex from logits (softmax, subtract the max for stability), the turnover
 * Σ|w − prevDrifted| of moving there from the drifted book, and its cost turnover·costBps/10⁴.
 * Throw an Error on empty logits, a length mismatch or a negative cost.
 */
export function simplexWithTurnover(
  logits: number[],
  prevDrifted: number[],
  costBps: number,
): { weights: number[]; turnover: number; cost: number } {
  if (logits.length === 0) throw new Error("simplexWithTurnover: logits must not be empty");
  if (prevDrifted.length !== logits.length) {
    throw new Error(
      `simplexWithTurnover: prevDrifted has ${prevDrifted.length} weights, logits ${logits.length}`,
    );
  }
  if (!(costBps >= 0)) throw new Error(`simplexWithTurnover: costBps must be >= 0, got ${costBps}`);
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  const weights = e.map((v) => v / s);
  const turnover = weights.reduce((a, w, i) => a + Math.abs(w - prevDrifted[i]), 0);
  return { weights, turnover, cost: (turnover * costBps) / 1e4 };
}

/**
 * One CEM update: keep the `nElites` samples with the lowest cost and return their mean and
 * population standard deviation (divide by nElites) in every dimension. Throw an Error when
 * costs and samples differ in length or nElites is not an integer in [1, number of samples].
 */
export function cemUpdate(
  samples: number[][],
  costs: number[],
  nElites: number,
): { mean: number[]; std: number[] } {
  if (samples.length === 0 || costs.length !== samples.length) {
    throw new Error(`cemUpdate: ${samples.length} samples but ${costs.length} costs`);
  }
  if (!Number.isInteger(nElites) || nElites < 1 || nElites > samples.length) {
    throw new Error(
      `cemUpdate: nElites must be an integer in [1, ${samples.length}], got ${nElites}`,
    );
  }
  const order = costs.map((c, i) => [c, i]).sort((a, b) => a[0] - b[0]).slice(0, nElites);
  const elites = order.map(([, i]) => samples[i]);
  const d = samples[0].length;
  const mean = Array.from({ length: d }, (_, j) => elites.reduce((a, e) => a + e[j], 0) / nElites);
  const std = mean.map((m, j) =>
    Math.sqrt(elites.reduce((a, e) => a + (e[j] - m) ** 2, 0) / nElites)
  );
  return { mean, std };
}

/**
 * The per-period Sharpe ratio mean/sd (sample sd, divide by T − 1) and Lo's (2002) standard
 * error √((1 + SR²/2)/T). Throw an Error with fewer than 3 returns or zero variance.
 */
export function loSharpeSE(returns: number[]): { sr: number; se: number } {
  const T = returns.length;
  if (T < 3) throw new Error(`loSharpeSE: need at least 3 returns, got ${T}`);
  const mean = returns.reduce((a, b) => a + b, 0) / T;
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (T - 1));
  if (sd === 0) throw new Error("loSharpeSE: the returns have zero variance");
  const sr = mean / sd;
  return { sr, se: Math.sqrt((1 + (sr * sr) / 2) / T) };
}

/**
 * Weights [T][N] decided at the close of each row earn the next row of returns [T][N]. For
 * k = 0 … T − 2: drifted[k] = w_k∘(1 + r_{k+1})/(1 + w_kᵀr_{k+1}), and the turnover of the next
 * rebalance, turnover[k] = Σ|w_{k+1} − drifted[k]|. Throw an Error on a shape mismatch or fewer
 * than 2 rows.
 */
export function driftedTurnover(
  weights: number[][],
  returns: number[][],
): { drifted: number[][]; turnover: number[] } {
  if (weights.length < 2 || returns.length !== weights.length) {
    throw new Error(
      `driftedTurnover: need >= 2 rows of weights and as many of returns, got ${weights.length} and ${returns.length}`,
    );
  }
  const n = weights[0].length;
  if (weights.some((w) => w.length !== n) || returns.some((r) => r.length !== n)) {
    throw new Error(`driftedTurnover: every row must have ${n} assets`);
  }
  const drifted: number[][] = [];
  const turnover: number[] = [];
  for (let k = 0; k < weights.length - 1; k++) {
    const w = weights[k], r = returns[k + 1];
    const growth = 1 + w.reduce((a, wi, i) => a + wi * r[i], 0);
    const d = w.map((wi, i) => (wi * (1 + r[i])) / growth);
    drifted.push(d);
    turnover.push(weights[k + 1].reduce((a, wi, i) => a + Math.abs(wi - d[i]), 0));
  }
  return { drifted, turnover };
}
