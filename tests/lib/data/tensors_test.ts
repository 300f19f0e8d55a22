import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import { initBackend } from "../../../lib/backend.ts";
import { frameToTensor, tensorToFrame } from "../../../lib/data/tensors.ts";

await initBackend();

Deno.test("frame -> tensor -> frame keeps values, layout and disposes", async () => {
  const before = tf.memory().numTensors;
  const df = pl.DataFrame({ a: [1, 2, 3], b: [0.5, -1, 2], name: ["x", "y", "z"] });
  const t = frameToTensor(df, ["b", "a"]);
  assert.deepEqual(t.shape, [3, 2]);
  assert.deepEqual(t.arraySync(), [[0.5, 1], [-1, 2], [2, 3]]);
  const back = await tensorToFrame(t, ["b", "a"]);
  assert.deepEqual(back.getColumn("a").toArray(), [1, 2, 3]);
  t.dispose();
  const ti = frameToTensor(df, ["a"], "int32");
  assert.equal(ti.dtype, "int32");
  ti.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("frameToTensor names the column and row of a null/NaN, rejects strings", () => {
  const before = tf.memory().numTensors;
  const df = pl.DataFrame({ a: [1, null, 3], b: [1, 2, NaN], s: ["x", "y", "z"] });
  assert.throws(
    () => frameToTensor(df, ["a"]),
    /column 'a'' expected finite values, received null at row 1/,
  );
  assert.throws(() => frameToTensor(df, ["b"]), /received NaN at row 2/);
  assert.throws(() => frameToTensor(df, ["s"]), /numeric or boolean column/);
  assert.throws(() => frameToTensor(pl.DataFrame({ a: [1.5] }), ["a"], "int32"), /integers/);
  assert.equal(tf.memory().numTensors, before);
});
