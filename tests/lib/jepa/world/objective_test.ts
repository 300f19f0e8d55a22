import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import {
  createWorldModel,
  disposeWorldModel,
  encodeObservations,
} from "../../../../lib/jepa/world/model.ts";
import { worldModelLosses } from "../../../../lib/jepa/world/objective.ts";
import { Rng } from "../../../../lib/random.ts";
import { tinyConfig } from "./helpers.ts";

await initBackend();

Deno.test("worldModelLosses: with a fresh (identity) predictor, the teacher and rollout terms are hand-computable", async () => {
  const model = createWorldModel(tinyConfig()); // context L = 3
  const rng = new Rng(4);
  const b = 2, k = 2, days = 5;
  const obs = tf.tensor4d(Array.from(rng.normals(b * days * 8 * 2)), [b, days, 8, 2]);
  const actions = tf.zeros([b, days, 9]) as tf.Tensor3D;
  const nextReturns = tf.zeros([b, days, 2]) as tf.Tensor3D;
  const before = tf.memory().numTensors;
  const l = tf.tidy(() => {
    const out = worldModelLosses(model, { obs, actions, nextReturns }, { k, rng });
    return [out.teacher, out.rollout, out.sigreg, out.idm];
  });
  const [teacher, roll, sigreg, idm] = await Promise.all(l.map(async (t) => (await t.data())[0]));
  tf.dispose(l);
  assert.equal(tf.memory().numTensors, before);
  // reference: z_t of every day; identity predictor → ẑ_{t+1} = z_t, rollout repeats z_2
  const z = tf.tidy(() => encodeObservations(model, tf.reshape(obs, [b * days, 8, 2])));
  const zs = (await z.array()).map((r, i) => ({ r, bi: Math.floor(i / days), t: i % days }));
  z.dispose();
  const get = (bi: number, t: number) => zs.find((e) => e.bi === bi && e.t === t)!.r;
  const mse = (pairs: [number[], number[]][]) =>
    pairs.reduce((s, [a, c]) => s + a.reduce((q, v, j) => q + (v - c[j]) ** 2, 0), 0) /
    (pairs.length * pairs[0][0].length);
  const tPairs: [number[], number[]][] = [];
  const rPairs: [number[], number[]][] = [];
  for (let bi = 0; bi < b; bi++) {
    for (let t = 0; t < 3; t++) tPairs.push([get(bi, t), get(bi, t + 1)]);
    for (let s = 0; s < k; s++) rPairs.push([get(bi, 2), get(bi, 3 + s)]);
  }
  assert.ok(Math.abs(teacher - mse(tPairs)) < 1e-5, `${teacher} vs ${mse(tPairs)}`);
  assert.ok(Math.abs(roll - mse(rPairs)) < 1e-5, `${roll} vs ${mse(rPairs)}`);
  assert.ok(sigreg > 0);
  assert.equal(idm, 0, "no inverse-dynamics head, no term");
  assert.throws(
    () => worldModelLosses(model, { obs, actions, nextReturns }, { k: 3, rng }),
    /worldModelLosses: argument 'batch.obs' expected \[batch, 6 days \(L \+ K\), T, F\]/,
  );
  tf.dispose([obs, actions, nextReturns]);
  disposeWorldModel(model);
});
