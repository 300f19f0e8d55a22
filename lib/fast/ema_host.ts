/**
 * Fast path (lib/fast, behind COURSE_FAST): the EMA update of a target network,
 * target ← τ·target + (1 − τ)·online, computed in JS on the host copies of the weights (wasm,
 * cpu) and written back with one `assign` per variable, where the reference (`emaUpdate`'s
 * tfjs ops in lib/train/ema.ts) runs three kernels per variable and step. Reads synchronously
 * (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";

/** One EMA step in place on a host backend: target ← τ·target + (1 − τ)·online (float32). */
export function emaHost(target: tf.Variable[], online: tf.Tensor[], tau: number): void {
  const fn = "emaHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  requireNumber(fn, "tau", tau, { min: 0, max: 1 });
  require(
    Array.isArray(target) && Array.isArray(online) && target.length === online.length,
    fn,
    "online",
    `an array as long as target (${target?.length})`,
    online,
  );
  target.forEach((t, i) => {
    const o = online[i];
    require(
      t instanceof tf.Variable && t.dtype === "float32" && o instanceof tf.Tensor &&
        o.dtype === "float32" && o.shape.join(",") === t.shape.join(","),
      fn,
      `online[${i}]`,
      `a float32 tensor shaped like target[${i}] [${t?.shape?.join(", ")}]`,
      o,
    );
  });
  const keep = 1 - tau;
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const T = hostRead(t) as Float32Array, O = hostRead(online[i]) as Float32Array;
    const out = new Float32Array(T.length);
    for (let j = 0; j < T.length; j++) out[j] = tau * T[j] + keep * O[j];
    const next = tf.tensor(out, t.shape, "float32");
    t.assign(next);
    next.dispose();
  }
}
