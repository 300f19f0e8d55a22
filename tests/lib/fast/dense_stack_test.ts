/**
 * Parity of lib/fast/dense_stack.ts with its reference, `model.apply(x, {training: true})` and
 * tfjs's autodiff: the same outputs (same dropout masks, drawn from the SeededDropout layers'
 * own generators) and gradients; the course loop trains a Layers model to the same weights with
 * the switch on and off; other models get no plan; bad input is named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { denseStackApply, denseStackPlan } from "../../../lib/fast/dense_stack.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { buildMlp } from "../../../lib/models/mlp.ts";
import { train } from "../../../lib/train/loop.ts";

await initBackend();

const CFG = {
  inputDim: 6,
  hidden: [9, 7],
  dropout: 0.4,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 5,
};

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
};

Deno.test("denseStackApply equals model.apply in training: outputs, masks and gradients", async () => {
  const before = tf.memory().numTensors;
  for (const head of ["sigmoid", "softmax", "linear"] as const) {
    const units = head === "softmax" ? 3 : 1;
    const cfg = { ...CFG, output: { units, activation: head } };
    const [plain, fast] = [buildMlp(cfg), buildMlp(cfg)]; // same seeds: same weights and masks
    const plan = denseStackPlan(fast);
    assert.ok(plan !== null, `a plan for the ${head} head`);
    const x = tf.randomNormal([11, 6], 0, 1, "float32", 2);
    const w = tf.randomNormal([11, units], 0, 1, "float32", 3);
    const lossOf = (out: tf.Tensor) => tf.sum(tf.mul(out, w)) as tf.Scalar;
    for (let call = 0; call < 2; call++) { // the second call checks the generators advanced alike
      const a = tf.variableGrads(
        () => lossOf(plain.apply(x, { training: true }) as tf.Tensor),
        plain.trainableWeights.map((v) => v.read() as tf.Variable),
      );
      const b = tf.variableGrads(
        () => lossOf(denseStackApply(plan!, x)),
        fast.trainableWeights.map((v) => v.read() as tf.Variable),
      );
      close(await b.value.data(), await a.value.data(), 1e-5, `${head} loss, call ${call}`);
      const ga = Object.values(a.grads);
      const gb = Object.values(b.grads);
      assert.equal(gb.length, 6);
      for (let i = 0; i < ga.length; i++) {
        close(await gb[i].data(), await ga[i].data(), 1e-5, `${head} grad ${i}, call ${call}`);
      }
      tf.dispose([a.value, b.value, ...ga, ...gb]);
    }
    tf.dispose([x, w]);
    plain.dispose();
    fast.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("the course loop trains a Layers MLP to the same weights with the fast path", async () => {
  const x = tf.randomNormal([70, 6], 0, 1, "float32", 7);
  const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), "float32");
  const before = tf.memory().numTensors;
  const run = async (fast: boolean) => {
    setFastPaths(fast);
    const model = buildMlp(CFG);
    const h = await train(model, { x, y }, {
      epochs: 3,
      batchSize: 16,
      loss: "bce",
      optimizer: "adam",
      lr: 1e-2,
      progress: false,
    });
    const weights = await Promise.all(model.getWeights().map((t) => t.data()));
    model.dispose();
    return { loss: h.loss, weights };
  };
  try {
    const plain = await run(false);
    const fast = await run(true);
    close(fast.loss, plain.loss, 1e-5, "epoch losses");
    plain.weights.forEach((w, i) => close(fast.weights[i], w, 1e-4, `weight ${i}`));
  } finally {
    setFastPaths(true);
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
});

Deno.test("denseStackPlan: other models keep the plain path; bad input is named", () => {
  const seq = (layers: tf.layers.Layer[]) => {
    const m = tf.sequential();
    layers.forEach((l) => m.add(l));
    return m;
  };
  const dense = (units: number, activation: "relu" | "tanh" | "sigmoid", extra = {}) =>
    tf.layers.dense({ units, activation, ...extra });
  const models = [
    seq([
      dense(4, "relu", { inputShape: [3] }),
      tf.layers.dropout({ rate: 0.2 }),
      dense(1, "sigmoid"),
    ]),
    seq([dense(4, "tanh", { inputShape: [3] }), dense(1, "sigmoid")]),
    seq([
      dense(4, "relu", { inputShape: [3], kernelRegularizer: tf.regularizers.l2() }),
      dense(1, "sigmoid"),
    ]),
    seq([dense(4, "relu", { inputShape: [3], useBias: false }), dense(1, "sigmoid")]),
    seq([dense(4, "relu", { inputShape: [5, 3] }), dense(1, "sigmoid")]), // a sequence input
  ];
  for (const m of models) assert.equal(denseStackPlan(m), null, m.layers.map((l) => l.name).join());
  const ok = seq([dense(4, "relu", { inputShape: [3] }), dense(2, "relu"), dense(1, "sigmoid")]);
  const plan = denseStackPlan(ok);
  assert.deepEqual(plan?.dropouts, [null, null]);
  assert.throws(() => denseStackPlan("mlp" as never), /denseStackPlan: argument 'model'/);
  const withDropout = buildMlp(CFG);
  const drop = denseStackPlan(withDropout)!.dropouts[0]!;
  assert.throws(() => drop.drawMask(0), /SeededDropout.drawMask: argument 'size'/);
  withDropout.dispose();
  const bad = tf.zeros([2, 5]);
  assert.throws(() => denseStackApply(plan!, bad), /denseStackApply: argument 'x'/);
  bad.dispose();
  for (const m of [...models, ok]) m.dispose();
});
