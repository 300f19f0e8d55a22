/**
 * Weights as plain values: collect the variables of a model or of a params object, take a
 * snapshot (copies kept out of any tidy) and put it back. Early stopping and the guard use them.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";

export { collectVariables } from "../nn/params.ts";

/** The trainable variables of a Layers model. */
export function layersModelVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Copies of the variables' current values (dispose them with `disposeSnapshot`). */
export function snapshotWeights(vars: tf.Variable[]): tf.Tensor[] {
  return vars.map((v) => tf.keep(v.clone()));
}

/** Assign a snapshot back to its variables (shapes must match). */
export function restoreWeights(vars: tf.Variable[], snapshot: tf.Tensor[]): void {
  require(
    snapshot.length === vars.length,
    "restoreWeights",
    "snapshot",
    `${vars.length} tensors`,
    snapshot,
  );
  vars.forEach((v, i) => v.assign(snapshot[i]));
}

/** Dispose a snapshot. */
export function disposeSnapshot(snapshot: tf.Tensor[] | null): void {
  for (const t of snapshot ?? []) t.dispose();
}
