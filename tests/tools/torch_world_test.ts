/**
 * tools/bench/torch_world.py, the PyTorch twin of chapter 08's world model in the bench: it
 * trains exactly as many weights as `createWorldModel(WORLD_CONFIG)`, and the bench refuses a
 * twin whose count drifts. Skipped where Debian's python3 has no torch.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createWorldModel, disposeWorldModel } from "../../lib/jepa/world/model.ts";
import { countParams } from "../../lib/nn/params.ts";
import { requireSameParams, torchWorldParams, WORLD_CONFIG } from "../../tools/bench/jepa_bench.ts";

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
