/**
 * Fast path (lib/fast, behind COURSE_FAST): GELU (tanh form, `gelu` in lib/nn/params.ts, the
 * reference) as ONE differentiable op on host backends (wasm, cpu), with the JS loops the
 * Transformer block's host op uses (block_math.ts): the reference runs eight kernels forward
 * and about twice that backward. Used by the AdaLN-zero blocks of chapter 08's predictor.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { geluRows, geluRowsBackward } from "./block_math.ts";
import { hostCopy } from "./flat_optimizers.ts";
import { hostBackend } from "./switch.ts";

/** GELU (tanh approximation) of a float32 tensor, computed in JS with its gradient. */
export function geluHost(x: tf.Tensor): tf.Tensor {
  const fn = "geluHost";
  require(hostBackend(), fn, "backend", '"wasm" or "cpu"', tf.getBackend());
  require(
    x instanceof tf.Tensor && x.dtype === "float32" && x.size > 0,
    fn,
    "x",
    "a non-empty float32 tensor",
    x,
  );
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args[0] as tf.Tensor;
    const u = hostCopy(xs);
    const { y, t } = geluRows(u, new Float32Array(xs.rank === 0 ? 1 : xs.shape[xs.rank - 1]));
    return {
      value: tf.tensor(y, xs.shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const d = hostCopy(dy);
        geluRowsBackward(d, u, t);
        return tf.tensor(d, xs.shape, "float32");
      },
    };
  })(x);
}
