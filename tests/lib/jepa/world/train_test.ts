import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { forecastReturns } from "../../../../lib/jepa/world/forecast.ts";
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
