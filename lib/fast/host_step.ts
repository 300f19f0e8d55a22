/**
 * Fast path (lib/fast, behind COURSE_FAST): the second half of THE training step (step.ts) on
 * host backends (wasm, cpu), where a tensor's values are one copy away. The gradients are
 * gathered into ONE flat typed array, its global norm, the clipping and the optimiser's update
 * (`stepHost` of the flat optimisers) run in JS, and the loss and its parts are read every
 * step: on a small network the dozens of kernels of the tensor path (reshape, concat, norm,
 * stack, the optimiser's moments) cost more than the arithmetic. The reference is the tensor
 * path of step.ts (COURSE_FAST=0, or any other backend or optimiser); parity tests compare
 * weights, losses and norms after several steps.
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import type { StepOptimizer } from "../train/flat_grad.ts";
import type { BatchGrads, StepCheck, StepResult, StepSetup } from "../train/step.ts";
import { fastPaths, hostBackend } from "./switch.ts";

/** True when a step with this optimiser can run its update on the host (wasm or cpu backend). */
export function hostStepReady(optimizer: StepOptimizer): boolean {
  return fastPaths() && typeof optimizer?.stepHost === "function" && hostBackend();
}

/**
 * Finish a step from a batch's loss and gradients (disposed here): read them, take the global
 * norm, let `check` veto (when `s.read`), clip and update on the host. The loss is always read,
 * so the result carries it and the device sums stay as they were.
 */
export async function hostStep(
  s: StepSetup,
  r: BatchGrads,
  check?: StepCheck,
): Promise<StepResult> {
  try {
    const total = s.vars.reduce((a, v) => a + v.size, 0);
    const flat = new Float32Array(total);
    let off = 0;
    r.grads.forEach((g, i) => {
      flat.set(hostRead(g) as Float32Array, off);
      off += s.vars[i].size;
    });
    let sq = 0;
    for (let i = 0; i < total; i++) sq += flat[i] * flat[i];
    // float32 as the tensor path: a sum of squares beyond 3.4e38 is +Inf there (the guard stops)
    const norm = Math.fround(Math.sqrt(Math.fround(sq)));
    const loss = hostRead(r.value)[0];
    const parts: Record<string, number> = {};
    r.names.forEach((k, i) => (parts[k] = hostRead(r.parts[i])[0]));
    const result: StepResult = {
      applied: true,
      loss,
      norm: s.clipNorm !== null || s.read ? norm : null,
      parts,
      partNames: r.names,
      sums: null,
    };
    if (s.read && check) {
      const named = () => s.vars.map((v, i) => ({ name: v.name, tensor: r.grads[i] }));
      if (!(await check(loss, result.norm, named))) {
        result.applied = false;
        return result;
      }
    }
    if (s.clipNorm !== null) {
      // clipNorm / max(norm, clipNorm): 1 below the threshold, as clipByGlobalNorm
      const scale = Math.fround(s.clipNorm / Math.max(norm, s.clipNorm));
      if (scale !== 1) { for (let i = 0; i < total; i++) flat[i] *= scale; }
    }
    s.optimizer.stepHost!(s.vars, flat);
    return result;
  } finally {
    tf.dispose([r.value, ...r.parts, ...r.grads]);
  }
}
