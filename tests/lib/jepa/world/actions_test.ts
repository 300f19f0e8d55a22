import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import {
  actionFeatureDim,
  embedActions,
  encodeActions,
  initActionEmbedder,
} from "../../../../lib/jepa/world/actions.ts";
import { disposeParams, ParamInit, type ParamMap } from "../../../../lib/nn/params.ts";
import { Rng } from "../../../../lib/random.ts";

await initBackend();

const space = { nAssets: 2, weights: "simplex" as const, signals: true, hedge: true };

Deno.test("encodeActions: weights | one-hot long/flat/short per asset | hedge", () => {
  assert.equal(actionFeatureDim(space), 9);
  assert.equal(actionFeatureDim({ nAssets: 3, weights: "real", signals: false, hedge: false }), 3);
  const f = encodeActions(space, [{ weights: [0.25, 0.75], signals: [1, -1], hedge: 1 }]);
  assert.deepEqual(f, [[0.25, 0.75, 1, 0, 0, 0, 0, 1, 1]]);
  const g = encodeActions({ nAssets: 2, weights: "real", signals: false, hedge: false }, [{
    weights: [-3, 2],
    signals: [],
    hedge: 0,
  }]);
  assert.deepEqual(g, [[-3, 2]]);
});

Deno.test("encodeActions rejects weights off the simplex, bad signals and bad hedges", () => {
  assert.throws(
    () => encodeActions(space, [{ weights: [0.5, 0.6], signals: [0, 0], hedge: 0 }]),
    /encodeActions: argument 'actions\[0\]\.weights' expected non-negative weights summing to 1/,
  );
  assert.throws(
    () => encodeActions(space, [{ weights: [1.5, -0.5], signals: [0, 0], hedge: 0 }]),
    /summing to 1/,
  );
  assert.throws(
    () => encodeActions(space, [{ weights: [0.5, 0.5], signals: [2, 0], hedge: 0 }]),
    /actions\[0\]\.signals' expected 2 values in \{-1, 0, 1\}/,
  );
  assert.throws(
    () => encodeActions(space, [{ weights: [0.5, 0.5], signals: [0, 0], hedge: 0.5 }]),
    /actions\[0\]\.hedge' expected 0 or 1/,
  );
  assert.throws(
    () => encodeActions(space, [{ weights: [NaN, 1], signals: [0, 0], hedge: 0 }]),
    /actions\[0\]\.weights/,
  );
});

Deno.test("embedActions: shape [..., embedDim], different actions embed differently, no leak", async () => {
  const params: ParamMap = {};
  initActionEmbedder(new ParamInit(params, new Rng(1)), "act", space, 6);
  const before = tf.memory().numTensors;
  const a = tf.tensor3d([encodeActions(space, [
    { weights: [1, 0], signals: [1, 1], hedge: 0 },
    { weights: [0, 1], signals: [-1, 0], hedge: 1 },
  ])]);
  const e = embedActions(params, "act", a);
  assert.deepEqual(e.shape, [1, 2, 6]);
  const v = await e.array() as number[][][];
  assert.ok(v[0][0].some((x, j) => Math.abs(x - v[0][1][j]) > 1e-4));
  tf.dispose([a, e]);
  assert.equal(tf.memory().numTensors, before);
  disposeParams(params);
});
