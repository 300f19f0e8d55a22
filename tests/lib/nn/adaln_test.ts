import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { adaLNZeroBlock, initAdaLNZeroBlock } from "../../../lib/nn/adaln.ts";
import { multiHeadSelfAttention } from "../../../lib/nn/attention.ts";
import {
  dense,
  disposeParams,
  gelu,
  layerNorm,
  ParamInit,
  type ParamMap,
} from "../../../lib/nn/params.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

function setup(): { params: ParamMap; x: tf.Tensor3D; cond: tf.Tensor3D } {
  const params: ParamMap = {};
  initAdaLNZeroBlock(new ParamInit(params, new Rng(5)), "blk", 8, 4);
  const rng = new Rng(6);
  const x = tf.tensor3d([Array.from({ length: 3 }, () => Array.from(rng.normals(8)))]);
  const cond = tf.tensor3d([Array.from({ length: 3 }, () => Array.from(rng.normals(4)))]);
  return { params, x, cond };
}

const maxAbsDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
};

Deno.test("AdaLN-zero: a fresh block is exactly the identity, whatever the condition", async () => {
  const { params, x, cond } = setup();
  const before = tf.memory().numTensors;
  const y = adaLNZeroBlock(params, "blk", x, cond, 2);
  assert.equal(await maxAbsDiff(y, x), 0);
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, cond]);
  disposeParams(params);
});

Deno.test("AdaLN-zero: gates 1, shift/scale 0 give the plain pre-LN block; the condition then matters", async () => {
  const { params, x, cond } = setup();
  // bias = [shiftA, scaleA, gateA, shiftM, scaleM, gateM] blocks of 8: gates at 1
  const bias = new Float32Array(48);
  bias.fill(1, 16, 24);
  bias.fill(1, 40, 48);
  params["blk/mod/b"].assign(tf.tensor1d(bias));
  const y = adaLNZeroBlock(params, "blk", x, cond, 2);
  const ref = tf.tidy(() => {
    const h = tf.add(
      x,
      multiHeadSelfAttention(params, "blk/attn", layerNorm(null, null, x), 2).output,
    );
    const m = dense(params, "blk/fc2", gelu(dense(params, "blk/fc1", layerNorm(null, null, h))));
    return tf.add(h, m);
  });
  assert.ok((await maxAbsDiff(y, ref)) < 1e-5);
  // a non-zero modulation weight makes the output depend on the condition
  params["blk/mod/w"].assign(tf.randomNormal([4, 48], 0, 0.5, "float32", 7));
  const c2 = tf.tidy(() => tf.add(cond, 1)) as tf.Tensor3D;
  const y1 = adaLNZeroBlock(params, "blk", x, cond, 2);
  const y2 = adaLNZeroBlock(params, "blk", x, c2, 2);
  assert.ok((await maxAbsDiff(y1, y2)) > 1e-3);
  tf.dispose([x, cond, c2, y, ref, y1, y2]);
  disposeParams(params);
});

Deno.test("adaLNZeroBlock rejects a condition of the wrong shape", () => {
  const { params, x, cond } = setup();
  const bad = tf.zeros([1, 2, 4]) as tf.Tensor3D;
  assert.throws(
    () => adaLNZeroBlock(params, "blk", x, bad, 2),
    /adaLNZeroBlock: argument 'cond' expected a tensor \[1, 3, condDim\]/,
  );
  tf.dispose([x, cond, bad]);
  disposeParams(params);
});
