/**
 * Input checks shared by the loss functions: tensors of a float dtype, matching shapes, and
 * per-row labels given as a JS array or a tensor.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";

/** Check that `x` is a float32 tensor (optionally of a given rank) and return it typed. */
export function requireFloatTensor(fn: string, arg: string, x: unknown, rank?: number): tf.Tensor {
  require(
    x instanceof tf.Tensor && x.dtype === "float32" && (rank === undefined || x.rank === rank),
    fn,
    arg,
    rank === undefined ? "a float32 tensor" : `a float32 tensor of rank ${rank}`,
    x,
  );
  require(x.size > 0, fn, arg, "a non-empty tensor", x);
  return x;
}

/** Check that two tensors have the same shape (`b` is reported against `a`). */
export function requireSameShape(
  fn: string,
  argB: string,
  a: tf.Tensor,
  b: tf.Tensor,
  argA: string,
): void {
  const same = a.rank === b.rank && a.shape.every((s, i) => s === b.shape[i]);
  require(same, fn, argB, `shape [${a.shape.join(", ")}] (as ${argA})`, `shape [${b.shape}]`);
}

/**
 * Per-row labels as a float32 [n] tensor: a JS array is checked value by value (integers, or 0/1
 * when `binary`); a tensor is checked for shape only (its values stay on the device).
 */
export function labelTensor(
  fn: string,
  arg: string,
  labels: unknown,
  n: number,
  binary: boolean,
): tf.Tensor1D {
  if (labels instanceof tf.Tensor) {
    require(
      labels.rank === 1 && labels.shape[0] === n,
      fn,
      arg,
      `a tensor of shape [${n}]`,
      labels,
    );
    return tf.cast(labels, "float32") as tf.Tensor1D;
  }
  const ok = labels !== null && typeof labels === "object" &&
    typeof (labels as ArrayLike<number>).length === "number";
  require(ok, fn, arg, `an array of ${n} labels or a tensor`, labels);
  const xs = labels as ArrayLike<number>;
  require(xs.length === n, fn, arg, `${n} labels (one per row)`, `${xs.length} labels`);
  for (let i = 0; i < n; i++) {
    const v = xs[i];
    const good = binary ? v === 0 || v === 1 : Number.isInteger(v);
    require(good, fn, arg, binary ? "labels 0 or 1" : "integer labels", `${v} at index ${i}`);
  }
  return tf.tensor1d(Array.from(xs), "float32");
}
