/**
 * Fast path (lib/fast, behind COURSE_FAST): SGD, momentum, Adam and AdamW updating the ONE flat
 * gradient vector with a handful of ops per step instead of a dozen per variable, which is
 * where most of tfjs's per-step time goes on a small network. On host backends (wasm, cpu) the
 * step can skip kernels altogether: `stepHost` updates a flat gradient held in JS (the step's
 * host path, host_step.ts) with the moments in typed arrays, one pass over the weights, and one
 * upload per variable. The references are tfjs's own optimisers per variable (`makeOptimizer`
 * with the fast paths off); parity tests compare them.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { type StepOptimizer, unflatten } from "../train/flat_grad.ts";

/** p ← p·(1 − decay) − update, for each variable and its slice of the flat update. */
function applyFlatUpdate(vars: tf.Variable[], update: tf.Tensor1D, decay: number): void {
  const pieces = unflatten(vars, update);
  vars.forEach((v, i) => v.assign(tf.sub(decay > 0 ? tf.mul(v, 1 - decay) : v, pieces[i])));
}

/**
 * p ← p·(1 − decay) − update on the host: `update(i)` gives entry i of the flat update; each
 * variable is read, updated in JS and uploaded once.
 */
function applyHostUpdate(
  vars: tf.Variable[],
  update: (i: number) => number,
  decay: number,
): void {
  let off = 0;
  for (const v of vars) {
    const p = Float32Array.from(hostRead(v));
    const keep = Math.fround(1 - decay);
    for (let j = 0; j < p.length; j++) {
      p[j] = (decay > 0 ? Math.fround(p[j] * keep) : p[j]) - update(off + j);
    }
    off += p.length;
    const t = tf.tensor(p, v.shape, "float32");
    v.assign(t);
    t.dispose();
  }
}

/** Common part: moment slots shaped like the flat gradient, step count, disposal. */
abstract class FlatOptimizer implements StepOptimizer {
  protected slots: tf.Variable[] = [];
  /** The moments as typed arrays while the host path steps (moved between forms on a switch). */
  protected hostSlots: Float32Array[] = [];
  protected t = 0;
  constructor(readonly name: string, public learningRate: number) {}

  protected slot(i: number, like: tf.Tensor): tf.Variable {
    if (this.slots[i] === undefined) {
      const h = this.hostSlots[i];
      this.slots[i] = tf.variable(
        h && h.length === like.size ? tf.tensor(h, like.shape, "float32") : tf.zerosLike(like),
        false,
      );
      delete this.hostSlots[i];
    }
    require(
      this.slots[i].size === like.size,
      this.name,
      "variables",
      `the same variables at every step (${this.slots[i].size} values)`,
      `${like.size} values`,
    );
    return this.slots[i];
  }

  /** A moment slot as a typed array of `size` values (taking over a tensor slot's values). */
  protected hostSlot(i: number, size: number): Float32Array {
    if (this.hostSlots[i] === undefined) {
      const t = this.slots[i];
      this.hostSlots[i] = t ? Float32Array.from(hostRead(t)) : new Float32Array(size);
      if (t) t.dispose();
      delete this.slots[i];
    }
    require(
      this.hostSlots[i].length === size,
      this.name,
      "variables",
      `the same variables at every step (${this.hostSlots[i].length} values)`,
      `${size} values`,
    );
    return this.hostSlots[i];
  }

  step(vars: tf.Variable[], g: tf.Tensor1D): void {
    this.t += 1;
    tf.tidy(() => this.update(vars, g));
  }

  /** One update from the flat gradient held in JS (host backends: wasm, cpu), no kernels. */
  stepHost(vars: tf.Variable[], g: Float32Array): void {
    const total = vars.reduce((a, v) => a + v.size, 0);
    require(g.length === total, this.name, "g", `a vector of ${total} values`, g.length);
    this.t += 1;
    this.updateHost(vars, g);
  }

  protected abstract update(vars: tf.Variable[], g: tf.Tensor1D): void;
  protected abstract updateHost(vars: tf.Variable[], g: Float32Array): void;

