/**
 * What a planner reads from a world model: for each of the next K days, the heads' expected
 * return and variance of every asset, read from the latest real latent (day 1) and from the
 * predictor's rollout (days 2..K). For a price taker the market path does not depend on the
 * portfolio, so one rollout per decision serves every candidate plan; holdings, drift and costs
 * stay analytic (lib/portfolio), which is the correction the course makes to the FinJEPA card.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { encodeObservations, rollout, utilityHeads, type WorldModel } from "./model.ts";

/** Per-decision forecasts: mu[b][k][i] and variance[b][k][i] of asset i on day k + 1. */
export interface WorldForecast {
  mu: number[][][];
  variance: number[][][];
}

/**
 * Forecast K days from observation windows obs [B, L, T, F] (the last L days) and encoded
 * actions [B, L + K − 2, A] (the days' actions, then the planned ones; none needed when K = 1).
 */
export async function forecastReturns(
  model: WorldModel,
  obs: tf.Tensor4D,
  actions: tf.Tensor3D,
  k: number,
): Promise<WorldForecast> {
  const fn = "forecastReturns";
  requireNumber(fn, "k", k, { integer: true, positive: true });
  const l = model.config.context;
  require(
    obs instanceof tf.Tensor && obs.rank === 4 && obs.shape[1] === l,
    fn,
    "obs",
    `a tensor [batch, ${l} (context), T, F]`,
    obs,
  );
  const [b, , t, f] = obs.shape;
  const out = tf.tidy(() => {
    const z = tf.reshape(encodeObservations(model, tf.reshape(obs, [b * l, t, f])), [b, l, -1]);
    const last = tf.slice(z, [0, l - 1, 0], [-1, 1, -1]);
    const path = k === 1 ? last : tf.concat([
      last,
      rollout(model, z as tf.Tensor3D, tf.slice(actions, [0, 0, 0], [-1, l + k - 2, -1]), k - 1),
    ], 1);
    const { mu, logVar } = utilityHeads(model, path);
    const s = model.returnScale;
    return { mu: tf.div(mu, s), variance: tf.div(tf.exp(logVar), s * s) };
  });
  const mu = await out.mu.array() as number[][][];
  const variance = await out.variance.array() as number[][][];
  tf.dispose([out.mu, out.variance]);
  return { mu, variance };
}
