/**
 * Optimisers for the training loop. The loop hands every optimiser ONE flat gradient (all
 * gradients concatenated in variable order): the built-in SGD, momentum, Adam and AdamW update
 * that flat vector with a handful of ops per step instead of a dozen per variable, which is where
 * most of tfjs's per-step time goes on a small network. Any tf.Optimizer works too (adapter).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";

/** Optimiser names the loop understands ("rmsprop" uses tfjs's own). */
export type OptimizerName = "sgd" | "momentum" | "adam" | "adamw" | "rmsprop";

/** An optimiser by name with its settings (defaults: Keras/PyTorch conventions). */
export interface OptimizerConfig {
  name: OptimizerName;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW: default 0.01; others: 0). */
  weightDecay?: number;
}

/** What `train({optimizer})` accepts. */
export type OptimizerSpec = OptimizerName | OptimizerConfig | tf.Optimizer;

/** One update from a flat gradient; the loop sets `learningRate` before each step. */
export interface StepOptimizer {
  readonly name: string;
  /** null: a wrapped tf.Optimizer keeps its own learning rate. */
  learningRate: number | null;
  step(vars: tf.Variable[], flatGrad: tf.Tensor1D): void;
  dispose(): void;
}

/** True for a tfjs optimizer (its instanceof check throws on undefined, so guard first). */
export function isTfOptimizer(x: unknown): x is tf.Optimizer {
  return x !== null && typeof x === "object" && x instanceof tf.Optimizer;
}

/** Split a flat vector into tensors shaped like `vars` (in order). */
export function unflatten(vars: tf.Variable[], flat: tf.Tensor1D): tf.Tensor[] {
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  require(flat.size === total, "unflatten", "flat", `a vector of ${total} values`, flat);
  if (vars.length === 1) return [vars[0].rank === 1 ? flat : tf.reshape(flat, vars[0].shape)];
  return tf.split(flat, sizes).map((
    p,
    i,
  ) => (vars[i].rank === 1 ? p : tf.reshape(p, vars[i].shape)));
}

/** p ← p·(1 − decay) − update, for each variable and its slice of the flat update. */
function applyFlatUpdate(vars: tf.Variable[], update: tf.Tensor1D, decay: number): void {
  const pieces = unflatten(vars, update);
  vars.forEach((v, i) => v.assign(tf.sub(decay > 0 ? tf.mul(v, 1 - decay) : v, pieces[i])));
}

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

class FlatSgd extends FlatOptimizer {
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

class FlatAdam extends FlatOptimizer {
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

class TfOptimizerAdapter implements StepOptimizer {
  readonly name: string;
  constructor(readonly opt: tf.Optimizer, public learningRate: number | null) {
    this.name = opt.getClassName();
  }
  step(vars: tf.Variable[], g: tf.Tensor1D): void {
    const o = this.opt as tf.Optimizer & {
      setLearningRate?: (lr: number) => void;
      learningRate?: number;
    };
    if (this.learningRate !== null) {
      if (typeof o.setLearningRate === "function") o.setLearningRate(this.learningRate);
      else o.learningRate = this.learningRate;
    }
    tf.tidy(() => {
      const grads = unflatten(vars, g);
      this.opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    });
  }
  dispose(): void {
    this.opt.dispose();
  }
}

/**
 * Make the loop's optimiser from a name, a config or a tf.Optimizer at learning rate `lr`
 * (default 1e-3; a tf.Optimizer given no `lr` keeps its own).
 */
export function makeOptimizer(spec: OptimizerSpec, lr?: number): StepOptimizer {
  if (lr !== undefined) requireNumber("makeOptimizer", "lr", lr, { nonNegative: true });
  if (isTfOptimizer(spec)) return new TfOptimizerAdapter(spec, lr ?? null);
  lr = lr ?? 1e-3;
  const cfg: OptimizerConfig = typeof spec === "string" ? { name: spec } : spec;
  require(
    typeof cfg === "object" && cfg !== null && typeof cfg.name === "string",
    "makeOptimizer",
    "optimizer",
    "a name, {name, ...} or a tf.Optimizer",
    spec,
  );
  const num = (k: keyof OptimizerConfig, d: number, o: { max?: number } = {}) =>
    requireNumber("makeOptimizer", k, cfg[k] ?? d, { nonNegative: true, ...o });
  switch (cfg.name) {
    case "sgd":
      return new FlatSgd(lr, 0, num("weightDecay", 0));
    case "momentum":
      return new FlatSgd(lr, num("momentum", 0.9, { max: 1 }), num("weightDecay", 0));
    case "adam":
    case "adamw":
      return new FlatAdam(
        cfg.name,
        lr,
        num("beta1", 0.9, { max: 1 }),
        num("beta2", 0.999, { max: 1 }),
        num("epsilon", 1e-7),
        num("weightDecay", cfg.name === "adamw" ? 0.01 : 0),
      );
    case "rmsprop":
      return new TfOptimizerAdapter(tf.train.rmsprop(lr), lr);
  }
  require(false, "makeOptimizer", "optimizer.name", "sgd | momentum | adam | adamw | rmsprop", cfg);
}