  dispose(): void {
    for (const s of this.slots) s?.dispose();
    this.slots = [];
    this.hostSlots = [];
  }
}

/** SGD and heavy-ball momentum on the flat gradient, with decoupled weight decay. */
export class FlatSgd extends FlatOptimizer {
  constructor(lr: number, readonly momentum: number, readonly weightDecay: number) {
    super(momentum > 0 ? "momentum" : "sgd", lr);
  }
  protected update(vars: tf.Variable[], g: tf.Tensor1D): void {
    let dir: tf.Tensor1D = g;
    if (this.momentum > 0) {
      const acc = this.slot(0, g);
      dir = tf.add(tf.mul(acc, this.momentum), g);
      acc.assign(dir);
    }
    applyFlatUpdate(vars, tf.mul(dir, this.learningRate), this.learningRate * this.weightDecay);
  }
  protected updateHost(vars: tf.Variable[], g: Float32Array): void {
    const lr = Math.fround(this.learningRate);
    let dir = g;
    if (this.momentum > 0) {
      const acc = this.hostSlot(0, g.length);
      const mu = Math.fround(this.momentum);
      for (let i = 0; i < g.length; i++) acc[i] = Math.fround(acc[i] * mu) + g[i];
      dir = acc;
    }
    applyHostUpdate(vars, (i) => Math.fround(dir[i] * lr), this.learningRate * this.weightDecay);
  }
}

/** Adam and AdamW on the flat gradient (decoupled weight decay). */
export class FlatAdam extends FlatOptimizer {
  constructor(
    name: string,
    lr: number,
    readonly beta1: number,
    readonly beta2: number,
    readonly epsilon: number,
    readonly weightDecay: number,
  ) {
    super(name, lr);
  }
  protected update(vars: tf.Variable[], g: tf.Tensor1D): void {
    const [b1, b2] = [this.beta1, this.beta2];
    const mSlot = this.slot(0, g);
    const vSlot = this.slot(1, g);
    const m = tf.add(tf.mul(mSlot, b1), tf.mul(g, 1 - b1));
    const v = tf.add(tf.mul(vSlot, b2), tf.mul(tf.square(g), 1 - b2));
    mSlot.assign(m);
    vSlot.assign(v);
    // lr·(m/bc1)/(sqrt(v/bc2)+eps) rewritten with one scalar factor: the same number, fewer ops.
    const bc1 = 1 - b1 ** this.t;
    const sbc2 = Math.sqrt(1 - b2 ** this.t);
    const update = tf.mul(
      tf.div(m, tf.add(tf.sqrt(v), this.epsilon * sbc2)),
      (this.learningRate * sbc2) / bc1,
    );
    applyFlatUpdate(vars, update as tf.Tensor1D, this.learningRate * this.weightDecay);
  }
  protected updateHost(vars: tf.Variable[], g: Float32Array): void {
    const m = this.hostSlot(0, g.length);
    const v = this.hostSlot(1, g.length);
    const [b1, b2] = [Math.fround(this.beta1), Math.fround(this.beta2)];
    const [c1, c2] = [Math.fround(1 - this.beta1), Math.fround(1 - this.beta2)];
    const bc1 = 1 - this.beta1 ** this.t;
    const sbc2 = Math.sqrt(1 - this.beta2 ** this.t);
    const eps = Math.fround(this.epsilon * sbc2);
    const factor = Math.fround((this.learningRate * sbc2) / bc1);
    // the same float32 steps as the tensor path: moments, then m / (sqrt(v) + eps') · factor
    for (let i = 0; i < g.length; i++) {
      const gi = g[i];
      m[i] = Math.fround(Math.fround(m[i] * b1) + Math.fround(gi * c1));
      v[i] = Math.fround(Math.fround(v[i] * b2) + Math.fround(Math.fround(gi * gi) * c2));
    }
    applyHostUpdate(
      vars,
      (i) => Math.fround(Math.fround(m[i] / Math.fround(Math.sqrt(v[i]) + eps)) * factor),
      this.learningRate * this.weightDecay,
    );
  }
}
