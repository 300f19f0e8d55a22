/**
 * The horizon-conditioned MLP predictor: its output equals the hand-written forward pass
 * gelu([z, E[h−1]]·W1 + b1)·W2 + b2 with the horizon row repeated by tf.tile (the reference),
 * its gradients (the horizon table's included: only row h−1, the batch's sum) equal the tile
 * reference's, its gradient does not grow with the batch (a broadcast, not one kernel pair per
 * row), nothing leaks, and a horizon outside 1..maxHorizon is named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { CourseInputError } from "../../../lib/errors.ts";
import { Rng } from "../../../lib/random.ts";
import { disposeParams, gelu, ParamInit, type ParamMap } from "../../../lib/nn/params.ts";
import {
  initPredictor,
  mlpPredict,
  type MlpPredictorConfig,
} from "../../../lib/jepa/predictors.ts";

await initBackend();

const C: MlpPredictorConfig = {
  kind: "mlp",
  hidden: 12,
  dropout: 0.1,
  maxHorizon: 3,
  horizonDim: 4,
};
const D = 6;
const ctx = { training: false, rng: new Rng(1) };

function setup(): ParamMap {
  const params: ParamMap = {};
  initPredictor(new ParamInit(params, new Rng(3)), "pred", C, D);
  return params;
}

/** The reference: the horizon row repeated by tf.tile, then the two dense layers by hand. */
function reference(p: ParamMap, z: tf.Tensor2D, h: number): tf.Tensor2D {
  const row = tf.slice(p["pred/horizon"], [h - 1, 0], [1, -1]);
  const x = tf.concat([z, tf.tile(row, [z.shape[0], 1])], 1);
  const hid = gelu(tf.add(tf.matMul(x, p["pred/fc1/w"]), p["pred/fc1/b"]));
  return tf.add(tf.matMul(hid, p["pred/fc2/w"]), p["pred/fc2/b"]) as tf.Tensor2D;
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

Deno.test("mlpPredict with a horizon equals the tile reference, values and gradients", async () => {
  const p = setup();
  const z = tf.randomNormal([5, D], 0, 1, "float32", 7) as tf.Tensor2D;
  const n0 = tf.memory().numTensors;
  for (const h of [1, 3]) {
    const ours = tf.tidy(() => mlpPredict(p, "pred", C, z, h, ctx));
    const ref = tf.tidy(() => reference(p, z, h));
    assert.ok((await maxDiff(ours, ref)) < 1e-6, `forward, horizon ${h}`);
    tf.dispose([ours, ref]);
    const vars = Object.values(p);
    const w = tf.randomNormal([5, D], 0, 1, "float32", 9);
    const g1 = tf.variableGrads(() => tf.sum(tf.mul(mlpPredict(p, "pred", C, z, h, ctx), w)), vars);
    const g2 = tf.variableGrads(() => tf.sum(tf.mul(reference(p, z, h), w)), vars);
    for (const v of vars) {
      assert.ok((await maxDiff(g1.grads[v.name], g2.grads[v.name])) < 1e-5, v.name);
    }
    // the horizon table: only row h−1 gets a gradient
    const table = Array.from(await g1.grads[p["pred/horizon"].name].data());
    for (let r = 0; r < 3; r++) {
      const norm = Math.hypot(...table.slice(r * 4, r * 4 + 4));
      if (r === h - 1) assert.ok(norm > 1e-4, `row ${r} has a gradient`);
      else assert.equal(norm, 0, `row ${r} has none`);
    }
    tf.dispose([w, g1.value, g2.value, ...Object.values(g1.grads), ...Object.values(g2.grads)]);
  }
  assert.equal(tf.memory().numTensors, n0, "no tensors leaked");
  assert.throws(
    () => mlpPredict(p, "pred", C, z, 4, ctx),
    (e: Error) => e instanceof CourseInputError && e.message.includes("horizon"),
  );
  z.dispose();
  disposeParams(p);
});

Deno.test("mlpPredict's gradient runs as many kernels for a batch of 64 as for a batch of 4", async () => {
  const p = setup();
  const kernels = async (b: number) => {
    const z = tf.randomNormal([b, D], 0, 1, "float32", 5) as tf.Tensor2D;
    const info = await tf.profile(() => {
      const g = tf.variableGrads(
        () => tf.sum(mlpPredict(p, "pred", C, z, 2, ctx)),
        Object.values(p),
      );
      tf.dispose([g.value, ...Object.values(g.grads)]);
    });
    z.dispose();
    return info.kernels.length;
  };
  const [small, large] = [await kernels(4), await kernels(64)];
  assert.equal(large, small, `kernels: batch 4 ${small}, batch 64 ${large}`);
  disposeParams(p);
});
