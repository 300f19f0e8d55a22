/**
 * Fast path for Keras-style training: a tf.Optimizer for `model.compile` that concatenates each
 * step's gradients into one vector and hands it to the course's flat optimisers
 * (`makeOptimizer`), so `model.fit` runs a handful of kernels per update instead of tfjs's dozen
 * per variable (the largest share of `fit`'s kernels on a small network; see README,
 * Performance). Same Layers API:
 * `model.compile({ optimizer: fitOptimizer("adam", 1e-3), loss: "binaryCrossentropy" })`.
 * With the fast paths off (COURSE_FAST=0) at construction, the update is tfjs's own optimiser
 * per variable (the reference); a parity test compares the two.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { hostStepReady } from "./host_step.ts";
import {
  makeOptimizer,
  type OptimizerConfig,
  type OptimizerName,
  type StepOptimizer,
} from "../train/step_optimizer.ts";

/** A tf.Optimizer whose update is one of the course's flat-gradient optimisers. */
export class FlatFitOptimizer extends tf.Optimizer {
  /** Name under which tfjs's serialisation registry would know it. */
  static className = "CourseFlatFitOptimizer";
  private readonly inner: StepOptimizer;

  constructor(readonly spec: OptimizerName | OptimizerConfig, readonly learningRate: number) {
    super();
    requireNumber("fitOptimizer", "learningRate", learningRate, { positive: true });
    this.inner = makeOptimizer(spec, learningRate);
  }

  /** Apply one update from the gradients `minimize` computed (one per trained variable). */
  applyGradients(
    variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[],
  ): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const registered = tf.engine().registeredVariables;
    const vars = entries.map(([name]) => {
      const v = registered[name];
      require(
        v !== undefined,
        "FlatFitOptimizer.applyGradients",
        "variableGradients",
        "gradients of registered variables",
        name,
      );
      return v;
    });
    if (hostStepReady(this.inner)) {
      // wasm/cpu: the flat gradient in JS and the update without kernels (host_step.ts)
      const flat = new Float32Array(vars.reduce((a, v) => a + v.size, 0));
      let off = 0;
      for (const [, g] of entries) {
        flat.set(hostRead(g) as Float32Array, off);
        off += g.size;
      }
      this.inner.stepHost!(vars, flat);
    } else {
      tf.tidy(() => {
        const flat = tf.concat(entries.map(([, g]) => tf.reshape(g, [-1]))) as tf.Tensor1D;
        this.inner.step(vars, flat);
      });
    }
    this.incrementIterations();
  }

  /** The settings it was made with. */
  getConfig(): tf.serialization.ConfigDict {
    const spec = typeof this.spec === "string" ? { name: this.spec } : { ...this.spec };
    return { ...spec, learningRate: this.learningRate } as tf.serialization.ConfigDict;
  }

  /** Free the optimiser's moment slots. */
  override dispose(): void {
    this.inner.dispose();
    super.dispose();
  }
}

/** A tf.Optimizer for `model.compile` that updates all weights as one flat vector. */
export function fitOptimizer(
  spec: OptimizerName | OptimizerConfig,
  learningRate = 1e-3,
): FlatFitOptimizer {
  return new FlatFitOptimizer(spec, learningRate);
}
