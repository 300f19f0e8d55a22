/**
 * The world model's training objective on a batch of consecutive days: the predictor's
 * teacher-forced one-step loss on the L context days, the K-step autoregressive rollout loss
 * (its own predictions fed back, gradients through every step) against stop-gradient latents of
 * the real next days, SIGReg on the encoder's latents against collapse (LeWorldModel:
 * L_pred + 0.09·SIGReg), the utility heads on detached latents (MSE for the expected return,
 * Gaussian negative log-likelihood for the log variance), and optionally inverse dynamics.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../../errors.ts";
import type { Rng } from "../../random.ts";
import { stopGradient } from "../../train/ema.ts";
import { randomDirections, sigregLoss } from "../losses.ts";
import {
  encodeObservations,
  inverseDynamics,
  predictNext,
  rollout,
  utilityHeads,
  type WorldModel,
} from "./model.ts";

/** A world model's training batch: B runs of L + K consecutive days. */
export interface WorldBatch {
  /** Observation windows [B, L + K, T, F]. */
  obs: tf.Tensor4D;
  /** Encoded actions taken on each day [B, L + K, A]. */
  actions: tf.Tensor3D;
  /** Each day's next-day returns, already × returnScale [B, L + K, N]. */
  nextReturns: tf.Tensor3D;
}

/** Weights and sizes of the objective. */
export interface WorldObjectiveOptions {
  /** Autoregressive rollout steps K (≥ 1). */
  k: number;
  /** SIGReg weight on the N-scaled statistic (default 0.09, as LeWM). */
  sigregWeight?: number;
  /** Random directions per step (default 64). */
  directions?: number;
  /** Weight of the utility heads' losses (default 1). */
  headWeight?: number;
  /** Weight of the inverse-dynamics loss (default 1 when the model has the head). */
  idmWeight?: number;
  rng: Rng;
}

/** The terms of the objective (scalars; `total` is what is minimised). */
export interface WorldLosses {
  total: tf.Scalar;
  teacher: tf.Scalar;
  rollout: tf.Scalar;
  sigreg: tf.Scalar;
  heads: tf.Scalar;
  idm: tf.Scalar;
}

const mse = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.square(tf.sub(a, b))) as tf.Scalar;

/** Compute the world-model losses of one batch (call inside tf.variableGrads or tf.tidy). */
export function worldModelLosses(
  model: WorldModel,
  batch: WorldBatch,
  opts: WorldObjectiveOptions,
): WorldLosses {
  const fn = "worldModelLosses";
  const l = model.config.context;
  const k = opts.k;
  require(Number.isInteger(k) && k >= 1, fn, "opts.k", "an integer ≥ 1", k);
  const [b, days, t, f] = batch.obs.shape;
  require(days === l + k, fn, "batch.obs", `[batch, ${l + k} days (L + K), T, F]`, batch.obs);
  require(
    batch.actions.shape[0] === b && batch.actions.shape[1] === days,
    fn,
    "batch.actions",
    `[${b}, ${days}, A]`,
    batch.actions,
  );
  const d = model.config.encoder.dModel;
  const flat = encodeObservations(model, tf.reshape(batch.obs, [b * days, t, f]));
  const z = tf.reshape(flat, [b, days, d]) as tf.Tensor3D;
  const target = stopGradient(z);
  const ctx = tf.slice(z, [0, 0, 0], [-1, l, -1]) as tf.Tensor3D;
  const teacherPred = predictNext(model, ctx, tf.slice(batch.actions, [0, 0, 0], [-1, l, -1]));
  const teacher = mse(teacherPred, tf.slice(target, [0, 1, 0], [-1, l, -1]));
  const rolled = rollout(model, ctx, tf.slice(batch.actions, [0, 0, 0], [-1, l + k - 1, -1]), k);
  const roll = mse(rolled, tf.slice(target, [0, l, 0], [-1, k, -1]));
  const dirs = randomDirections(d, opts.directions ?? 64, opts.rng);
  const sigreg = sigregLoss(flat, dirs);
  dirs.dispose();
  const { mu, logVar } = utilityHeads(model, z);
  const r = batch.nextReturns;
  const muLoss = mse(mu, r);
  const nll = tf.mean(
    tf.add(logVar, tf.mul(tf.square(tf.sub(r, stopGradient(mu))), tf.exp(tf.neg(logVar)))),
  );
  const heads = tf.add(muLoss, tf.mul(nll, 0.5)) as tf.Scalar;
  let idm = tf.scalar(0);
  const idmWeight = model.config.inverseDynamics ? opts.idmWeight ?? 1 : 0;
  if (idmWeight > 0) {
    const zt = tf.slice(z, [0, 0, 0], [-1, days - 1, -1]);
    const zn = tf.slice(z, [0, 1, 0], [-1, days - 1, -1]);
    idm = mse(
      inverseDynamics(model, zt, zn),
      tf.slice(batch.actions, [0, 0, 0], [-1, days - 1, -1]),
    );
  }
  const total = tf.addN([
    teacher,
    roll,
    tf.mul(sigreg, opts.sigregWeight ?? 0.09),
    tf.mul(heads, opts.headWeight ?? 1),
    tf.mul(idm, idmWeight),
  ]) as tf.Scalar;
  return { total, teacher, rollout: roll, sigreg, heads, idm };
}
