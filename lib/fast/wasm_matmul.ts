/**
 * Fast path (lib/fast, behind COURSE_FAST): a faster BatchMatMul for the wasm backend. tfjs-backend-wasm 4.22 multiplies with a
 * transposed operand (`transposeA`/`transposeB`, which every matmul gradient uses) 5-15×
 * slower than an explicit transpose followed by a plain product (measured here: 256×256,
 * 46.7 ms with the flag vs 5.3 ms transposing first). This wrapper transposes explicitly and
 * calls the original kernel, so autodiff, `model.fit` and LSTMs speed up on CPU.
 */
import * as tf from "@tensorflow/tfjs";
import { wasmKernelPatch } from "./kernel_patch.ts";

const patch = wasmKernelPatch("BatchMatMul", "installWasmMatMul", (origFunc) => {
  const transpose = tf.getKernel("Transpose", "wasm");
  if (!transpose) {
    throw new Error("installWasmMatMul: the wasm backend's Transpose kernel is missing");
  }
  const transFunc = transpose.kernelFunc;
  return ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as unknown as {
      transposeA: boolean;
      transposeB: boolean;
    };
    if (!transposeA && !transposeB) return origFunc({ inputs, backend, attrs });
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const innerA = a.shape[a.shape.length - (transposeA ? 2 : 1)];
    const innerB = b.shape[b.shape.length - (transposeB ? 1 : 2)];
    // Mismatched shapes: let the original kernel raise its own (untransposed) error message.
    if (innerA !== innerB) return origFunc({ inputs, backend, attrs });
    const swapLast = (t: tf.TensorInfo) => {
      const r = t.shape.length;
      const perm = [...Array(r).keys()];
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transFunc({ inputs: { x: t }, backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const a2 = transposeA ? swapLast(a) : a;
    const b2 = transposeB ? swapLast(b) : b;
    const out = origFunc({
      inputs: { a: a2, b: b2 },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    const be = backend as { disposeData(id: object): void };
    if (transposeA) be.disposeData(a2.dataId);
    if (transposeB) be.disposeData(b2.dataId);
    return out;
  };
});

/** True once the faster wasm BatchMatMul is registered. */
export const wasmMatMulPatched = (): boolean => patch.installed();
/** Put tfjs's own wasm BatchMatMul back (the reference; idempotent). */
export const uninstallWasmMatMul = (): void => patch.uninstall();
/** Replace the wasm BatchMatMul kernel with the explicit-transpose wrapper (idempotent). */
export const installWasmMatMul = (): void => patch.install();
/** Install the wrapper when the fast paths are on (called when the wasm backend starts). */
export const wasmMatMulForSwitch = (): void => patch.forSwitch();
