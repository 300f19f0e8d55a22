/**
 * lib/fast/kernel_patch.ts: a patched wasm kernel runs while installed, tfjs's own kernel is
 * back after `uninstall`, `forSwitch` follows COURSE_FAST's switch, and a missing kernel is
 * named in the error.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/backend.ts";
import { wasmKernelPatch } from "../../../lib/fast/kernel_patch.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";

await useBackend("wasm");

Deno.test("wasmKernelPatch: install, uninstall and the switch swap the kernel", async () => {
  let calls = 0;
  const patch = wasmKernelPatch("Neg", "testPatch", (original) => (args) => {
    calls += 1;
    return original(args);
  });
  const x = tf.tensor1d([1, -2]);
  const neg = async () => {
    const y = tf.neg(x);
    const v = Array.from(await y.data());
    y.dispose();
    return v;
  };
  try {
    assert.equal(patch.installed(), false);
    patch.install();
    patch.install(); // idempotent
    assert.deepEqual(await neg(), [-1, 2]);
    assert.equal(calls, 1);
    patch.uninstall();
    assert.deepEqual(await neg(), [-1, 2]);
    assert.equal(calls, 1, "tfjs's own kernel after uninstall");
    patch.forSwitch(); // fast paths on: installed
    assert.equal(patch.installed(), true);
    setFastPaths(false);
    assert.equal(patch.installed(), false, "the switch turned it off");
    setFastPaths(true);
    assert.equal(patch.installed(), true);
    await neg();
    assert.equal(calls, 2);
  } finally {
    setFastPaths(true);
    patch.uninstall();
    x.dispose();
  }
  const missing = wasmKernelPatch("NoSuchKernel", "testPatch", (o) => o);
  assert.throws(
    () => missing.install(),
    /testPatch: the wasm backend's NoSuchKernel kernel is missing/,
  );
});
