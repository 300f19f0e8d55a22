/**
 * The mechanics shared by lib/fast's replacements of tfjs-backend-wasm kernels (wasm_matmul.ts,
 * wasm_identity.ts): register the replacement in place of the backend's own kernel, put the
 * original back, and follow the COURSE_FAST switch once the wasm backend has started.
 */
import * as tf from "@tensorflow/tfjs";
import { fastPaths, onFastPathsChange } from "./switch.ts";

/** One replaced wasm kernel: install it, put tfjs's own back, ask, follow the switch. */
export interface WasmKernelPatch {
  /** Register the replacement (idempotent); throws when the original kernel is missing. */
  install(): void;
  /** Put tfjs's own kernel back (the reference; idempotent). */
  uninstall(): void;
  /** True while the replacement is registered. */
  installed(): boolean;
  /** Install when the fast paths are on, else uninstall; from now on follow the switch. */
  forSwitch(): void;
}

/**
 * A patch of the wasm kernel `kernelName`: `replace` gets the original kernel function and
 * returns the replacement's (`who` names the installer in errors).
 */
export function wasmKernelPatch(
  kernelName: string,
  who: string,
  replace: (original: tf.KernelFunc) => tf.KernelFunc,
): WasmKernelPatch {
  let original: tf.KernelConfig | null = null;
  let on = false;
  let started = false;
  const patch: WasmKernelPatch = {
    install() {
      if (on) return;
      original ??= tf.getKernel(kernelName, "wasm") ?? null;
      if (!original) {
        throw new Error(`${who}: the wasm backend's ${kernelName} kernel is missing`);
      }
      const kernelFunc = replace(original.kernelFunc);
      tf.unregisterKernel(kernelName, "wasm");
      tf.registerKernel({
        kernelName,
        backendName: "wasm",
        setupFunc: original.setupFunc,
        disposeFunc: original.disposeFunc,
        kernelFunc,
      });
      on = true;
    },
    uninstall() {
      if (!on || !original) return;
      tf.unregisterKernel(kernelName, "wasm");
      tf.registerKernel(original);
      on = false;
    },
    installed: () => on,
    forSwitch() {
      started = true;
      if (fastPaths()) patch.install();
      else patch.uninstall();
    },
  };
  onFastPathsChange(() => {
    if (started) patch.forSwitch(); // only once the wasm backend has started
  });
  return patch;
}
