/**
 * lib/fast/gelu_host.ts: GELU in JS equals `gelu`'s tfjs ops (values and gradient, large
 * inputs included) and rejects another backend's or dtype's input by name; the AdaLN-zero
 * block (which uses it and the LayerNorm host op on wasm/cpu) equals its reference path.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { geluHost } from "../../../lib/fast/gelu_host.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { adaLNZeroBlock, initAdaLNZeroBlock } from "../../../lib/nn/adaln.ts";
import { gelu, ParamInit, type ParamMap } from "../../../lib/nn/params.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

Deno.test("geluHost equals gelu's ops in value and gradient", async () => {
  const before = tf.memory().numTensors;
  const x = tf.tensor2d([[-6, -2.5, -0.7, 0], [0.3, 1.1, 3.9, 8]]);
  const w = tf.tensor2d([[1, -2, 0.5, 3], [2, 1, -1, 0.25]]);
  const run = async (f: (t: tf.Tensor) => tf.Tensor) => {
    const r = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)) as tf.Scalar)(x);
    const y = tf.tidy(() => f(x));
    const out = { y: await y.data(), g: await r.grad.data(), v: (await r.value.data())[0] };
    tf.dispose([r.value, r.grad, y]);
    return out;
  };
  const [ours, ref] = [await run(geluHost), await run(gelu)];
  ref.y.forEach((v, i) =>
    assert.ok(Math.abs(ours.y[i] - v) < 1e-6, `y[${i}] ${ours.y[i]} vs ${v}`)
  );
  ref.g.forEach((v, i) =>
    assert.ok(Math.abs(ours.g[i] - v) < 1e-5, `g[${i}] ${ours.g[i]} vs ${v}`)
  );
  const ints = tf.tensor1d([1], "int32");
  assert.throws(() => geluHost(ints), /geluHost: argument 'x'/);
  tf.dispose([x, w, ints]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("adaLNZeroBlock: host GELU and LayerNorm equal the reference ops", async () => {
  const params: ParamMap = {};
  initAdaLNZeroBlock(new ParamInit(params, new Rng(4)), "blk", 8, 4);
  // non-zero modulation, so the gates pass the block's MLP and attention through
  for (const k of ["blk/mod/w", "blk/mod/b"]) {
    const v = params[k];
    tf.tidy(() => v.assign(tf.randomNormal(v.shape, 0, 0.5, "float32", 9)));
  }
  const x = tf.randomNormal([3, 5, 8], 0, 1, "float32", 1) as tf.Tensor3D;
  const cond = tf.randomNormal([3, 5, 4], 0, 1, "float32", 2) as tf.Tensor3D;
  const vars = Object.values(params);
  const run = async (fast: boolean) => {
    setFastPaths(fast);
    try {
      const r = tf.variableGrads(
        () => tf.sum(tf.square(adaLNZeroBlock(params, "blk", x, cond, 2))) as tf.Scalar,
        vars,
      );
      const out = {
        v: (await r.value.data())[0],
        g: await Promise.all(vars.map((v) => r.grads[v.name].data())),
      };
      tf.dispose([r.value, ...Object.values(r.grads)]);
      return out;
    } finally {
      setFastPaths(true);
    }
  };
  const [ours, ref] = [await run(true), await run(false)];
  assert.ok(
    Math.abs(ours.v - ref.v) <= 1e-4 * Math.max(1, Math.abs(ref.v)),
    `${ours.v} vs ${ref.v}`,
  );
  ref.g.forEach((g, i) =>
    g.forEach((u, j) =>
      assert.ok(
        Math.abs(ours.g[i][j] - u) <= 1e-4 * Math.max(1, Math.abs(u)),
        `${vars[i].name}[${j}]`,
      )
    )
  );
  tf.dispose([x, cond, ...vars]);
});
