/**
 * The separated action space of a portfolio world model and its embedder: continuous weights
 * (on the simplex, or real holdings as in the Gârleanu–Pedersen market), a per-asset signal
 * (long / flat / short, categorical) and a binary hedge. `encodeActions` turns actions into
 * features [weights (N) | one-hot signals (3N) | hedge (1)]; the embedder is a two-layer MLP
 * from those features to the conditioning vector of the predictor's AdaLN-zero blocks.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { dense, type ParamInit, type ParamMap } from "../../nn/params.ts";
import type { Action, ActionSpace } from "../../portfolio/action_space.ts";

export type { Action, ActionSpace };

/** Width of the encoded action features of a space. */
export function actionFeatureDim(space: ActionSpace): number {
  const n = space.nAssets;
  return (space.weights === "none" ? 0 : n) + (space.signals ? 3 * n : 0) + (space.hedge ? 1 : 0);
}

/** Check an action space; returns it. */
export function checkActionSpace(space: ActionSpace): ActionSpace {
  const fn = "checkActionSpace";
  require(space !== null && typeof space === "object", fn, "space", "an ActionSpace", space);
  requireNumber(fn, "space.nAssets", space.nAssets, { integer: true, positive: true });
  require(
    space.weights === undefined || ["simplex", "real", "none"].includes(space.weights),
    fn,
    "space.weights",
    '"simplex", "real" or "none"',
    space.weights,
  );
  return space;
}

/** Encode actions into features [n, actionFeatureDim(space)], rejecting invalid actions. */
export function encodeActions(
  space: ActionSpace,
  actions: readonly Action[],
  tol = 1e-6,
): number[][] {
  const fn = "encodeActions";
  checkActionSpace(space);
  const n = space.nAssets;
  return actions.map((a, i) => {
    const nw = space.weights === "none" ? 0 : n;
    require(
      Array.isArray(a?.weights) && a.weights.length === nw,
      fn,
      `actions[${i}].weights`,
      `${nw} numbers`,
      a?.weights,
    );
    for (const w of a.weights) requireNumber(fn, `actions[${i}].weights`, w);
    if (space.weights === undefined || space.weights === "simplex") {
      const sum = a.weights.reduce((s, w) => s + w, 0);
      const budget = space.budget ?? 1;
      require(
        a.weights.every((w) => w >= -tol) && Math.abs(sum - budget) <= 1e-4,
        fn,
        `actions[${i}].weights`,
        `non-negative weights summing to ${budget}`,
        `sum ${sum}, min ${Math.min(...a.weights)}`,
      );
    }
    const out = [...a.weights];
    if (space.signals) {
      const s = a.signals;
      require(
        Array.isArray(s) && s.length === n && s.every((v) => v === -1 || v === 0 || v === 1),
        fn,
        `actions[${i}].signals`,
        `${n} values in {-1, 0, 1}`,
        s,
      );
      for (const v of s) out.push(v === 1 ? 1 : 0, v === 0 ? 1 : 0, v === -1 ? 1 : 0);
    }
    if (space.hedge) {
      require(a.hedge === 0 || a.hedge === 1, fn, `actions[${i}].hedge`, "0 or 1", a.hedge);
      out.push(a.hedge as number);
    }
    return out;
  });
}

/** Add the action embedder (features → hidden → embedDim, SiLU) under `key`. */
export function initActionEmbedder(
  init: ParamInit,
  key: string,
  space: ActionSpace,
  embedDim: number,
): void {
  checkActionSpace(space);
  requireNumber("initActionEmbedder", "embedDim", embedDim, { integer: true, positive: true });
  init.dense(`${key}/fc1`, actionFeatureDim(space), embedDim);
  init.dense(`${key}/fc2`, embedDim, embedDim);
}

/** Embed encoded actions a [..., actionFeatureDim] into [..., embedDim]. */
export function embedActions(params: ParamMap, key: string, a: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const h = dense(params, `${key}/fc1`, a);
    return dense(params, `${key}/fc2`, tf.mul(h, tf.sigmoid(h)));
  });
}
