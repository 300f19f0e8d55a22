/**
 * L-BFGS: a deterministic quasi-Newton minimiser for smooth full-batch objectives (the
 * logistic-regression baseline). The caller supplies f(x) and its gradient in float64; the
 * search direction comes from the last `memory` steps (two-loop recursion) and a
 * backtracking line search enforces the Armijo condition.
 */
import { require, requireNumber } from "../errors.ts";

/** An objective: value and gradient at x. */
export type ValueAndGradient = (x: Float64Array) => { value: number; grad: Float64Array };

/** Options of `minimizeLbfgs`. */
export interface LbfgsOptions {
  /** Maximum iterations (default 200). */
  maxIter?: number;
  /** Stop when the largest |gradient| component is below this (default 1e-6). */
  gradTol?: number;
  /** Stop when f improves by less than ftol·max(|f|, 1) in an iteration (default 1e-12). */
  fTol?: number;
  /** Number of (s, y) pairs kept (default 10). */
  memory?: number;
}

/** Result of `minimizeLbfgs`. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradMax: number;
  iterations: number;
  evaluations: number;
  /** True when the gradient criterion was met. */
  converged: boolean;
  /** Why it stopped: small gradient, no measurable progress (precision floor), or maxIter. */
  stopReason: "gradient" | "no_progress" | "max_iter";
  /** Objective value after each iteration (first entry: the start). */
  trace: number[];
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Minimise a smooth function from `x0` with L-BFGS and an Armijo backtracking line search. */
export function minimizeLbfgs(
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  opts: LbfgsOptions = {},
): LbfgsResult {
  const fn = "minimizeLbfgs";
  require(typeof fg === "function", fn, "fg", "a function x -> {value, grad}", fg);
  require(x0.length > 0, fn, "x0", "a non-empty start", x0);
  const maxIter = requireNumber(fn, "maxIter", opts.maxIter ?? 200, { integer: true, min: 0 });
  const gradTol = requireNumber(fn, "gradTol", opts.gradTol ?? 1e-6, { nonNegative: true });
  const fTol = requireNumber(fn, "fTol", opts.fTol ?? 1e-12, { nonNegative: true });
  const m = requireNumber(fn, "memory", opts.memory ?? 10, { integer: true, positive: true });
  let x = Float64Array.from(x0);
  let { value: f, grad: g } = fg(x);
  require(
    Number.isFinite(f) && g.length === x.length,
    fn,
    "fg",
    `a finite value and a gradient of length ${x.length} at x0`,
    `value ${f}, gradient of length ${g.length}`,
  );
  let evaluations = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const trace = [f];
  let iterations = 0;
  let converged = maxAbs(g) <= gradTol;
  let stalled = false;
  while (!converged && !stalled && iterations < maxIter) {
    // two-loop recursion: d = -H g
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let i = S.length - 1; i >= 0; i--) {
      const a = dot(S[i], q) / dot(Y[i], S[i]);
      alpha[i] = a;
      for (let j = 0; j < q.length; j++) q[j] -= a * Y[i][j];
    }
    const last = S.length - 1;
    const gamma = last >= 0
      ? dot(S[last], Y[last]) / dot(Y[last], Y[last])
      : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < S.length; i++) {
      const b = dot(Y[i], q) / dot(Y[i], S[i]);
      for (let j = 0; j < q.length; j++) q[j] += S[i][j] * (alpha[i] - b);
    }
    let d = q.map((v) => -v);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = 0;
      Y.length = 0;
      d = g.map((v) => -v / Math.max(1, Math.sqrt(dot(g, g))));
      slope = dot(g, d);
    }
    let step = 1;
    let accepted = false;
    let xNew = x, fNew = f, gNew = g;
    for (let k = 0; k < 30; k++) {
      xNew = x.map((v, j) => v + step * d[j]);
      const r = fg(xNew);
      evaluations++;
      if (Number.isFinite(r.value) && r.value <= f + 1e-4 * step * slope) {
        fNew = r.value;
        gNew = r.grad;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      stalled = true; // no decrease measurable at this precision
      break;
    }
    const s = xNew.map((v, j) => v - x[j]);
    const y = gNew.map((v, j) => v - g[j]);
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      if (S.length > m) {
        S.shift();
        Y.shift();
      }
    }
    const improvement = f - fNew;
    x = xNew;
    f = fNew;
    g = gNew;
    iterations++;
    trace.push(f);
    converged = maxAbs(g) <= gradTol;
    stalled = improvement <= fTol * Math.max(Math.abs(f), 1);
  }
  const stopReason = converged ? "gradient" : stalled ? "no_progress" : "max_iter";
  return { x, value: f, gradMax: maxAbs(g), iterations, evaluations, converged, stopReason, trace };
}
