/**
 * An action-conditioned JEPA world model for portfolios. The patch-Transformer encoder maps the
 * observation window ending at day t to a latent z_t. The predictor is a causal Transformer over
 * the last `context` latents whose blocks are conditioned on each day's action embedding by
 * AdaLN-zero (so a fresh predictor returns its input: ẑ_{t+1} = z_t) and whose attention uses
 * RoPE over time; `rollout` feeds its own predictions back for K steps. Utility heads read
 * detached latents: the expected next-day return of each asset and its log variance. An
 * optional inverse-dynamics head guesses the action from (z_t, z_{t+1}); it can only succeed
 * where actions move the market (price impact).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { adaLNZeroBlock, initAdaLNZeroBlock } from "../../nn/adaln.ts";
import {
  countParams,
  dense,
  disposeParams,
  gelu,
  ParamInit,
  type ParamMap,
} from "../../nn/params.ts";
import { causalRopeAttention } from "../../nn/rope.ts";
import { Rng } from "../../random.ts";
import { stopGradient } from "../../train/ema.ts";
import {
  checkPatchConfig,
  initPatchEncoder,
  patchEncode,
  type PatchEncoderConfig,
} from "../patch_encoder.ts";
import {
  actionFeatureDim,
  type ActionSpace,
  checkActionSpace,
  embedActions,
  initActionEmbedder,
} from "./actions.ts";

/** Settings of a world model. */
export interface WorldModelConfig {
  encoder: PatchEncoderConfig;
  actions: ActionSpace;
  /** Width of the action embedding (the AdaLN conditioning vector). */
  actionDim: number;
  predictor: { depth: number; heads: number; mlpRatio?: number };
  /** Latents of history the predictor reads (its window). */
  context: number;
  /** Hidden width of the utility and inverse-dynamics heads (0: linear heads). */
  headHidden: number;
  /** Series the utility heads forecast (default actions.nAssets; e.g. assets + a hedge). */
  outputs?: number;
  /** Add the inverse-dynamics head (default false). */
  inverseDynamics?: boolean;
  seed: number;
}

/** A world model: its config and named parameters. */
export interface WorldModel {
  config: WorldModelConfig;
  params: ParamMap;
  /** Heads predict returns × returnScale (set by training to 1 / std of the returns). */
  returnScale: number;
}

/** Parameter-name prefixes of the model's parts. */
export const WM_PARTS = {
  encoder: "enc",
  actions: "act",
  predictor: "pred",
  heads: "head",
  idm: "idm",
};

/** Create a world model with seeded initial parameters. */
export function createWorldModel(config: WorldModelConfig): WorldModel {
  const fn = "createWorldModel";
  checkPatchConfig(config.encoder);
  checkActionSpace(config.actions);
  requireNumber(fn, "config.actionDim", config.actionDim, { integer: true, positive: true });
  requireNumber(fn, "config.context", config.context, { integer: true, positive: true });
  requireNumber(fn, "config.headHidden", config.headHidden, { integer: true, nonNegative: true });
  requireNumber(fn, "config.predictor.depth", config.predictor?.depth, {
    integer: true,
    positive: true,
  });
  const d = config.encoder.dModel;
  const h = requireNumber(fn, "config.predictor.heads", config.predictor.heads, {
    integer: true,
    positive: true,
  });
  require(
    d % h === 0 && (d / h) % 2 === 0,
    fn,
    "config.predictor.heads",
    `h with ${d}/h even (RoPE)`,
    h,
  );
  const params: ParamMap = {};
  const init = new ParamInit(
    params,
    new Rng(requireNumber(fn, "config.seed", config.seed, { integer: true })),
  );
  try {
    initPatchEncoder(init, WM_PARTS.encoder, config.encoder);
    initActionEmbedder(init, WM_PARTS.actions, config.actions, config.actionDim);
    for (let i = 0; i < config.predictor.depth; i++) {
      initAdaLNZeroBlock(
        init,
        `${WM_PARTS.predictor}/block${i}`,
        d,
        config.actionDim,
        config.predictor.mlpRatio ?? 2,
      );
    }
    const n = requireNumber(fn, "config.outputs", config.outputs ?? config.actions.nAssets, {
      integer: true,
      positive: true,
    });
    const hh = config.headHidden;
    const addHead = (key: string, fanIn: number, fanOut: number) => {
      if (hh === 0) return init.dense(`${key}/out`, fanIn, fanOut);
      init.dense(`${key}/fc1`, fanIn, hh);
      init.dense(`${key}/fc2`, hh, fanOut);
    };
    for (const head of ["mu", "risk"]) addHead(`${WM_PARTS.heads}/${head}`, d, n);
    if (config.inverseDynamics) addHead(WM_PARTS.idm, 2 * d, actionFeatureDim(config.actions));
  } catch (e) {
    disposeParams(params);
    throw e;
  }
  return { config, params, returnScale: 1 };
}

/** Parameters of one part ("enc", "act", "pred", "head", "idm") of a model. */
export function partParams(model: WorldModel, part: string): tf.Variable[] {
  return Object.entries(model.params).filter(([k]) => k.startsWith(`${part}/`)).map(([, v]) => v);
}

