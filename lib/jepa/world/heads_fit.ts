/**
 * Closed-form utility heads: with linear heads (`headHidden: 0`), fit the expected-return head by
 * ridge regression of the next-day returns on the frozen (detached) latents, choosing the ridge
 * penalty on the last `valFraction` of the days (time order kept), then refitting on all; the
 * risk head regresses log squared residuals (+1.27, the mean of log χ²₁, so exp gives a
 * variance). Noisy returns (R² of a few percent) defeat a few SGD steps; a ridge does not.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { encodeObservations, WM_PARTS, type WorldModel } from "./model.ts";

/** Solve (XᵀX + αD)β = XᵀY for β [p][k]; the last column of X is the unpenalised intercept. */
function ridgeSolve(x: number[][], y: number[][], alpha: number): number[][] {
  const p = x[0].length;
  const k = y[0].length;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = Array.from({ length: p }, () => new Array<number>(k).fill(0));
  for (let r = 0; r < x.length; r++) {
    const xr = x[r];
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) a[i][j] += xr[i] * xr[j];
      for (let j = 0; j < k; j++) b[i][j] += xr[i] * y[r][j];
    }
  }
  for (let i = 0; i < p - 1; i++) a[i][i] += alpha;
  for (let c = 0; c < p; c++) { // Gauss–Jordan with partial pivoting
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    const d = a[c][c] || 1e-12;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c] / d;
      if (f === 0) continue;
      for (let j = c; j < p; j++) a[r][j] -= f * a[c][j];
      for (let j = 0; j < k; j++) b[r][j] -= f * b[c][j];
    }
  }
  return b.map((row, i) => row.map((v) => v / (a[i][i] || 1e-12)));
}

const predict = (x: number[][], beta: number[][]) =>
  x.map((xr) => beta[0].map((_, j) => xr.reduce((s, v, i) => s + v * beta[i][j], 0)));

/** Latents [n][D] of observation windows obs [n, T, F], encoded in chunks. */
export async function encodeAll(
  model: WorldModel,
  obs: tf.Tensor3D,
  chunk = 1024,
): Promise<number[][]> {
  const out: number[][] = [];
  for (let s = 0; s < obs.shape[0]; s += chunk) {
    const z = tf.tidy(() =>
      encodeObservations(
        model,
        tf.slice(obs, [s, 0, 0], [Math.min(chunk, obs.shape[0] - s), -1, -1]),
      )
    );
    out.push(...(await z.array()));
    z.dispose();
  }
  return out;
}

/** What `fitLinearHeads` chose. */
export interface HeadsFit {
  alpha: number;
  /** Validation mean squared error of the chosen penalty (in scaled return units). */
  valMse: number;
  /** The risk head's penalty (chosen the same way on log squared residuals). */
  riskAlpha: number;
}

/** Fit the linear mu and risk heads of `model` in closed form on (obs, nextReturns). */
export async function fitLinearHeads(
  model: WorldModel,
  obs: tf.Tensor3D,
  nextReturns: number[][],
  opts: { alphas?: number[]; valFraction?: number } = {},
): Promise<HeadsFit> {
  const fn = "fitLinearHeads";
  require(
    model.config.headHidden === 0,
    fn,
    "model",
    "a model with linear heads (headHidden 0)",
    model.config.headHidden,
  );
  require(
    Array.isArray(nextReturns) && nextReturns.length === obs.shape[0] && nextReturns.length >= 10,
    fn,
    "nextReturns",
    `${obs.shape[0]} rows (one per observation, at least 10)`,
    nextReturns?.length,
  );
  const valFraction = requireNumber(fn, "valFraction", opts.valFraction ?? 0.2, {
    min: 0.05,
    max: 0.5,
  });
  const alphas = opts.alphas ?? [0.1, 1, 10, 100, 1000, 10000];
  const s = model.returnScale;
  const y = nextReturns.map((r) => r.map((v) => v * s));
  const x = (await encodeAll(model, obs)).map((z) => [...z, 1]);
  const nFit = Math.floor(x.length * (1 - valFraction));
  /** The penalty with the lowest validation MSE of targets t (fit on the first nFit rows). */
  const choose = (t: number[][]) => {
    let best = { alpha: alphas[0], valMse: Infinity };
    for (const alpha of alphas) {
      const pv = predict(x.slice(nFit), ridgeSolve(x.slice(0, nFit), t.slice(0, nFit), alpha));
      let mse = 0;
      pv.forEach((row, i) => row.forEach((v, j) => (mse += (v - t[nFit + i][j]) ** 2)));
      mse /= pv.length * t[0].length;
      if (mse < best.valMse) best = { alpha, valMse: mse };
    }
    return best;
  };
  const best = choose(y);
  const beta = ridgeSolve(x, y, best.alpha);
  const mu = predict(x, beta);
  const logSq = y.map((row, i) => row.map((v, j) => Math.log((v - mu[i][j]) ** 2 + 1e-8) + 1.27));
  const riskBest = choose(logSq);
  const gamma = ridgeSolve(x, logSq, riskBest.alpha);
  const d = x[0].length - 1;
  const assign = (key: string, coef: number[][]) => {
    model.params[`${WM_PARTS.heads}/${key}/out/w`].assign(tf.tensor2d(coef.slice(0, d)));
    model.params[`${WM_PARTS.heads}/${key}/out/b`].assign(tf.tensor1d(coef[d]));
  };
  tf.tidy(() => {
    assign("mu", beta);
    assign("risk", gamma);
  });
  return { ...best, riskAlpha: riskBest.alpha };
}
