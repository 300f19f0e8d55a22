/**
 * Fast path (lib/fast, behind COURSE_FAST): tfjs-backend-wasm 4.22's Identity kernel copies its
 * input into new wasm memory, and tfjs runs Identity for every tensor a recorded op saves for
 * its backward pass (`clone`), so a training step copies each of those tensors once more: about
 * 750 copies per step of chapter 08's world model (32 ms of a step there). Tensors are immutable,
 * so the copy buys nothing; this kernel shares the input's memory and counts one more reference,
 * as the backend's own Reshape does (and as tfjs's cpu backend's Identity does).
 */
import * as tf from "@tensorflow/tfjs";
import { wasmKernelPatch } from "./kernel_patch.ts";

const patch = wasmKernelPatch("Identity", "installWasmIdentity", (copy) => (args) => {
  const x = (args.inputs as { x: tf.TensorInfo }).x;
  if (x.dtype === "string") return copy(args); // strings live outside wasm memory
  (args.backend as unknown as { incRef(id: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
});

/** True once the sharing Identity is registered. */
export const wasmIdentityPatched = (): boolean => patch.installed();
/** Put tfjs's own wasm Identity back (the reference; idempotent). */
export const uninstallWasmIdentity = (): void => patch.uninstall();
/** Replace the wasm Identity kernel with one that shares memory (idempotent). */
export const installWasmIdentity = (): void => patch.install();
/** Install the sharing Identity when the fast paths are on (called when wasm starts). */
export const wasmIdentityForSwitch = (): void => patch.forSwitch();
