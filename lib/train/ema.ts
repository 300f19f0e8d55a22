/**
 * Exponential moving average (EMA) of weights, the "target network" of BYOL and JEPA:
 * θ_target ← τ·θ_target + (1 − τ)·θ_online after every optimiser step, with τ rising from a
 * base value to 1 on a cosine schedule. The target never receives gradients: `stopGradient`
 * passes a value forward and a zero gradient back.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { emaHost } from "../fast/ema_host.ts";
import { fastPaths } from "../fast/switch.ts";

/** A τ schedule: optimiser step (0-based) → EMA decay τ in [0, 1]. */
export type TauSchedule = (step: number) => number;

/** The same τ at every step. */
export function constantTau(tau: number): TauSchedule {
  requireNumber("constantTau", "tau", tau, { min: 0, max: 1 });
  return (step) => {
    requireNumber("constantTau", "step", step, { integer: true, nonNegative: true });
    return tau;
  };
}

/**
 * BYOL's cosine τ schedule: τ(k) = 1 − (1 − τ_base)·(cos(πk/K) + 1)/2, from `base` at step 0 to
 * `final` (default 1) at `totalSteps`, and `final` after that.
 */
export function cosineTau(base: number, totalSteps: number, final = 1): TauSchedule {
  requireNumber("cosineTau", "base", base, { min: 0, max: 1 });
  requireNumber("cosineTau", "totalSteps", totalSteps, { integer: true, positive: true });
  requireNumber("cosineTau", "final", final, { min: base, max: 1 });
  return (step) => {
    requireNumber("cosineTau", "step", step, { integer: true, nonNegative: true });
    if (step >= totalSteps) return final;
    return final - (final - base) * (Math.cos((Math.PI * step) / totalSteps) + 1) / 2;
  };
}

function checkPairs(fn: string, target: tf.Variable[], online: tf.Variable[]): void {
  require(
    Array.isArray(target) && target.every((v) => v instanceof tf.Variable),
    fn,
    "target",
    "an array of tf.Variable",
    target,
  );
  require(
    Array.isArray(online) && online.length === target.length,
    fn,
    "online",
    `an array of ${target.length} tensors like target`,
    online,
  );
  online.forEach((o, i) => {
    require(
      o instanceof tf.Tensor && o.shape.join(",") === target[i].shape.join(","),
      fn,
      `online[${i}]`,
      `a tensor of shape [${target[i].shape.join(", ")}]`,
      o,
    );
  });
}

/** One EMA step in place: target ← τ·target + (1 − τ)·online (τ = 1 freezes, τ = 0 copies). */
export function emaUpdate(target: tf.Variable[], online: tf.Tensor[], tau: number): void {
  requireNumber("emaUpdate", "tau", tau, { min: 0, max: 1 });
  checkPairs("emaUpdate", target, online as tf.Variable[]);
  const backend = tf.getBackend();
  if (fastPaths() && (backend === "wasm" || backend === "cpu") && tau > 0) {
    return emaHost(target, online, tau); // lib/fast/ema_host.ts: the same update in JS
  }
  tf.tidy(() => {
    target.forEach((t, i) => {
      t.assign(tau === 0 ? online[i] : tf.add(tf.mul(t, tau), tf.mul(online[i], 1 - tau)));
    });
  });
}

/** Non-trainable copies of `vars` (the target network's starting point: τ-EMA of itself). */
export function emaCopy(vars: tf.Variable[], prefix = "ema"): tf.Variable[] {
  require(
    Array.isArray(vars) && vars.every((v) => v instanceof tf.Variable),
    "emaCopy",
    "vars",
    "an array of tf.Variable",
    vars,
  );
  return tf.tidy(() =>
    vars.map((v) => tf.variable(v.clone(), false, `${prefix}/${v.name}/${uid++}`))
  );
}
let uid = 0;

/** Identity forward, zero gradient backward: the target branch's values without its gradient. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  require(x instanceof tf.Tensor, "stopGradient", "x", "a tf.Tensor", x);
  const f = tf.customGrad((a) => ({
    value: tf.clone(a as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return f(x) as T;
}

/** A training callback that moves `target` towards `online` after every step (τ from `tau`). */
export class EmaCallback {
  /** τ of the last update (NaN before the first step). */
  lastTau = NaN;
  constructor(
    readonly target: tf.Variable[],
    readonly online: tf.Variable[],
    readonly tau: TauSchedule,
  ) {
    checkPairs("EmaCallback", target, online);
  }

  /** After each optimiser step (`step` 0-based): target ← τ(step)·target + (1 − τ)·online. */
  onBatchEnd(step: number): void {
    this.lastTau = this.tau(step);
    emaUpdate(this.target, this.online, this.lastTau);
  }
}