/** Number of scalar weights of a world model. */
export function worldModelSize(model: WorldModel): number {
  return countParams(model.params);
}

/** Dispose a world model's variables. */
export function disposeWorldModel(model: WorldModel): void {
  disposeParams(model.params);
}

/** Encode observation windows x [B, T, F] into latents [B, D]. */
export function encodeObservations(model: WorldModel, x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => patchEncode(model.params, WM_PARTS.encoder, model.config.encoder, x));
}

/**
 * One predictor pass: latents z [B, L, D] and encoded actions a [B, L, A] (the action taken on
 * each day) → predictions [B, L, D] of the next day's latent at every position (causal).
 */
export function predictNext(model: WorldModel, z: tf.Tensor3D, a: tf.Tensor3D): tf.Tensor3D {
  const fn = "predictNext";
  const c = model.config;
  require(
    z instanceof tf.Tensor && z.rank === 3 && z.shape[2] === c.encoder.dModel,
    fn,
    "z",
    `a tensor [batch, L, ${c.encoder.dModel}]`,
    z,
  );
  require(
    a instanceof tf.Tensor && a.rank === 3 && a.shape[0] === z.shape[0] &&
      a.shape[1] === z.shape[1] &&
      a.shape[2] === actionFeatureDim(c.actions),
    fn,
    "a",
    `a tensor [${z.shape[0]}, ${z.shape[1]}, ${actionFeatureDim(c.actions)}]`,
    a,
  );
  return tf.tidy(() => {
    const cond = embedActions(model.params, WM_PARTS.actions, a) as tf.Tensor3D;
    let h = z;
    const heads = c.predictor.heads;
    for (let i = 0; i < c.predictor.depth; i++) {
      h = adaLNZeroBlock(
        model.params,
        `${WM_PARTS.predictor}/block${i}`,
        h,
        cond,
        heads,
        (p, k, x) => causalRopeAttention(p, k, x, heads),
      );
    }
    return h;
  });
}

/**
 * Autoregressive rollout: from context latents z [B, L, D] and actions [B, L + K − 1, A]
 * (one per context day, then one per predicted day) predict the K next latents [B, K, D],
 * each step reading the last L latents (real or predicted).
 */
export function rollout(
  model: WorldModel,
  z: tf.Tensor3D,
  actions: tf.Tensor3D,
  k: number,
): tf.Tensor3D {
  const fn = "rollout";
  requireNumber(fn, "k", k, { integer: true, positive: true });
  require(z instanceof tf.Tensor && z.rank === 3, fn, "z", "a tensor [batch, L, dim]", z);
  const l = z.shape[1];
  require(
    actions instanceof tf.Tensor && actions.rank === 3 && actions.shape[1] === l + k - 1,
    fn,
    "actions",
    `a tensor [batch, ${l + k - 1}, A] (L + K − 1 actions)`,
    actions,
  );
  return tf.tidy(() => {
    const steps: tf.Tensor3D[] = [];
    let window = z;
    for (let s = 0; s < k; s++) {
      const a = tf.slice(actions, [0, s, 0], [-1, l, -1]) as tf.Tensor3D;
      const out = predictNext(model, window, a);
      const next = tf.slice(out, [0, l - 1, 0], [-1, 1, -1]) as tf.Tensor3D;
      steps.push(next);
      window = tf.concat([tf.slice(window, [0, 1, 0], [-1, l - 1, -1]), next], 1) as tf.Tensor3D;
    }
    return tf.concat(steps, 1) as tf.Tensor3D;
  });
}

function mlp(params: ParamMap, key: string, x: tf.Tensor): tf.Tensor {
  if (`${key}/out/w` in params) return dense(params, `${key}/out`, x);
  return dense(params, `${key}/fc2`, gelu(dense(params, `${key}/fc1`, x)));
}

/**
 * Utility heads on detached latents z [..., D]: expected next-day return `mu` and log variance
 * `logVar` of each asset [..., N], in the scaled units the heads learn (divide `mu` by
 * `model.returnScale` for returns). No gradient reaches the encoder or predictor through them.
 */
export function utilityHeads(
  model: WorldModel,
  z: tf.Tensor,
): { mu: tf.Tensor; logVar: tf.Tensor } {
  require(
    z instanceof tf.Tensor && z.shape[z.rank - 1] === model.config.encoder.dModel,
    "utilityHeads",
    "z",
    `a tensor [..., ${model.config.encoder.dModel}]`,
    z,
  );
  return tf.tidy(() => {
    const zs = stopGradient(z);
    return {
      mu: mlp(model.params, `${WM_PARTS.heads}/mu`, zs),
      logVar: mlp(model.params, `${WM_PARTS.heads}/risk`, zs),
    };
  });
}

/** Inverse dynamics: the encoded action [..., A] guessed from z_t and z_{t+1} (both [..., D]). */
export function inverseDynamics(model: WorldModel, zt: tf.Tensor, zNext: tf.Tensor): tf.Tensor {
  require(
    model.config.inverseDynamics === true,
    "inverseDynamics",
    "model",
    "a model created with inverseDynamics: true",
    false,
  );
  return tf.tidy(() => mlp(model.params, WM_PARTS.idm, tf.concat([zt, zNext], -1)));
}
