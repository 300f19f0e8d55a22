/**
 * Parity of lib/fast/lstm_host.ts (the LSTM's JS host kernels) with its reference, the tensor-op
 * implementation in models/lstm_ops.ts; with the switch off, "auto" runs the reference.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { lstmSequence } from "../../../lib/models/lstm.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from(rng(seed).normals(n)), shape);
}

/** Loss Σ w ⊙ lstm(x) and its gradients in x and the three weights, by one implementation. */
function lossAndGrads(
  x: tf.Tensor,
  k: tf.Tensor,
  rk: tf.Tensor,
  b: tf.Tensor,
  w: tf.Tensor,
  returnSequences: boolean,
  impl: "host" | "ops",
): Float32Array[] {
  const f = (xx: tf.Tensor, kk: tf.Tensor, rr: tf.Tensor, bb: tf.Tensor) =>
    tf.sum(tf.mul(
      lstmSequence(xx as tf.Tensor3D, {
        kernel: kk as tf.Tensor2D,
        recurrentKernel: rr as tf.Tensor2D,
        bias: bb as tf.Tensor1D,
      }, { returnSequences, impl }),
      w,
    ));
  const { value, grads } = tf.valueAndGrads(f)([x, k, rk, b]);
  const out = [value, ...grads].map((t) => t.dataSync() as Float32Array);
  tf.dispose([value, ...grads]);
  return out;
}

Deno.test("lstmSequence: host and ops agree with batch, steps, features and units all different", () => {
  const before = tf.memory().numTensors;
  const [f, u] = [5, 4]; // with batch and steps below all distinct: a swapped operand fails
  const k = randomTensor([f, 4 * u], 42), rk = randomTensor([u, 4 * u], 43);
  const b = randomTensor([4 * u], 44);
  // batch and steps swapped the second time: the host op then works in the arrays the first
  // left behind (same lengths, other layout), so a value read before written would differ
  for (const [n, t, seed] of [[6, 7, 41], [7, 6, 46]]) {
    const x = randomTensor([n, t, f], seed);
    for (const returnSequences of [true, false]) {
      const w = randomTensor(returnSequences ? [n, t, u] : [n, u], seed + 4);
      const host = lossAndGrads(x, k, rk, b, w, returnSequences, "host");
      const ops = lossAndGrads(x, k, rk, b, w, returnSequences, "ops");
      host.forEach((arr, i) => {
        const scale = Math.max(1, ...Array.from(ops[i], Math.abs));
        assert.ok(maxAbsDiff(arr, ops[i]) < 2e-5 * scale, `part ${i}, batch ${n}`);
      });
      w.dispose();
    }
    x.dispose();
  }
  tf.dispose([k, rk, b]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("lstmSequence host: per time step one kernel forward and one backward, none through the engine on wasm", async () => {
  const kernels = async (steps: number) => {
    const x = randomTensor([3, steps, 2], 51);
    const k = randomTensor([2, 8], 52), rk = randomTensor([2, 8], 53), b = randomTensor([8], 54);
    const info = await tf.profile(() => {
      const { value, grads } = tf.valueAndGrads((xx: tf.Tensor, kk: tf.Tensor) =>
        tf.sum(lstmSequence(xx as tf.Tensor3D, {
          kernel: kk as tf.Tensor2D,
          recurrentKernel: rk as tf.Tensor2D,
          bias: b as tf.Tensor1D,
        }, { impl: "host" }))
      )([x, k]);
      tf.dispose([value, ...grads]);
      return [] as unknown as tf.TensorContainer;
    });
    tf.dispose([x, k, rk, b]);
    return info.kernels.length;
  };
  const [k5, k15] = [await kernels(5), await kernels(15)];
  // on wasm the step kernels are called on the backend directly (fast/step_matmul.ts), which
  // tf.profile does not see: the engine's count then does not grow with the steps at all
  const perStep = tf.getBackend() === "wasm" ? 0 : 2;
  assert.equal(k15 - k5, perStep * 10, `kernels: ${k5} at 5 steps, ${k15} at 15`);
});

Deno.test("lstmSequence: host (JS cell) and ops implementations agree in values and all gradients", () => {
  const before = tf.memory().numTensors;
  const x = randomTensor([4, 5, 3], 21) as tf.Tensor3D;
  const k = randomTensor([3, 12], 22), rk = randomTensor([3, 12], 23), b = randomTensor([12], 24);
  for (const returnSequences of [true, false]) {
    const w = randomTensor(returnSequences ? [4, 5, 3] : [4, 3], 25);
    const run = (impl: "host" | "ops") => {
      const f = (xx: tf.Tensor, kk: tf.Tensor, rr: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(
          lstmSequence(xx as tf.Tensor3D, {
            kernel: kk as tf.Tensor2D,
            recurrentKernel: rr as tf.Tensor2D,
            bias: bb as tf.Tensor1D,
          }, { returnSequences, impl }),
          w,
        ));
      const { value, grads } = tf.valueAndGrads(f)([x, k, rk, b]);
      const out = [value, ...grads].map((t) => t.dataSync());
      tf.dispose([value, ...grads]);
      return out;
    };
    const host = run("host"), ops = run("ops");
    assert.equal(host.length, 5); // loss, dx, dKernel, dRecurrent, dBias
    host.forEach((arr, i) => assert.ok(maxAbsDiff(arr, ops[i]) < 1e-5, `part ${i}`));
    assert.ok(Math.abs(host[0][0]) > 1e-3); // a non-trivial loss
    w.dispose();
  }
  assert.throws(
    () =>
      lstmSequence(x, {
        kernel: k as tf.Tensor2D,
        recurrentKernel: rk as tf.Tensor2D,
        bias: b as tf.Tensor1D,
      }, {
        impl: "gpu" as "ops",
      }),
    /lstmSequence: argument 'opts.impl' expected "auto", "host" or "ops"/,
  );
  tf.dispose([x, k, rk, b]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test('lstmSequence "auto": the host kernels with the fast paths on, the ops without', async () => {
  const x = randomTensor([2, 3, 3], 31) as tf.Tensor3D;
  const w = {
    kernel: randomTensor([3, 8], 32) as tf.Tensor2D,
    recurrentKernel: randomTensor([2, 8], 33) as tf.Tensor2D,
    bias: randomTensor([8], 34) as tf.Tensor1D,
  };
  const out = async (impl: "auto" | "host" | "ops", fast = true) => {
    setFastPaths(fast);
    try {
      const t = lstmSequence(x, w, { impl });
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    } finally {
      setFastPaths(true);
    }
  };
  const host = await out("host"), ops = await out("ops");
  assert.deepEqual(await out("auto", false), ops);
  if (["wasm", "cpu"].includes(tf.getBackend())) {
    // the two implementations round differently, so equality tells which one ran
    assert.notDeepEqual(host, ops);
    assert.deepEqual(await out("auto", true), host);
  }
  tf.dispose([x, w.kernel, w.recurrentKernel, w.bias]);
});
