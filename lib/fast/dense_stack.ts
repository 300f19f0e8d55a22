/**
 * Fast path (lib/fast, behind COURSE_FAST) for Layers models: recognise a tf.Sequential of Dense
 * layers (ReLU hidden layers, a linear, sigmoid or softmax head, each hidden one optionally
 * followed by the course's SeededDropout), the shape `buildMlp` makes, and run its training
 * forward pass as ONE tape node with the hand-written backward pass of mlp_backward.ts instead of
 * tfjs's layer-by-layer autodiff (the reference: `model.apply(x, {training: true})`). Dropout
 * masks come from each SeededDropout layer's own generator in layer order, so the randomness is
 * exactly the plain path's. Anything else (tfjs's Dropout, regularisers, constraints, other
 * activations, frozen layers) gets no plan and keeps the plain path.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireShape } from "../errors.ts";
import { dropoutKeepScale, SeededDropout } from "../models/seeded_dropout.ts";
import { type DropoutMask, type LogitsLoss, reluMlpLoss, reluMlpMasked } from "./mlp_backward.ts";

/** Head activations the plan supports (applied after the one-node logits, by plain ops). */
export type DenseHead = "linear" | "sigmoid" | "softmax";

/** A recognised Dense stack: its layers' variables, dropout layers and head. */
export interface DenseStackPlan {
  layers: { w: tf.Variable; b: tf.Variable }[];
  /** The SeededDropout after each hidden layer (null: none), one per hidden layer. */
  dropouts: (SeededDropout | null)[];
  head: DenseHead;
  inputDim: number;
}

interface DenseLike {
  kernel?: { read(): tf.Variable };
  bias?: { read(): tf.Variable };
}

const HEADS: readonly string[] = ["linear", "sigmoid", "softmax"];
const UNSUPPORTED_KEYS = [
  "kernelRegularizer",
  "biasRegularizer",
  "activityRegularizer",
  "kernelConstraint",
  "biasConstraint",
];

/** The plan of a Sequential Dense(+SeededDropout) stack, or null when it is another model. */
export function denseStackPlan(model: tf.LayersModel): DenseStackPlan | null {
  require(model instanceof tf.LayersModel, "denseStackPlan", "model", "a tf.LayersModel", model);
  if (!(model instanceof tf.Sequential) || !model.trainable) return null;
  // rows of features only: a Dense on [batch, time, features] maps the last axis, not handled
  if (model.inputs.length !== 1 || model.inputs[0].shape.length !== 2) return null;
  const layers: DenseStackPlan["layers"] = [];
  const dropouts: (SeededDropout | null)[] = [];
  const activations: string[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === "InputLayer") continue;
    if (layer instanceof SeededDropout) {
      // only right after a Dense, at most one per Dense
      if (layers.length === 0 || dropouts.length === layers.length) return null;
      dropouts.push(layer);
      continue;
    }
    if (cls !== "Dense" || !layer.trainable) return null;
    const cfg = layer.getConfig();
    if (cfg.useBias === false || UNSUPPORTED_KEYS.some((k) => cfg[k] != null)) return null;
    const d = layer as unknown as DenseLike;
    if (!d.kernel || !d.bias) return null;
    const w = d.kernel.read();
    if (w.rank !== 2) return null;
    // a hidden Dense without dropout: pad the dropout list so index l is layer l's
    if (dropouts.length < layers.length) dropouts.push(null);
    layers.push({ w, b: d.bias.read() });
    activations.push(String(cfg.activation));
  }
  if (layers.length === 0 || dropouts.length === layers.length) return null; // dropout last
  const head = activations[activations.length - 1];
  if (!activations.slice(0, -1).every((a) => a === "relu") || !HEADS.includes(head)) return null;
  while (dropouts.length < layers.length - 1) dropouts.push(null);
  return {
    layers,
    dropouts,
    head: head as DenseHead,
    inputDim: layers[0].w.shape[0] as number,
  };
}

/** The model's output on a [batch, inputDim] tensor in training mode, through one tape node. */
export function denseStackApply(plan: DenseStackPlan, x: tf.Tensor): tf.Tensor2D {
  const masks = drawMasks("denseStackApply", plan, x);
  return tf.tidy(() => {
    const z = reluMlpMasked(plan.layers, x as tf.Tensor2D, masks);
    return plan.head === "sigmoid" ? tf.sigmoid(z) : plan.head === "softmax" ? tf.softmax(z) : z;
  });
}

/** A loss of the stack's logits in training mode, forward, head and loss as one tape node. */
export function denseStackLoss(plan: DenseStackPlan, x: tf.Tensor, loss: LogitsLoss): tf.Scalar {
  const masks = drawMasks("denseStackLoss", plan, x);
  return reluMlpLoss(plan.layers, x as tf.Tensor2D, masks, loss);
}

/** Check the arguments and draw this batch's dropout masks, layer by layer. */
function drawMasks(fn: string, plan: DenseStackPlan, x: tf.Tensor): (DropoutMask | null)[] {
  require(
    plan !== null && typeof plan === "object" && Array.isArray(plan.layers),
    fn,
    "plan",
    "a plan from denseStackPlan",
    plan,
  );
  require(x instanceof tf.Tensor, fn, "x", "a rank-2 tensor", x);
  requireShape(fn, "x", x.shape, [null, plan.inputDim]);
  return plan.dropouts.map((d, l) => {
    if (d === null || d.rate === 0) return null; // SeededDropout draws nothing at rate 0
    const size = x.shape[0] * (plan.layers[l].w.shape[1] as number);
    return { mask: d.drawMask(size), keep: dropoutKeepScale(d.rate) };
  });
}
