/**
 * Fast path (lib/fast, behind COURSE_FAST) for Keras-style `model.fit`: `enableFastFit(model)`
 * keeps the model's own `fit` (its batching, shuffle, callbacks, History, validation, the
 * compiled loss, metrics and optimiser) and swaps only the per-batch train function for one whose
 * forward and backward pass is the Dense stack's single tape node (dense_stack.ts) instead of
 * tfjs's layer-by-layer autodiff. The loss and metrics are the compiled ones on the same
 * outputs, dropout draws the same masks, so each step equals the plain one within float
 * tolerance (a parity test checks weights after fit). Decided at every `fit` call: with the fast
 * paths off, sample weights, or a model without a plan, `fit` is tfjs's own (the reference).
 * `buildMlp` enables it on the models it builds.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { AdamTwin, isTfAdam } from "./adam_twin.ts";
import {
  denseStackApply,
  denseStackLoss,
  type DenseStackPlan,
  denseStackPlan,
} from "./dense_stack.ts";
import { logitsLossFor } from "./fit_losses.ts";
import { fastPaths } from "./switch.ts";

type LossOrMetric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
type TrainFunction = (data: tf.Tensor[]) => tf.Scalar[];

/** The compiled state `fit`'s train function reads (public in tfjs's JS, not in its types). */
interface CompiledModel {
  inputs: unknown[];
  outputs: unknown[];
  lossFunctions: LossOrMetric[];
  metricsTensors: [LossOrMetric, number][];
  collectedTrainableWeights: { read(): tf.Variable }[];
  optimizer_: tf.Optimizer;
  isTraining: boolean;
  makeTrainFunction(): TrainFunction;
}

const ENABLED = Symbol("courseFastFit");

/** The fast train function (same contract as tfjs's: [x, y] in, [loss, ...metrics] out). */
function fastTrainFunction(
  inner: CompiledModel,
  plan: DenseStackPlan,
  twin: AdamTwin | null,
): TrainFunction {
  const vars = inner.collectedTrainableWeights.map((p) => p.read());
  return (data) => {
    const [x, target] = data;
    const metrics: tf.Scalar[] = [];
    const metricsOf = (out: tf.Tensor) => {
      for (const [metric] of inner.metricsTensors) {
        metrics.push(tf.keep(tf.mean(metric(target, out))) as tf.Scalar);
      }
    };
    let out: tf.Tensor | null = null;
    const wantOutput = inner.metricsTensors.length > 0;
    const fused = logitsLossFor(
      plan.head,
      inner.lossFunctions[0],
      target,
      wantOutput,
      (o) => (out = o),
    );
    const totalLoss = (): tf.Scalar => {
      if (fused) return denseStackLoss(plan, x, fused);
      const o = denseStackApply(plan, x);
      metricsOf(o);
      return tf.mean(inner.lossFunctions[0](target, o)) as tf.Scalar;
    };
    let value: tf.Scalar;
    if (twin) {
      const r = tf.variableGrads(totalLoss, vars);
      twin.step(vars.map((v) => r.grads[v.name]));
      tf.dispose(Object.values(r.grads));
      value = r.value;
    } else {
      value = inner.optimizer_.minimize(totalLoss, true, vars) as tf.Scalar;
    }
    if (out !== null) {
      const o: tf.Tensor = out;
      tf.tidy(() => metricsOf(o));
      o.dispose();
    }
    return [value, ...metrics];
  };
}

/** Whether `model` was given the fast `fit` by `enableFastFit`. */
export function hasFastFit(model: tf.LayersModel): boolean {
  return (model as unknown as Record<symbol, unknown>)[ENABLED] === true;
}

/**
 * Give a Sequential Dense(+SeededDropout) model the fast `fit` (same API, same History); other
 * models are returned unchanged. Returns the model.
 */
export function enableFastFit<M extends tf.LayersModel>(model: M): M {
  require(model instanceof tf.LayersModel, "enableFastFit", "model", "a tf.LayersModel", model);
  if (!(model instanceof tf.Sequential) || hasFastFit(model)) return model;
  const plainFit = model.fit;
  const fit = async function (
    this: tf.Sequential,
    x: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor },
    y: tf.Tensor | tf.Tensor[] | { [name: string]: tf.Tensor },
    args: tf.ModelFitArgs = {},
  ): Promise<tf.History> {
    const inner = (this as unknown as { model?: CompiledModel }).model;
    // a fit already running keeps its own train function: tfjs refuses the second call itself
    const plan = fastPaths() && inner && !inner.isTraining && args.sampleWeight === undefined &&
        args.classWeight === undefined && inner.lossFunctions?.length === 1
      ? denseStackPlan(this) // regularisers (extra loss terms) get no plan
      : null;
    if (!inner || !plan) return await plainFit.call(this, x, y, args);
    const opt = inner.optimizer_;
    const vars = inner.collectedTrainableWeights.map((p) => p.read());
    // tf.train.adam's own update, on one flat vector; its state is written back at the end
    const twin = isTfAdam(opt) ? new AdamTwin(opt, vars) : null;
    inner.makeTrainFunction = () => fastTrainFunction(inner, plan, twin);
    try {
      return await plainFit.call(this, x, y, args);
    } finally {
      delete (inner as Partial<CompiledModel>).makeTrainFunction; // back to the prototype's
      twin?.end();
    }
  };
  Object.defineProperty(model, "fit", { value: fit, configurable: true, writable: true });
  Object.defineProperty(model, ENABLED, { value: true });
  return model;
}
