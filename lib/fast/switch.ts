/**
 * The one switch of the performance paths in lib/fast/: the wasm BatchMatMul and Identity
 * patches; the LSTM's and the JEPA GRU's host kernels (the LSTM's with direct per-step wasm
 * matmuls and a JS tanh); the pre-LN Transformer block, LayerNorm, GELU, VICReg, SIGReg, the
 * token selections and the EMA update as host ops; the MLP's hand-written backward pass (host
 * form on wasm/cpu; also for Layers Dense stacks in the course loop and in `model.fit`, with the
 * fused fit losses); tf.train.adam's flat twin in every `model.fit`; the course losses in JS;
 * the flat optimisers and the training step's host half. Each overrides a plain tfjs reference
 * that computes the same numbers (within float tolerance; a parity test per override checks
 * it). On by default; `COURSE_FAST=0` in the environment runs the references.
 */

import * as tf from "@tensorflow/tfjs";

let enabled: boolean | null = null;
const listeners: ((on: boolean) => void)[] = [];

/** True when the fast paths are on (COURSE_FAST unset or not "0", unless `setFastPaths`). */
export function fastPaths(): boolean {
  if (enabled === null) {
    let env: string | undefined;
    try {
      env = Deno.env.get("COURSE_FAST");
    } catch {
      env = undefined; // no --allow-env: the default
    }
    enabled = env !== "0";
  }
  return enabled;
}

/** Turn the fast paths on or off for this process (bench and parity tests compare both). */
export function setFastPaths(on: boolean): void {
  if (typeof on !== "boolean") {
    throw new Error(`setFastPaths: argument 'on' expected a boolean, received ${String(on)}`);
  }
  enabled = on;
  for (const f of listeners) f(on);
}

/** True when tensors live in host memory (wasm, cpu): the JS host paths of lib/fast apply. */
export function hostBackend(): boolean {
  const backend = tf.getBackend();
  return backend === "wasm" || backend === "cpu";
}

/** Run `f` whenever the switch is flipped (the wasm patch installs or removes itself). */
export function onFastPathsChange(f: (on: boolean) => void): void {
  listeners.push(f);
}
