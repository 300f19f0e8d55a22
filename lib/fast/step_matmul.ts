/**
 * Fast path (lib/fast, behind COURSE_FAST): the per-time-step matmul of the recurrent host ops
 * (lstm_host.ts), a · w (+ bias, sigmoid) with the same w for every step and a fresh a each
 * step. On the wasm backend it calls the backend's kernel directly: a is written into one wasm
 * buffer in place and the result is read where the kernel wrote it, without tfjs's engine (a
 * tensor made, tracked, copied out and disposed twice per step: ~7 µs of a ~40 µs step at the
 * windows benchmark's sizes). Such calls do not appear in `tf.profile`. Other backends run the
 * same kernel through the engine. One of the few places in lib allowed to read synchronously.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";

/** Runs a [rows, K] · w [K, N] (+ bias, sigmoid) for one step after another. */
export interface StepMatMul {
  /** The product for `a` (rows·K floats): valid until the next `run` or `close`. */
  run(a: Float32Array): Float32Array;
  /** Free the buffers (idempotent). */
  close(): void;
}

/** The parts of tfjs-backend-wasm's backend used here (public methods of BackendWasm). */
interface WasmBackend {
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * A step runner for `w` [1, K, N] (3-D: the kernels' layout) with `rows` rows per step; with a
 * `bias` [N] the kernel is _FusedMatMul with a sigmoid, else BatchMatMul.
 */
export function stepMatMul(w: tf.Tensor, rows: number, bias?: tf.Tensor): StepMatMul {
  const fn = "stepMatMul";
  require(w instanceof tf.Tensor && w.rank === 3 && w.shape[0] === 1, fn, "w", "[1, K, N]", w);
  const [, k, n] = w.shape as [number, number, number];
  require(Number.isInteger(rows) && rows > 0, fn, "rows", "a positive integer", rows);
  require(
    bias === undefined || (bias instanceof tf.Tensor && bias.shape.join() === `${n}`),
    fn,
    "bias",
    `undefined or a tensor [${n}]`,
    bias,
  );
  const name = bias ? "_FusedMatMul" : "BatchMatMul";
  const attrs: tf.NamedAttrMap = bias
    ? { transposeA: false, transposeB: false, activation: "sigmoid", leakyreluAlpha: 0 }
    : { transposeA: false, transposeB: false };
  const inputs = <T extends tf.TensorInfo>(a: T): Record<string, T | tf.Tensor> =>
    bias ? { a, b: w, bias } : { a, b: w };
  const checked = (a: Float32Array) =>
    require(
      a instanceof Float32Array && a.length === rows * k,
      "stepMatMul.run",
      "a",
      `a Float32Array of ${rows * k} floats`,
      a?.length,
    );
  const kernel = tf.getBackend() === "wasm" ? tf.getKernel(name, "wasm") : undefined;
  if (!kernel) {
    // through the engine: a fresh input tensor per step, the result copied out
    return {
      run(a) {
        checked(a);
        const at = tf.tensor3d(a, [1, rows, k]);
        const out = tf.engine().runKernel(
          name,
          inputs(at) as tf.NamedTensorMap,
          attrs,
        ) as tf.Tensor;
        const values = hostRead(out) as Float32Array;
        tf.dispose([at, out]);
        return values;
      },
      close() {},
    };
  }
  const backend = tf.backend() as unknown as WasmBackend;
  const at = tf.zeros([1, rows, k]); // its wasm buffer receives each step's a
  let out: tf.TensorInfo | null = null;
  const free = () => {
    if (out) backend.disposeData(out.dataId, true);
    out = null;
  };
  return {
    run(a) {
      checked(a);
      free();
      // views are taken right before use: a kernel that grows wasm memory detaches older ones
      (backend.typedArrayFromHeap(at) as Float32Array).set(a);
      out = kernel.kernelFunc({
        inputs: inputs(at),
        backend: backend as unknown as tf.KernelBackend,
        attrs,
      }) as tf.TensorInfo;
      return backend.typedArrayFromHeap(out) as Float32Array;
    },
    close() {
      free();
      at.dispose();
    },
  };
}
