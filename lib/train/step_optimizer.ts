/**
 * Optimisers for the training loop, by name or as any tf.Optimizer. The loop hands every
 * optimiser ONE flat gradient; by default SGD, momentum, Adam and AdamW update it directly
 * (lib/fast's flat optimisers); with the fast paths off (COURSE_FAST=0) they are tfjs's own
 * optimisers applied per variable (the reference), with decoupled weight decay for AdamW.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { FlatAdam, FlatSgd } from "../fast/flat_optimizers.ts";
import { fastPaths } from "../fast/switch.ts";
import { type StepOptimizer, unflatten } from "./flat_grad.ts";

export { type StepOptimizer, unflatten } from "./flat_grad.ts";

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

/** True for a tfjs optimizer (its instanceof check throws on undefined, so guard first). */
export function isTfOptimizer(x: unknown): x is tf.Optimizer {
  return x !== null && typeof x === "object" && x instanceof tf.Optimizer;
}

/** Any tf.Optimizer behind the flat-gradient interface (gradients cut back per variable). */
class TfOptimizerAdapter implements StepOptimizer {
  readonly name: string;
  constructor(
    readonly opt: tf.Optimizer,
    public learningRate: number | null,
    readonly weightDecay = 0,
  ) {
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
      // decoupled weight decay (AdamW): p ← p·(1 − lr·wd) before the optimiser's own update
      const decay = (this.learningRate ?? 0) * this.weightDecay;
      if (decay > 0) vars.forEach((v) => v.assign(tf.mul(v, 1 - decay)));
      this.opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    });
  }
  dispose(): void {
    this.opt.dispose();
    // tfjs 4.22's MomentumOptimizer.dispose skips its parent's learning-rate scalar `c`
    const c = (this.opt as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
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
  if (!fastPaths() && cfg.name !== "rmsprop") return referenceOptimizer(cfg, lr, num);
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

/** The reference of the flat optimisers: tfjs's own, per variable, with the same settings. */
function referenceOptimizer(
  cfg: OptimizerConfig,
  lr: number,
  num: (k: keyof OptimizerConfig, d: number, o?: { max?: number }) => number,
): StepOptimizer {
  const decay = num("weightDecay", cfg.name === "adamw" ? 0.01 : 0);
  if (cfg.name === "sgd") return new TfOptimizerAdapter(tf.train.sgd(lr), lr, decay);
  if (cfg.name === "momentum") {
    const m = num("momentum", 0.9, { max: 1 });
    return new TfOptimizerAdapter(tf.train.momentum(lr, m), lr, decay);
  }
  require(
    cfg.name === "adam" || cfg.name === "adamw",
    "makeOptimizer",
    "optimizer.name",
    "sgd | momentum | adam | adamw | rmsprop",
    cfg,
  );
  const adam = tf.train.adam(
    lr,
    num("beta1", 0.9, { max: 1 }),
    num("beta2", 0.999, { max: 1 }),
    num("epsilon", 1e-7),
  );
  return new TfOptimizerAdapter(adam, lr, decay);
}
