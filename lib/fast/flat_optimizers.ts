/**
 * Fast path (lib/fast, behind COURSE_FAST): SGD, momentum, Adam and AdamW updating the ONE flat
 * gradient vector with a handful of ops per step instead of a dozen per variable, which is
 * where most of tfjs's per-step time goes on a small network. The references are tfjs's own
 * optimisers per variable (`makeOptimizer` with the fast paths off); parity tests compare them.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { type StepOptimizer, unflatten } from "../train/flat_grad.ts";

/** p ← p·(1 − decay) − update, for each variable and its slice of the flat update. */
function applyFlatUpdate(vars: tf.Variable[], update: tf.Tensor1D, decay: number): void {
  const pieces = unflatten(vars, update);
  vars.forEach((v, i) => v.assign(tf.sub(decay > 0 ? tf.mul(v, 1 - decay) : v, pieces[i])));
}

/** Common part: moment slots shaped like the flat gradient, step count, disposal. */
abstract class FlatOptimizer implements StepOptimizer {
  protected slots: tf.Variable[] = [];
  protected t = 0;
  constructor(readonly name: string, public learningRate: number) {}

  protected slot(i: number, like: tf.Tensor): tf.Variable {
    if (this.slots[i] === undefined) this.slots[i] = tf.variable(tf.zerosLike(like), false);
    require(
      this.slots[i].size === like.size,
      this.name,
      "variables",
      `the same variables at every step (${this.slots[i].size} values)`,
      `${like.size} values`,
    );
    return this.slots[i];
  }

  step(vars: tf.Variable[], g: tf.Tensor1D): void {
    this.t += 1;
    tf.tidy(() => this.update(vars, g));
  }

  protected abstract update(vars: tf.Variable[], g: tf.Tensor1D): void;

  dispose(): void {
    for (const s of this.slots) s.dispose();
    this.slots = [];
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
}
