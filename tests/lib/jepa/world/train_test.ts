import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { forecastReturns } from "../../../../lib/jepa/world/forecast.ts";
import { fitLinearHeads } from "../../../../lib/jepa/world/heads_fit.ts";
import {
  createWorldModel,
  disposeWorldModel,
  partParams,
} from "../../../../lib/jepa/world/model.ts";
import { trainWorldModel } from "../../../../lib/jepa/world/train.ts";
import { disposeData, tinyConfig, toyData } from "./helpers.ts";

await initBackend();

function corr(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

Deno.test("trainWorldModel: the return head learns the toy market's conditional mean; no leak", async () => {
  const { data, trueMu } = toyData(200, 1);
  const model = createWorldModel(tinyConfig());
  const before = tf.memory().numTensors;
  const logs = await trainWorldModel(model, data, {
    epochs: 6,
    batchSize: 32,
    lr: 3e-3,
    k: 2,
    seed: 1,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(
    logs.at(-1)!.heads < logs[0].heads,
    `head loss ${logs[0].heads} → ${logs.at(-1)!.heads}`,
  );
  // forecast day t+1 from the last 3 windows, for every day from 2 on (K = 2: needs 3 actions)
  const l = 3;
  const idx = Array.from({ length: 200 - l }, (_, i) => i);
  const obs = tf.tidy(() =>
    tf.reshape(
      tf.gather(data.obs, idx.flatMap((i) => [i, i + 1, i + 2])),
      [idx.length, l, 8, 2],
    )
  ) as tf.Tensor4D;
  const acts = tf.zeros([idx.length, l, 9]) as tf.Tensor3D;
  const fc = await forecastReturns(model, obs, acts, 2);
  tf.dispose([obs, acts]);
  const c = corr(fc.mu.map((m) => m[0][0]), idx.map((i) => trueMu[i + 2][0]));
  assert.ok(c > 0.45, `corr(forecast, true mean) ${c}`);
  assert.ok(fc.variance.every((b) => b.every((k) => k.every((v) => v > 0))));
  disposeWorldModel(model);
  disposeData(data);
});

Deno.test("trainWorldModel: a frozen encoder (random-encoder control) keeps its weights", async () => {
  const { data } = toyData(80, 2);
  const model = createWorldModel(tinyConfig());
  const enc = partParams(model, "enc");
  const start = await Promise.all(enc.map((v) => v.data()));
  const head0 = await partParams(model, "head")[0].data();
  await trainWorldModel(model, data, { epochs: 1, batchSize: 16, k: 2, freeze: ["enc"] });
  const end = await Promise.all(enc.map((v) => v.data()));
  assert.ok(start.every((s, i) => s.every((x, j) => x === end[i][j])));
  const head1 = await partParams(model, "head")[0].data();
  assert.ok(head0.some((x, j) => x !== head1[j]), "the heads did learn");
  await assert.rejects(
    () => trainWorldModel(model, data, { epochs: 1, freeze: ["encoder"] }),
    /trainWorldModel: argument 'freeze' expected parts among enc, act, pred, head, idm/,
  );
  disposeWorldModel(model);
  disposeData(data);
});

Deno.test("fitLinearHeads: ridge heads on frozen latents recover the toy conditional mean", async () => {
  const { data, trueMu } = toyData(400, 3);
  const model = createWorldModel(tinyConfig({ headHidden: 0 }));
  const before = tf.memory().numTensors;
  const fit = await fitLinearHeads(model, data.obs, await data.nextReturns.array());
  assert.ok([0.1, 1, 10, 100, 1000, 10000].includes(fit.alpha));
  const obs = tf.tidy(() =>
    tf.reshape(tf.slice(data.obs, [0, 0, 0], [399, -1, -1]), [133, 3, 8, 2])
  );
  const acts = tf.zeros([133, 3, 9]) as tf.Tensor3D;
  const fc = await forecastReturns(model, obs as tf.Tensor4D, acts, 1);
  tf.dispose([obs, acts]);
  assert.equal(tf.memory().numTensors, before);
  const c = corr(fc.mu.map((m) => m[0][1]), fc.mu.map((_, b) => trueMu[3 * b + 2][1]));
  assert.ok(c > 0.6, `corr ${c}`); // a random 8-wide encoder keeps most of the signal
  await assert.rejects(
    () => fitLinearHeads(createWorldModel(tinyConfig()), data.obs, []),
    /fitLinearHeads: argument 'model' expected a model with linear heads/,
  );
  disposeWorldModel(model);
  disposeData(data);
});
