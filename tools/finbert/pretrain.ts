/**
 * Pre-training arms of `deno task train:finbert`: the teacher's sentence vectors (USE-lite, a
 * real pretrained encoder, run once over the pre-training sentences), and one pre-training run
 * of a fresh BERT with masked-language modelling plus (or without) distillation towards those
 * vectors, measured on held-out sentences (masked-token accuracy, cosine to the teacher).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/random.ts";
import { disposeParams } from "../../lib/nn/params.ts";
import { train } from "../../lib/train/loop.ts";
import { warmupCosine } from "../../lib/train/schedules.ts";
import type { BertConfig, BertSpecialIds } from "../../lib/nlp/bert/config.ts";
import { type BertModel, initBert } from "../../lib/nlp/bert/model.ts";
import { mlmAccuracy } from "../../lib/nlp/bert/mlm.ts";
import {
  distillCosine,
  type DistillData,
  distillLossModel,
  initDistillHead,
} from "../../lib/nlp/bert/distill.ts";
import { loadUseLite } from "../../lib/nlp/use_encoder.ts";

/** The teacher's unit vectors of `texts`, row-major, and how long they took. */
export async function teacherVectors(
  texts: readonly string[],
): Promise<{ vectors: Float32Array; dim: number; seconds: number; id: string }> {
  const t0 = performance.now();
  const enc = await loadUseLite();
  const vs = await enc.encode(texts, 64);
  const vectors = new Float32Array(vs.length * enc.dim);
  vs.forEach((v, i) => vectors.set(v, i * enc.dim));
  return { vectors, dim: enc.dim, seconds: (performance.now() - t0) / 1000, id: enc.id };
}

/** Settings of one pre-training arm. */
export interface PretrainSettings {
  steps: number;
  batchSize: number;
  peakLr: number;
  warmup: number;
  clipNorm: number;
  mlmWeight: number;
  distillWeight: number;
}

/** What one pre-training arm produced (the model is the caller's to dispose). */
export interface PretrainResult {
  model: BertModel;
  steps: number;
  seconds: number;
  lossPerEpoch: number[];
  partsPerEpoch: Record<string, number[]>;
  mlmAccBefore: number;
  mlmAccAfter: number;
  mlmEvalTokens: number;
  cosBefore: number;
  cosAfter: number;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Pre-train a fresh BERT (seeded by `seed`) on `data` (sentences and teacher vectors) with
 * mlmWeight·MLM + distillWeight·(1 − cos); measured on `heldOut` before and after.
 */
export async function pretrainArm(
  config: BertConfig,
  data: DistillData,
  heldOut: DistillData,
  s: PretrainSettings,
  specials: BertSpecialIds,
  seed: number,
): Promise<PretrainResult> {
  const model = initBert(config, new Rng(seed + 1));
  const head = initDistillHead(model, data.dim, new Rng(seed + 3));
  const mlmEval = { vocabSize: config.vocabSize, specials, batchSize: 64 };
  // mlmAccuracy takes rows of one length: pad the held-out sentences to the longest
  const width = Math.max(...heldOut.rows.map((r) => r.length));
  const heldRows = heldOut.rows.map((
    r,
  ) => [...r, ...new Array(width - r.length).fill(specials.pad)]);
  const before = await mlmAccuracy(model, heldRows, { ...mlmEval, rng: new Rng(99) });
  const cosBefore = await distillCosine(model, head, heldOut, { padId: specials.pad });
  const t0 = performance.now();
  const epochs = s.steps >= 10 ? 10 : 1;
  const hist = await train(
    distillLossModel(model, head, data, {
      batchSize: s.batchSize,
      mlmWeight: s.mlmWeight,
      distillWeight: s.distillWeight,
      specials,
    }),
    null,
    {
      epochs,
      stepsPerEpoch: Math.ceil(s.steps / epochs),
      optimizer: "adam",
      lr: warmupCosine(s.peakLr, s.warmup, s.steps, { floor: s.peakLr / 100 }),
      clipNorm: s.clipNorm,
      seed: seed + 2,
    },
  );
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  const after = await mlmAccuracy(model, heldRows, { ...mlmEval, rng: new Rng(99) });
  const cosAfter = await distillCosine(model, head, heldOut, { padId: specials.pad });
  disposeParams(head);
  const parts = Object.entries(hist.history).filter(([k]) => ["mlm", "distill"].includes(k));
  return {
    model,
    steps: hist.steps,
    seconds,
    lossPerEpoch: hist.loss.map(r4),
    partsPerEpoch: Object.fromEntries(parts.map(([k, v]) => [k, v.map(r4)])),
    mlmAccBefore: r4(before.accuracy),
    mlmAccAfter: r4(after.accuracy),
    mlmEvalTokens: after.count,
    cosBefore: r4(cosBefore),
    cosAfter: r4(cosAfter),
  };
}

/** Number of tensors alive (for the end-of-run leak line). */
export const liveTensors = () => tf.memory().numTensors;
