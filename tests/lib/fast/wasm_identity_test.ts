/**
 * lib/fast/wasm_identity.ts: with the fast paths on, the wasm Identity (every `clone`, every
 * tensor tfjs saves for a backward pass) shares its input's memory instead of copying it, and
 * the shared memory lives as long as any tensor using it; with them off, tfjs's copying kernel
 * is back. Gradients through saved tensors are unchanged.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/backend.ts";
import { wasmIdentityPatched } from "../../../lib/fast/wasm_identity.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";

await useBackend("wasm");

const offset = (t: tf.Tensor) =>
  (tf.backend() as unknown as { getMemoryOffset(id: object): number }).getMemoryOffset(t.dataId);

Deno.test("wasm Identity shares memory with the fast paths on, copies with them off", async () => {
  assert.ok(wasmIdentityPatched());
  const before = tf.memory().numTensors;
  const x = tf.tensor1d([1, 2, 3]);
  const shared = x.clone();
  assert.equal(offset(shared), offset(x));
  x.dispose(); // the clone keeps the memory alive
  assert.deepEqual(Array.from(await shared.data()), [1, 2, 3]);
  shared.dispose();
  setFastPaths(false);
  try {
    assert.equal(wasmIdentityPatched(), false);
    const y = tf.tensor1d([4, 5]);
    const copy = y.clone();
    assert.notEqual(offset(copy), offset(y));
    tf.dispose([y, copy]);
  } finally {
    setFastPaths(true);
  }
  assert.ok(wasmIdentityPatched());
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("gradients through saved tensors are the same with the sharing Identity", async () => {
  const x = tf.tensor2d([[0.5, -1], [2, 0.25]]);
  const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.exp(t), tf.sigmoid(tf.square(t)))) as tf.Scalar;
  const grad = async (fast: boolean) => {
    setFastPaths(fast);
    try {
      const g = tf.grad(f)(x);
      const out = Array.from(await g.data());
      g.dispose();
      return out;
    } finally {
      setFastPaths(true);
    }
  };
  const [ours, ref] = [await grad(true), await grad(false)];
  assert.deepEqual(ours, ref);
  // the closed form: d/dt e^t·σ(t²) = e^t·σ(t²) + e^t·σ'(t²)·2t
  const xs = [0.5, -1, 2, 0.25];
  xs.forEach((t, i) => {
    const s = 1 / (1 + Math.exp(-t * t));
    const want = Math.exp(t) * s + Math.exp(t) * s * (1 - s) * 2 * t;
    assert.ok(
      Math.abs(ours[i] - want) < 1e-5 * Math.max(1, Math.abs(want)),
      `${ours[i]} vs ${want}`,
    );
  });
  x.dispose();
});
