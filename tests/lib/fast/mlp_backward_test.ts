/**
 * Parity of lib/fast/mlp_backward.ts (the MLP's hand-written backward pass) with its reference,
 * tfjs's autodiff of the plain ops; and `mlpForward` takes the reference with the switch off.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { reluMlpLogits } from "../../../lib/fast/mlp_backward.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { disposeMlpParams, mlpForward, mlpParams, mlpVariables } from "../../../lib/models/mlp.ts";
import { seededDropout } from "../../../lib/models/seeded_dropout.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const CFG = {
  inputDim: 10,
  hidden: [64, 32],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 11,
};

Deno.test("the hand-written MLP backward pass equals tfjs autodiff of the plain ops", () => {
  const before = tf.memory().numTensors;
  const params = mlpParams({ ...CFG, hidden: [7, 5], dropout: 0.4 });
  const vars = mlpVariables(params);
  tf.tidy(() => {
    const x = tf.randomNormal([9, 10], 0, 1, "float32", 4) as tf.Tensor2D;
    const y = tf.randomUniform([9, 1], 0, 1, "float32", 5);
    const loss = (z: tf.Tensor): tf.Scalar => tf.mean(tf.square(tf.sub(tf.sigmoid(z), y)));
    const ours = tf.variableGrads(
      () => loss(mlpForward(params, x, { training: true, rng: new Rng(3), logits: true })),
      vars,
    );
    const r = new Rng(3);
    const plain = () => {
      let h: tf.Tensor = x;
      params.layers.forEach(({ w, b }, i) => {
        h = tf.add(tf.matMul(h, w), b);
        if (i < params.layers.length - 1) h = seededDropout(tf.relu(h), 0.4, r);
      });
      return loss(h);
    };
    const auto = tf.variableGrads(plain, vars);
    assert.ok(Math.abs(ours.value.dataSync()[0] - auto.value.dataSync()[0]) < 1e-6);
    for (const v of vars) {
      const a = ours.grads[v.name].dataSync();
      const b = auto.grads[v.name].dataSync();
      a.forEach((g, i) => assert.ok(Math.abs(g - b[i]) < 1e-6, `${v.name}[${i}] ${g} vs ${b[i]}`));
    }
    assert.throws(
      () => reluMlpLogits([], x, { rate: 0, training: false }),
      /reluMlpLogits: argument 'layers'/,
    );
  });
  disposeMlpParams(params);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("mlpForward in training: fast path and reference (COURSE_FAST=0) agree, dropout on", async () => {
  const params = mlpParams({ ...CFG, hidden: [16, 8], dropout: 0.25 });
  const vars = mlpVariables(params);
  const x = tf.randomNormal([12, 10], 0, 1, "float32", 9) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const run = async (fast: boolean) => {
    setFastPaths(fast);
    try {
      const { value, grads } = tf.variableGrads(
        () => tf.mean(mlpForward(params, x, { training: true, rng: new Rng(5) })) as tf.Scalar,
        vars,
      );
      const out = [
        await value.data(),
        ...(await Promise.all(vars.map((v) => grads[v.name].data()))),
      ];
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    } finally {
      setFastPaths(true);
    }
  };
  const fast = await run(true), ref = await run(false);
  assert.equal(fast.length, 1 + vars.length);
  fast.forEach((a, i) =>
    a.forEach((g, j) => assert.ok(Math.abs(g - ref[i][j]) < 1e-6, `part ${i}[${j}]`))
  );
  assert.ok(fast.slice(1).some((g) => g.some((v) => Math.abs(v) > 1e-4)), "non-trivial grads");
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  disposeMlpParams(params);
});

Deno.test("reluMlpLogits rejects bad input with clear messages", () => {
  const before = tf.memory().numTensors;
  const w = tf.ones([3, 2]), b = tf.zeros([2]), x = tf.ones([4, 5]);
  assert.throws(
    () => reluMlpLogits([{ w, b }], x as tf.Tensor2D, { rate: 0, training: false }),
    /reluMlpLogits: argument 'x' expected shape \[\*, 3\], received shape \[4, 5\]/,
  );
  const w2 = tf.ones([4, 1]), b1 = tf.zeros([1]);
  assert.throws(
    () =>
      reluMlpLogits([{ w, b }, { w: w2, b: b1 }], x as tf.Tensor2D, { rate: 0, training: false }),
    /reluMlpLogits: argument 'layers\[1\].w' expected shape \[2, \*\], received shape \[4, 1\]/,
  );
  assert.throws(
    () => reluMlpLogits([{ w, b: b1 }], x as tf.Tensor2D, { rate: 0, training: false }),
    /reluMlpLogits: argument 'layers\[0\].b' expected shape \[2\], received shape \[1\]/,
  );
  tf.dispose([w, b, x, w2, b1]);
  assert.equal(tf.memory().numTensors, before);
});
