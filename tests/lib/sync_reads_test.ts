/** Tests of lib/sync_reads.ts and withHostBackend: the WebGPU-safety switch for tensor reads. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, withHostBackend } from "../../lib/backend.ts";
import { hostRead, setSyncReads, syncReadMode } from "../../lib/sync_reads.ts";

await initBackend("wasm");

Deno.test("forbidden: dataSync, arraySync and bufferSync throw with the async alternative", async () => {
  const t = tf.tensor1d([1, 2, 3]);
  setSyncReads("forbidden");
  try {
    assert.throws(
      () => t.dataSync(),
      /tensor\.dataSync\(\): .*forbidden.*`await tensor\.data\(\)`/,
    );
    assert.throws(() => t.arraySync(), /`await tensor\.array\(\)`/);
    assert.throws(() => t.bufferSync(), /`await tensor\.buffer\(\)`/);
    assert.throws(() => t.toString(), /forbidden/); // tfjs's own helpers read through dataSync
    assert.deepEqual(Array.from(await t.data()), [1, 2, 3]); // the async read still works
    assert.deepEqual(Array.from(hostRead(t)), [1, 2, 3]); // host-only code is not affected
    assert.equal(syncReadMode(), "forbidden");
  } finally {
    setSyncReads("allowed");
  }
  assert.deepEqual(Array.from(t.dataSync()), [1, 2, 3]);
  t.dispose();
});

Deno.test("withHostBackend lifts a ban inside, restores it after, and passes results out", async () => {
  const t = tf.tensor1d([4, 5]);
  setSyncReads("forbidden");
  try {
    const v = await withHostBackend(() => Promise.resolve(Array.from(t.dataSync())));
    assert.deepEqual(v, [4, 5]);
    assert.equal(syncReadMode(), "forbidden");
    assert.throws(() => t.dataSync(), /forbidden/);
    await assert.rejects(() => withHostBackend(() => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(syncReadMode(), "forbidden");
  } finally {
    setSyncReads("allowed");
  }
  assert.equal(tf.getBackend(), "wasm");
  t.dispose();
});

Deno.test("setSyncReads rejects an unknown mode", () => {
  assert.throws(
    () => setSyncReads("maybe" as never),
    /setSyncReads: argument 'next' expected "allowed", "explained" or "forbidden", received "maybe"/,
  );
});
