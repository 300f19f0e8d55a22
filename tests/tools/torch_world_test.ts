/**
 * tools/bench/torch_world.py, the PyTorch twin of chapter 08's world model in the bench: it
 * trains exactly as many weights as `createWorldModel(WORLD_CONFIG)`, given the course model's
 * weights it computes the same loss terms and gradient norm on a batch, and the bench refuses a
 * twin whose count drifts. Skipped where Debian's python3 has no torch.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randomDirections } from "../../lib/jepa/losses.ts";
import { createWorldModel, disposeWorldModel } from "../../lib/jepa/world/model.ts";
import { worldModelLosses } from "../../lib/jepa/world/objective.ts";
import { countParams } from "../../lib/nn/params.ts";
import { Rng } from "../../lib/random.ts";
import {
  requireSameParams,
  torchWorldParams,
  WORLD_CONFIG,
  WORLD_SCRIPT,
} from "../../tools/bench/jepa_bench.ts";
import { runPythonReference } from "../../tools/bench/types.ts";

const torchParams = await torchWorldParams();

Deno.test({
  name: "torch_world.py trains as many weights as the course's world model (by part, by hand)",
  ignore: torchParams === null,
  fn: () => {
    const before = tf.memory().numTensors;
    const model = createWorldModel(WORLD_CONFIG);
    const ours = countParams(model.params);
    disposeWorldModel(model);
    assert.equal(tf.memory().numTensors, before);
    // by hand from WORLD_CONFIG: d 16, patch 4x2, 2 tokens, MLP ratio 2, action 2 -> 8 -> 8
    const d = 16;
    const dense = (i: number, o: number) => i * o + o;
    const attn = 4 * dense(d, d);
    const mlp = dense(d, 2 * d) + dense(2 * d, d);
    const encoder = dense(8, d) + 2 * d + (4 * d + attn + mlp) + 2 * d;
    const actions = dense(2, 8) + dense(8, 8);
    const predictor = attn + mlp + dense(8, 6 * d);
    const heads = 2 * dense(d, 2) + dense(2 * d, 2);
    assert.equal(ours, encoder + actions + predictor + heads);
    assert.equal(torchParams, ours);
  },
});

Deno.test("the bench throws when a twin's weight count differs from the model's", () => {
  const run = { seconds: 1, epochs: [1], params: 5687 };
  assert.throws(
    () => requireSameParams("world model", 5686, run),
    /world model: the PyTorch twin trains 5687 weights, the course model 5686/,
  );
  assert.doesNotThrow(() => requireSameParams("world model", 5687, run));
  assert.doesNotThrow(() => requireSameParams("world model", 5686, null));
});

Deno.test({
  name: "torch_world.py with the course's weights: same loss terms and gradient norm on a batch",
  ignore: torchParams === null,
  fn: async () => {
    const before = tf.memory().numTensors;
    const model = createWorldModel(WORLD_CONFIG);
    const r = new Rng(11);
    // AdaLN-zero starts as the identity (gates 0): give the modulation weights values so the
    // predictor's attention, RoPE and MLP reach the loss
    for (const [k, v] of Object.entries(model.params)) {
      if (k.includes("/mod/")) {
        const values = Float32Array.from(r.normals(v.size, 0, 0.3));
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
      }
    }
    const [b, days] = [8, 4];
    const t = (shape: number[], sd = 1) =>
      tf.tensor(Float32Array.from(r.normals(shape.reduce((p, q) => p * q), 0, sd)), shape);
    const batch = {
      obs: t([b, days, 8, 2]) as tf.Tensor4D,
      actions: t([b, days, 2]) as tf.Tensor3D,
      nextReturns: t([b, days, 2]) as tf.Tensor3D,
    };
    const dirs = randomDirections(16, 64, new Rng(7)); // the objective's first draw from Rng(7)
    const dump = async (x: tf.Tensor) => ({ shape: x.shape, values: Array.from(await x.data()) });
    const spec = {
      params: Object.fromEntries(
        await Promise.all(Object.entries(model.params).map(async ([k, v]) => [k, await dump(v)])),
      ),
      obs: await dump(batch.obs),
      actions: await dump(batch.actions),
      r: await dump(batch.nextReturns),
      dirs: await dump(dirs),
    };
    const file = await Deno.makeTempFile({ suffix: ".json" });
    try {
      await Deno.writeTextFile(file, JSON.stringify(spec));
      const out = await runPythonReference(WORLD_SCRIPT, ["check", file], "torch");
      const torch = JSON.parse(out!.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
      const vars = Object.values(model.params);
      const keys = ["total", "teacher", "rollout", "sigreg", "heads", "idm", "grad_norm"];
      const read = tf.tidy(() => {
        let parts: tf.Scalar[] = [];
        const { grads } = tf.variableGrads(() => {
          const l = worldModelLosses(model, batch, { k: 2, rng: new Rng(7) });
          parts = [l.total, l.teacher, l.rollout, l.sigreg, l.heads, l.idm].map((x) => tf.keep(x));
          return l.total;
        }, vars);
        const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
        const out = tf.stack([...parts, norm]);
        tf.dispose(parts);
        return out;
      });
      const values = await read.data();
      read.dispose();
      const ours = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
      for (const key of keys) {
        assert.ok(ours[key] > 1e-3, `${key} is not trivially 0 (${ours[key]})`);
        const rel = Math.abs(ours[key] - torch[key]) / Math.abs(ours[key]);
        assert.ok(rel < 1e-4, `${key}: course ${ours[key]}, torch ${torch[key]}`);
      }
    } finally {
      await Deno.remove(file);
      tf.dispose([batch.obs, batch.actions, batch.nextReturns, dirs]);
      disposeWorldModel(model);
    }
    assert.equal(tf.memory().numTensors, before);
  },
});
