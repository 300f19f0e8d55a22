/**
 * Portfolio optimisers on plain numbers: Euclidean projection onto the simplex, a long-only
 * quadratic programme on the simplex (accelerated projected gradient, then an exact solve on the
 * support it finds, accepted when the KKT conditions hold), minimum-variance and mean–variance
 * weights, and the budget-constrained unconstrained mean–variance closed form.
 */
import { require, requireNumber } from "../errors.ts";
import { dot, matVec, requireMatrix, requireVector, solve, solveSpd } from "./matrix.ts";

/** Euclidean projection of `v` onto {w ≥ 0, Σw = budget} (sort-based, Held et al. / Duchi). */
export function projectToSimplex(v: number[], budget = 1): number[] {
  const x = requireVector("projectToSimplex", "v", v);
  requireNumber("projectToSimplex", "budget", budget, { positive: true });
  const u = x.slice().sort((a, b) => b - a);
  let css = 0, theta = 0;
  for (let i = 0; i < u.length; i++) {
    css += u[i];
    const t = (css - budget) / (i + 1);
    if (u[i] - t > 0) theta = t;
  }
  return x.map((xi) => Math.max(0, xi - theta));
}

/** Result of `solveSimplexQP`. */
export interface SimplexQPResult {
  weights: number[];
  /** Objective ½wᵀQw − cᵀw at the solution. */
  objective: number;
  /** Largest violation of the KKT conditions (0 at an exact optimum). */
  kktViolation: number;
  iterations: number;
}

function kkt(q: number[][], c: number[], w: number[], tolW = 1e-10): number {
  // gradient g = Qw − c; optimum: g_i = ν on the support, g_i ≥ ν off it
  const g = matVec(q, w).map((v, i) => v - c[i]);
  const supp = w.map((wi, i) => (wi > tolW ? i : -1)).filter((i) => i >= 0);
  const nu = supp.reduce((a, i) => a + g[i], 0) / supp.length;
  let viol = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] > tolW) viol = Math.max(viol, Math.abs(g[i] - nu));
    else viol = Math.max(viol, nu - g[i]);
    viol = Math.max(viol, -w[i]);
  }
  return viol;
}

/**
 * Minimise ½wᵀQw − cᵀw over {w ≥ 0, Σw = budget} for symmetric positive-semidefinite Q
 * (FISTA with step 1/‖Q‖, then an exact equality-constrained solve on the support).
 */
export function solveSimplexQP(
  q: number[][],
  c: number[],
  opts: { budget?: number; maxIter?: number; tol?: number } = {},
): SimplexQPResult {
  const fn = "solveSimplexQP";
  const [n] = requireMatrix(fn, "q", q, { cols: q.length });
  requireVector(fn, "c", c, n);
  const budget = requireNumber(fn, "budget", opts.budget ?? 1, { positive: true });
  const maxIter = requireNumber(fn, "maxIter", opts.maxIter ?? 5000, {
    integer: true,
    positive: true,
  });
  const tol = requireNumber(fn, "tol", opts.tol ?? 1e-12, { positive: true });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      require(
        Math.abs(q[i][j] - q[j][i]) <= 1e-10 * (Math.abs(q[i][j]) + 1),
        fn,
        "q",
        "a symmetric matrix",
        `q[${i}][${j}] ≠ q[${j}][${i}]`,
      );
    }
  }
  let lip = 0;
  for (const row of q) lip = Math.max(lip, row.reduce((a, b) => a + Math.abs(b), 0));
  const step = lip > 0 ? 1 / lip : 1;
  let w = new Array<number>(n).fill(budget / n);
  let y = w.slice();
  let tk = 1;
  let it = 0;
  for (; it < maxIter; it++) {
    const g = matVec(q, y).map((v, i) => v - c[i]);
    const wNext = projectToSimplex(y.map((yi, i) => yi - step * g[i]), budget);
    const tNext = (1 + Math.sqrt(1 + 4 * tk * tk)) / 2;
    let diff = 0;
    for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs(wNext[i] - w[i]));
    y = wNext.map((wi, i) => wi + ((tk - 1) / tNext) * (wi - w[i]));
    w = wNext;
    tk = tNext;
    if (diff < tol) break;
  }
  // polish: exact KKT solve on the support found
  const supp = w.map((wi, i) => (wi > 1e-9 * budget ? i : -1)).filter((i) => i >= 0);
  const m = supp.length;
  const a: number[][] = [];
  const rhs: number[][] = [];
  for (let r = 0; r < m; r++) {
    a.push([...supp.map((j) => q[supp[r]][j]), 1]);
    rhs.push([c[supp[r]]]);
  }
  a.push([...new Array<number>(m).fill(1), 0]);
  rhs.push([budget]);
  try {
    const sol = solve(fn, "q", a, rhs).map((r) => r[0]);
    const cand = new Array<number>(n).fill(0);
    supp.forEach((j, r) => (cand[j] = sol[r]));
    if (cand.every((v) => v >= 0) && kkt(q, c, cand) <= kkt(q, c, w) + 1e-12) w = cand;
  } catch {
    // singular reduced system: keep the gradient solution
  }
  const objective = 0.5 * dot(w, matVec(q, w)) - dot(c, w);
  return { weights: w, objective, kktViolation: kkt(q, c, w), iterations: it };
}

/** Long-only minimum-variance weights for covariance `cov` (Σw = budget, w ≥ 0). */
export function minVarianceWeights(cov: number[][], budget = 1): number[] {
  requireMatrix("minVarianceWeights", "cov", cov, { cols: cov.length });
  return solveSimplexQP(cov, new Array<number>(cov.length).fill(0), { budget }).weights;
}

/**
 * Mean–variance weights maximising μᵀw − (γ/2)wᵀΣw with Σw = budget: long-only (default, the
 * simplex QP) or unconstrained (closed form w = Σ⁻¹(μ − η1)/γ, η set by the budget).
 */
export function meanVarianceWeights(
  mu: number[],
  cov: number[][],
  opts: { gamma?: number; longOnly?: boolean; budget?: number } = {},
): number[] {
  const fn = "meanVarianceWeights";
  const [n] = requireMatrix(fn, "cov", cov, { cols: cov.length });
  requireVector(fn, "mu", mu, n);
  const gamma = requireNumber(fn, "gamma", opts.gamma ?? 1, { positive: true });
  const budget = requireNumber(fn, "budget", opts.budget ?? 1, { positive: true });
  if (opts.longOnly ?? true) {
    return solveSimplexQP(cov.map((r) => r.map((v) => gamma * v)), mu, { budget }).weights;
  }
  const sMu = solveSpd(fn, "cov", cov, mu);
  const sOne = solveSpd(fn, "cov", cov, new Array<number>(n).fill(1));
  const eta = (sMu.reduce((a, b) => a + b, 0) - gamma * budget) / sOne.reduce((a, b) => a + b, 0);
  return sMu.map((v, i) => (v - eta * sOne[i]) / gamma);
}
