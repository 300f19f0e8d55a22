/** Tests of lib/timing.ts. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { matmulGflops, timeTensorOp } from "../../lib/timing.ts";

await initBackend();

Deno.test("timeTensorOp times every repeat, waits for results and leaks nothing", async () => {
  const a = tf.randomNormal([64, 64]);
  const before = tf.memory().numTensors;
  let calls = 0;
  const t = await timeTensorOp(() => {
    calls++;
    return tf.matMul(a, a);
  }, { warmup: 1, repeats: 3 });
  assert.equal(calls, 4);
  assert.equal(t.runs.length, 3);
  assert.ok(t.min > 0 && t.min <= t.median);
  assert.equal(tf.memory().numTensors, before);
  a.dispose();
  await assert.rejects(
    () => timeTensorOp(() => tf.scalar(1), { repeats: 0 }),
    /argument 'repeats'/,
  );
});

Deno.test("matmulGflops counts 2n^3 operations", () => {
  assert.equal(matmulGflops(1000, 2), 1);
  assert.throws(() => matmulGflops(10, 0), /argument 'seconds' expected a finite number > 0/);
});
