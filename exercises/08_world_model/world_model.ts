/**
 * Exercise 08: four pieces of planning a portfolio and judging it — softmax logits to simplex
 * weights with the cost of the turnover they imply, one update of the cross-entropy method,
 * Lo's standard error of the Sharpe ratio, and drifted weights with turnover. Plain numbers, no
 * tensors. Replace each `throw` with your code, then run `deno task grade 08`.
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
  void logits, prevDrifted, costBps;
  throw new Error(
    "TODO: simplexWithTurnover — softmax the logits, Σ|w − prevDrifted|, times costBps / 1e4",
  );
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
  void samples, costs, nElites;
  throw new Error("TODO: cemUpdate — sort by cost, keep nElites, mean and std per dimension");
}

/**
 * The per-period Sharpe ratio mean/sd (sample sd, divide by T − 1) and Lo's (2002) standard
 * error √((1 + SR²/2)/T). Throw an Error with fewer than 3 returns or zero variance.
 */
export function loSharpeSE(returns: number[]): { sr: number; se: number } {
  void returns;
  throw new Error("TODO: loSharpeSE — sr = mean / sd, se = sqrt((1 + sr² / 2) / T)");
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
  void weights, returns;
  throw new Error(
    "TODO: driftedTurnover — drift each row by the next returns, then Σ|w_{k+1} − drifted|",
  );
}
