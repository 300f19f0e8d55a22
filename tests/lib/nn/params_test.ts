/** Tests of lib/nn/params.ts: the one parameter kit (Glorot + zeros, LayerNorm, dense, walk). */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  collectVariables,
  dense,
  denseVars,
  disposeVariables,
  glorotUniform,
  layerNorm,
  layerNormForward,
  normVars,
  ParamInit,
  type ParamMap,
} from "../../../lib/nn/params.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

Deno.test("layerNormForward: rows of [1, 2, 3] → ±√(3/2)·γ + β; bad gamma / epsilon rejected", async () => {
  const before = tf.memory().numTensors;
  const x = tf.tensor2d([[1, 2, 3], [10, 10, 10]]);
  const norm = {
    gamma: tf.tidy(() => tf.variable(tf.tensor1d([2, 1, 1]))),
    beta: tf.tidy(() => tf.variable(tf.tensor1d([0, 0, 5]))),
  };
  const y = layerNormForward(x, norm, 1e-12);
  const s = Math.sqrt(3 / 2);
  const got = await y.data();
  [-2 * s, 0, s + 5, 0, 0, 5].forEach((e, i) => assert.ok(Math.abs(got[i] - e) < 1e-4, `${i}`));
  const short = {
    gamma: tf.tidy(() => tf.variable(tf.ones([2]))),
    beta: tf.tidy(() => tf.variable(tf.zeros([2]))),
  };
  assert.throws(
    () => layerNormForward(x, short),
    /layerNormForward: argument 'norm.gamma' expected shape \[3\], received shape \[2\]/,
  );
  assert.throws(
    () => layerNormForward(x, norm, 0),
    /layerNormForward: argument 'epsilon' expected a finite number > 0, received 0/,
  );
  tf.dispose([x, y, norm.gamma, norm.beta, short.gamma, short.beta]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("Glorot: Keras's draws, inside ±√(6/(in+out)); ParamInit and denseVars share them", async () => {
  const before = tf.memory().numTensors;
  const keras = tf.tidy(() => tf.initializers.glorotUniform({ seed: 7 }).apply([30, 50]));
  const ours = tf.tidy(() => glorotUniform(7, 30, 50));
  const a = await ours.data();
  assert.deepEqual(Array.from(a), Array.from(await keras.data()));
  const lim = Math.sqrt(6 / 80);
  assert.ok(a.every((v) => Math.abs(v) <= lim) && Math.max(...a.map(Math.abs)) > 0.9 * lim);
  const params: ParamMap = {};
  new ParamInit(params, new Rng(3)).dense("fc", 30, 50);
  const d = denseVars(new Rng(3), 30, 50);
  assert.deepEqual(Array.from(await params["fc/w"].data()), Array.from(await d.w.data()));
  assert.deepEqual(Array.from(await d.b.data()), new Array(50).fill(0));
  // the two call forms of the one dense layer and the one LayerNorm agree
  const x = tf.tidy(() => tf.linspace(-1, 1, 60).reshape([2, 30]));
  const y1 = tf.tidy(() => dense(params, "fc", x)); // the ParamMap layers run inside a tidy
  const y2 = tf.tidy(() => tf.add(tf.matMul(x as tf.Tensor2D, d.w as tf.Tensor2D), d.b));
  assert.deepEqual(Array.from(await y1.data()), Array.from(await y2.data()));
  new ParamInit(params, new Rng(3)).layerNorm("ln", 50);
  const z1 = layerNorm(params, "ln", y1);
  const nv = normVars(50);
  const z2 = layerNormForward(y1, nv);
  assert.deepEqual(Array.from(await z1.data()), Array.from(await z2.data()));
  tf.dispose([keras, ours, x, y1, y2, z1, z2]);
  // collectVariables walks maps and structs in order; disposeVariables frees them all
  const norm = collectVariables({ a: d, b: [params["ln/g"]] });
  assert.deepEqual(norm.map((v) => v.name), [d.w.name, d.b.name, params["ln/g"].name]);
  disposeVariables([params, d, nv]);
  assert.equal(tf.memory().numTensors, before);
});
