/**
 * JEPA objectives: the latent prediction loss (MSE or smooth L1 between predicted and target
 * embeddings), and two collapse regularisers on a batch of embeddings Z [B, d]:
 * VICReg's variance hinge mean_j max(0, γ − √(Var z_j + ε)) and covariance Σ_{i≠j} C_ij² / d
 * (Bardes et al., 2022), and SIGReg (LeJEPA, Balestriero & LeCun, 2025): the N-scaled
 * Epps–Pulley statistic between the empirical characteristic function of random 1-D
 * projections of Z and that of N(0, 1), which pushes Z towards an isotropic Gaussian.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import type { Rng } from "../random.ts";
import { huberLoss } from "../losses/huber.ts";
import { sigregHost } from "../fast/sigreg_host.ts";
import { fastPaths, hostBackend } from "../fast/switch.ts";

/** Latent loss kinds: squared error, or smooth L1 (Huber with δ = 1). */
export type LatentLossKind = "mse" | "smooth_l1";

/** Mean latent prediction loss between `pred` and `target` (same shape). */
export function latentLoss(
  pred: tf.Tensor,
  target: tf.Tensor,
  kind: LatentLossKind = "mse",
): tf.Scalar {
  require(
    pred instanceof tf.Tensor && target instanceof tf.Tensor &&
      pred.shape.join(",") === target.shape.join(","),
    "latentLoss",
    "target",
    `a tensor shaped like pred [${pred?.shape?.join(", ")}]`,
    target,
  );
  if (kind === "smooth_l1") return huberLoss(target, pred, 1);
  require(kind === "mse", "latentLoss", "kind", '"mse" or "smooth_l1"', kind);
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pred, target))) as tf.Scalar);
}

function checkZ(fn: string, z: tf.Tensor): void {
  require(
    z instanceof tf.Tensor && z.rank === 2 && z.shape[0] >= 2,
    fn,
    "z",
    "a tensor [batch >= 2, dim]",
    z,
  );
}

/** VICReg's variance hinge and covariance penalty of a batch of embeddings z [B, d]. */
export function vicregTerms(
  z: tf.Tensor2D,
  opts: { gamma?: number; eps?: number } = {},
): { variance: tf.Scalar; covariance: tf.Scalar } {
  checkZ("vicregTerms", z);
  const gamma = opts.gamma ?? 1;
  const eps = opts.eps ?? 1e-4;
  const [b, d] = z.shape;
  return tf.tidy(() => {
    const zc = tf.sub(z, tf.mean(z, 0));
    const cov = tf.div(tf.matMul(zc, zc, true, false), b - 1);
    const varJ = tf.div(tf.sum(tf.square(zc), 0), b - 1);
    const variance = tf.mean(tf.relu(tf.sub(gamma, tf.sqrt(tf.add(varJ, eps))))) as tf.Scalar;
    const offDiag = tf.sub(tf.sum(tf.square(cov)), tf.sum(tf.square(varJ)));
    return { variance, covariance: tf.div(offDiag, d) as tf.Scalar };
  });
}

/** Random unit directions [d, m] for SIGReg, drawn from `rng`. */
export function randomDirections(d: number, m: number, rng: Rng): tf.Tensor2D {
  requireNumber("randomDirections", "d", d, { integer: true, positive: true });
  requireNumber("randomDirections", "m", m, { integer: true, positive: true });
  const u = new Float32Array(d * m);
  for (let j = 0; j < m; j++) {
    let norm = 0;
    for (let i = 0; i < d; i++) norm += (u[i * m + j] = rng.normal()) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < d; i++) u[i * m + j] /= norm;
  }
  return tf.tensor2d(u, [d, m]);
}

/**
 * SIGReg (LeJEPA, Balestriero & LeCun 2025): the mean over directions u of the Epps–Pulley
 * statistic N·∫ |φ̂_u(t) − e^{−t²/2}|² e^{−t²/2} dt, φ̂_u the empirical characteristic function
 * of the N projections z·u. The integrand is even in t, so the integral is twice a trapezoid on
 * [0, tMax] (`knots` points, default 17 on [0, 3]). Under N(0, I) its expectation is
 * ∫ (1 − e^{−t²}) e^{−t²/2} dt ≈ 1.06 whatever N; a collapsed or bimodal batch grows with N.
 */
export function sigregLoss(
  z: tf.Tensor2D,
  directions: tf.Tensor2D,
  opts: { knots?: number; tMax?: number } = {},
): tf.Scalar {
  checkZ("sigregLoss", z);
  require(
    directions instanceof tf.Tensor && directions.rank === 2 && directions.shape[0] === z.shape[1],
    "sigregLoss",
    "directions",
    `a tensor [${z.shape[1]}, m]`,
    directions,
  );
  const knots = requireNumber("sigregLoss", "knots", opts.knots ?? 17, { integer: true, min: 3 });
  const tMax = requireNumber("sigregLoss", "tMax", opts.tMax ?? 3, { positive: true });
  const ts = Array.from({ length: knots }, (_, k) => (tMax * k) / (knots - 1));
  const dt = tMax / (knots - 1);
  const w = ts.map((t, k) =>
    2 * Math.exp(-t * t / 2) * dt * (k === 0 || k === knots - 1 ? 0.5 : 1)
  );
  const phi0 = ts.map((t) => Math.exp(-t * t / 2));
  // lib/fast: one op in JS on wasm/cpu (cos and sin by recurrence over the even knots)
  if (fastPaths() && hostBackend()) return sigregHost(z, directions, { dt, w, phi0 });
  const n = z.shape[0];
  return tf.tidy(() => {
    const proj = tf.matMul(z, directions); // [N, m]
    const tp = tf.mul(tf.expandDims(proj, 2), tf.tensor1d(ts)); // [N, m, K]
    const re = tf.sub(tf.mean(tf.cos(tp), 0), tf.tensor1d(phi0)); // [m, K]
    const im = tf.mean(tf.sin(tp), 0);
    const dist = tf.mul(tf.add(tf.square(re), tf.square(im)), tf.tensor1d(w));
    return tf.mul(tf.mean(tf.sum(dist, 1)), n) as tf.Scalar;
  });
}
