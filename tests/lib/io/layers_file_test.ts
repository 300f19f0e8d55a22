import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  LAYERS_MODEL_JSON,
  LAYERS_WEIGHTS_BIN,
  loadLayersModelFromDir,
  saveLayersModelToDir,
} from "../../../lib/io/layers_file.ts";

await initBackend();

function smallModel(seed: number): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({
    inputShape: [3],
    units: 5,
    activation: "relu",
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
  }));
  m.add(tf.layers.dense({
    units: 1,
    activation: "sigmoid",
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    biasInitializer: tf.initializers.constant({ value: 0.25 }),
  }));
  return m;
}

Deno.test("saveLayersModelToDir/loadLayersModelFromDir: same predictions, same weights", async () => {
  const dir = await Deno.makeTempDir();
  const model = smallModel(11);
  const saved = await saveLayersModelToDir(model, `${dir}/m`);
  // 3·5 + 5 + 5·1 + 1 = 26 float32 weights.
  assert.equal(saved.weightBytes, 26 * 4);
  assert.equal((await Deno.stat(`${dir}/m/${LAYERS_WEIGHTS_BIN}`)).size, 26 * 4);
  const json = JSON.parse(await Deno.readTextFile(`${dir}/m/${LAYERS_MODEL_JSON}`));
  assert.deepEqual(json.weightsManifest[0].paths, [`./${LAYERS_WEIGHTS_BIN}`]);
  assert.equal(json.weightsManifest[0].weights.length, 4);

  const loaded = await loadLayersModelFromDir(`${dir}/m`);
  const x = tf.tensor2d([[0.5, -1, 2], [3, 0.1, -0.7]]);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
  const w0 = await model.getWeights()[3].data();
  assert.deepEqual(Array.from(await loaded.getWeights()[3].data()), Array.from(w0));
  assert.equal(w0[0], 0.25);
  // A differently initialised model does not predict the same: the test could fail.
  const other = smallModel(99);
  const c = other.predict(x) as tf.Tensor;
  assert.notDeepEqual(Array.from(await c.data()), Array.from(await a.data()));
  tf.dispose([x, a, b, c]);
  for (const m of [model, loaded, other]) m.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadLayersModelFromDir: missing or truncated files are named; bad arguments", async () => {
  const dir = await Deno.makeTempDir();
  await assert.rejects(
    () => loadLayersModelFromDir(`${dir}/nothing`),
    /loadLayersModelFromDir: argument 'dir'.*model\.json missing/,
  );
  const model = smallModel(1);
  await saveLayersModelToDir(model, dir);
  await Deno.writeFile(`${dir}/${LAYERS_WEIGHTS_BIN}`, new Uint8Array(10));
  await assert.rejects(() => loadLayersModelFromDir(dir), /expected 104 bytes.*received 10 bytes/);
  await Deno.remove(`${dir}/${LAYERS_WEIGHTS_BIN}`);
  await assert.rejects(() => loadLayersModelFromDir(dir), /weights\.bin missing/);
  await assert.rejects(() => saveLayersModelToDir({} as never, dir), /argument 'model'/);
  await assert.rejects(() => saveLayersModelToDir(model, ""), /argument 'dir'/);
  model.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("saveLayersModelToDir: no tensor left behind by a save and a load", async () => {
  const dir = await Deno.makeTempDir();
  const model = smallModel(5);
  await saveLayersModelToDir(model, dir);
  const before = tf.memory().numTensors;
  await saveLayersModelToDir(model, dir);
  const loaded = await loadLayersModelFromDir(dir);
  loaded.dispose();
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
  await Deno.remove(dir, { recursive: true });
});
