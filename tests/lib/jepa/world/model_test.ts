import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import {
  createWorldModel,
  disposeWorldModel,
  encodeObservations,
  inverseDynamics,
  partParams,
  predictNext,
  rollout,
  utilityHeads,
} from "../../../../lib/jepa/world/model.ts";
import { Rng } from "../../../../lib/random.ts";
import { tinyConfig } from "./helpers.ts";

await initBackend();

const maxAbsDiff = async (a: tf.Tensor, b: tf.Tensor) => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0];
  d.dispose();
  return v;
};

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from(rng.normals(n)), shape);
}

Deno.test("world model: a fresh predictor returns its input (AdaLN-zero), rollout repeats the last latent", async () => {
  const model = createWorldModel(tinyConfig());
  const before = tf.memory().numTensors;
  const z = randomTensor([2, 3, 8], 1) as tf.Tensor3D;
  const a = randomTensor([2, 3, 9], 2) as tf.Tensor3D;
  const p = predictNext(model, z, a);
  assert.equal(await maxAbsDiff(p, z), 0);
  const a4 = randomTensor([2, 4, 9], 3) as tf.Tensor3D;
  const r = rollout(model, z, a4, 2);
  const last = tf.tidy(() => tf.tile(tf.slice(z, [0, 2, 0], [-1, 1, -1]), [1, 2, 1]));
  assert.equal(await maxAbsDiff(r, last), 0);
  tf.dispose([z, a, p, a4, r, last]);
  assert.equal(tf.memory().numTensors, before);
  disposeWorldModel(model);
});

Deno.test("world model: once modulated, the prediction depends on the action and never on later days", async () => {
  const model = createWorldModel(tinyConfig());
  for (const v of partParams(model, "pred").filter((v) => v.name.includes("/mod/"))) {
    v.assign(tf.randomNormal(v.shape, 0, 0.3, "float32", 9));
  }
  const z = randomTensor([1, 3, 8], 1) as tf.Tensor3D;
  const a = randomTensor([1, 3, 9], 2) as tf.Tensor3D;
  const a2 = tf.tidy(() => tf.add(a, 1)) as tf.Tensor3D;
  const zLater = tf.tidy(() =>
    tf.concat([tf.slice(z, [0, 0, 0], [1, 2, 8]), tf.add(tf.slice(z, [0, 2, 0], [1, 1, 8]), 3)], 1)
  ) as tf.Tensor3D;
  const p = predictNext(model, z, a);
  const pAct = predictNext(model, z, a2);
  const pLater = predictNext(model, zLater, a);
  assert.ok((await maxAbsDiff(p, pAct)) > 1e-3, "the action changes the prediction");
  const first2 = (t: tf.Tensor) => tf.slice(t, [0, 0, 0], [1, 2, 8]);
  const [e1, e2] = [first2(p), first2(pLater)];
  assert.ok((await maxAbsDiff(e1, e2)) < 1e-5, "day 3 does not move the predictions of days 1-2");
  tf.dispose([z, a, a2, zLater, p, pAct, pLater, e1, e2]);
  disposeWorldModel(model);
});

Deno.test("utility heads: no gradient reaches the encoder; the heads' own weights get one", async () => {
  const model = createWorldModel(tinyConfig());
  const x = randomTensor([4, 8, 2], 5);
  const r = randomTensor([4, 2], 6);
  const before = tf.memory().numTensors;
  const vars = [...partParams(model, "enc"), ...partParams(model, "head")];
  const encNames = new Set(partParams(model, "enc").map((v) => v.name));
  const norms = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const { mu, logVar } = utilityHeads(model, encodeObservations(model, x));
      return tf.add(tf.mean(tf.square(tf.sub(mu, r))), tf.mean(logVar)) as tf.Scalar;
    }, vars);
    const enc = Object.entries(grads).filter(([k]) => encNames.has(k)).map(([, g]) =>
      tf.sum(tf.abs(g))
    );
    const head = Object.entries(grads).filter(([k]) => !encNames.has(k)).map(([, g]) =>
      tf.sum(tf.abs(g))
    );
    return [enc.length ? tf.addN(enc) : tf.scalar(0), tf.addN(head)];
  });
  const [enc, head] = await Promise.all(norms.map((t) => t.data()));
  tf.dispose(norms);
  assert.equal(enc[0], 0, "encoder gradient from the heads");
  assert.ok(head[0] > 0);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, r]);
  disposeWorldModel(model);
});

Deno.test("createWorldModel and rollout reject bad settings with named messages", () => {
  assert.throws(
    () => createWorldModel(tinyConfig({ predictor: { depth: 1, heads: 8 } })),
    /createWorldModel: argument 'config.predictor.heads' expected h with 8\/h even \(RoPE\)/,
  );
  const model = createWorldModel(tinyConfig());
  const z = tf.zeros([1, 3, 8]) as tf.Tensor3D;
  const a = tf.zeros([1, 3, 9]) as tf.Tensor3D;
  assert.throws(
    () => rollout(model, z, a, 2),
    /rollout: argument 'actions' expected a tensor \[batch, 4, A\]/,
  );
  tf.dispose([z, a]);
  disposeWorldModel(model);
});

Deno.test("inverse dynamics: [.., A] from (z_t, z_{t+1}) only on a model built with the head", async () => {
  const model = createWorldModel(tinyConfig({ inverseDynamics: true }));
  const z = tf.ones([3, 8]);
  const out = inverseDynamics(model, z, z);
  assert.deepEqual(out.shape, [3, 9]);
  const plain = createWorldModel(tinyConfig());
  assert.throws(
    () => inverseDynamics(plain, z, z),
    /inverseDynamics: argument 'model' expected a model created with inverseDynamics: true/,
  );
  tf.dispose([z, out]);
  disposeWorldModel(model);
  disposeWorldModel(plain);
  await Promise.resolve();
});
