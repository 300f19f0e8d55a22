/**
 * Pre-training a small BERT by imitating a pretrained sentence encoder (knowledge distillation,
 * as in Reimers & Gurevych 2020) together with masked-language modelling: each step masks a
 * batch of sentences, encodes it once, and adds the MLM loss to 1 − cos(W·meanpool(h), teacher)
 * (and optionally an in-batch contrastive term), one encoder pass for all terms. The teacher's vectors are computed once,
 * before training; the projection W is a training-only head, not part of the exported model.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { dense, ParamInit, type ParamMap } from "../../nn/params.ts";
import type { Rng } from "../../random.ts";
import type { LossModel } from "../../train/train_types.ts";
import { BERT_UNCASED_SPECIALS, type BertSpecialIds } from "./config.ts";
import { padBatch } from "./finetune.ts";
import { bertEncode } from "./forward.ts";
import { maskTokens } from "./masking.ts";
import { bertMlmLoss, disposeMlmBatch, mlmBatch } from "./mlm.ts";
import { type BertModel, requireBertModel } from "./model.ts";

/** Mean of the hidden states over real tokens (mask 1), as sentence-transformers' mean pooling. */
export function bertMeanPool(hidden: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const fn = "bertMeanPool";
  require(
    hidden instanceof tf.Tensor && hidden.rank === 3,
    fn,
    "hidden",
    "[batch, tokens, hidden]",
    hidden,
  );
  require(
    mask instanceof tf.Tensor && mask.rank === 2 && mask.shape[0] === hidden.shape[0] &&
      mask.shape[1] === hidden.shape[1],
    fn,
    "mask",
    `an attention mask [${hidden.shape[0]}, ${hidden.shape[1]}]`,
    mask,
  );
  return tf.tidy(() => {
    const m = tf.expandDims(tf.cast(mask, "float32"), 2);
    return tf.div(tf.sum(tf.mul(hidden, m), 1), tf.maximum(tf.sum(m, 1), 1e-9)) as tf.Tensor2D;
  });
}

/** Sentences (token ids, each [CLS] … [SEP]) and the teacher's unit vector for each. */
export interface DistillData {
  rows: readonly (readonly number[])[];
  /** rows.length × dim teacher vectors, row-major. */
  teacher: Float32Array;
  dim: number;
}

/** How the distillation hook weighs its terms and draws batches. */
export interface DistillOptions {
  /** Sentences per step (default 32). */
  batchSize?: number;
  /** Weight of the MLM loss (default 1; 0: no masking, distillation only). */
  mlmWeight?: number;
  /** Weight of 1 − cos(student, teacher) (default 1; 0: MLM on sentences only). */
  distillWeight?: number;
  /** Weight of the in-batch contrastive term: pick one's own teacher among the batch's (default 0). */
  contrastiveWeight?: number;
  /** Temperature of the contrastive term (default 0.05). */
  temperature?: number;
  /** Masking rate (default 0.15). */
  rate?: number;
  specials?: BertSpecialIds;
}

/** The training-only projection head `distill/w`, `distill/b`: hidden → teacher dim. */
export function initDistillHead(model: BertModel, dim: number, rng: Rng): ParamMap {
  requireBertModel("initDistillHead", model);
  requireNumber("initDistillHead", "dim", dim, { integer: true, positive: true });
  const head: ParamMap = {};
  new ParamInit(head, rng).dense("distill", model.config.hidden, dim);
  return head;
}

function checkDistillData(fn: string, model: BertModel, data: DistillData): void {
  require(
    Array.isArray(data?.rows) && data.rows.length > 0,
    fn,
    "data.rows",
    "a non-empty array of rows of token ids",
    data?.rows,
  );
  requireNumber(fn, "data.dim", data.dim, { integer: true, positive: true });
  require(
    data.teacher instanceof Float32Array && data.teacher.length === data.rows.length * data.dim,
    fn,
    "data.teacher",
    `a Float32Array of rows.length × dim = ${data.rows.length * data.dim} numbers`,
    data.teacher,
  );
  require(
    data.teacher.every(Number.isFinite),
    fn,
    "data.teacher",
    "finite teacher vectors",
    "a NaN or ±Infinity",
  );
  require(
    data.rows.every((r) => Array.isArray(r) && r.length > 0 && r.length <= model.config.maxPos),
    fn,
    "data.rows",
    `rows of 1..${model.config.maxPos} token ids (config.maxPos)`,
    data.rows.find((r) => !Array.isArray(r) || r.length === 0 || r.length > model.config.maxPos),
  );
}

/**
 * A `train()` loss hook: each step draws `batchSize` sentences with the loop's rng, masks them
 * (when mlmWeight > 0), encodes them once and returns
 * mlmWeight·MLM + distillWeight·mean(1 − cos(W·meanpool, teacher)) + contrastiveWeight·InfoNCE,
 * with each term as a named part (logged per epoch by `train()`).
 * Trains the BERT and the head. Use with data null and `stepsPerEpoch`.
 */
export function distillLossModel(
  model: BertModel,
  head: ParamMap,
  data: DistillData,
  opts: DistillOptions = {},
): LossModel {
  const fn = "distillLossModel";
  requireBertModel(fn, model);
  checkDistillData(fn, model, data);
  const w = head?.["distill/w"];
  require(
    w instanceof tf.Variable && w.shape[0] === model.config.hidden && w.shape[1] === data.dim,
    fn,
    "head",
    `a head from initDistillHead(model, ${data.dim}, rng)`,
    head,
  );
  const num = (k: keyof DistillOptions, d: number) =>
    requireNumber(fn, `opts.${k}`, (opts[k] as number | undefined) ?? d, { nonNegative: true });
  const batchSize = requireNumber(fn, "opts.batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const mlmW = num("mlmWeight", 1), distW = num("distillWeight", 1);
  const conW = num("contrastiveWeight", 0);
  const tau = requireNumber(fn, "opts.temperature", opts.temperature ?? 0.05, { positive: true });
  require(mlmW + distW + conW > 0, fn, "opts", "at least one positive loss weight", opts);
  const specials = opts.specials ?? BERT_UNCASED_SPECIALS;
  const { dim, teacher } = data;
  return {
    variables: { ...model.params, ...head },
    loss: (_batch, ctx) => {
      const pick = Array.from({ length: batchSize }, () => ctx.rng.int(data.rows.length));
      const rows = pick.map((i) => data.rows[i]);
      const { ids, mask } = padBatch(rows, specials.pad);
      const tgt = new Float32Array(batchSize * dim);
      pick.forEach((i, r) => tgt.set(teacher.subarray(i * dim, (i + 1) * dim), r * dim));
      const target = tf.tensor2d(tgt, [batchSize, dim]);
      const n = ids.shape[1];
      const masked = mlmW > 0
        ? mlmBatch(
          maskTokens(rows.map((r) => [...r, ...new Array(n - r.length).fill(specials.pad)]), {
            rate: opts.rate,
            vocabSize: model.config.vocabSize,
            specials,
            rng: ctx.rng,
          }),
          specials.pad,
        )
        : null;
      try {
        return tf.tidy(() => {
          const parts: Record<string, tf.Scalar> = {};
          // one encoder pass over the (masked) batch feeds every term
          const h = bertEncode(model, masked ? masked.ids : ids, mask);
          if (masked) parts.mlm = bertMlmLoss(model, masked, h);
          if (distW > 0 || conW > 0) {
            const z = dense(head, "distill", bertMeanPool(h, mask));
            const zn = tf.div(z, tf.maximum(tf.norm(z, "euclidean", 1, true), 1e-9));
            if (distW > 0) {
              const cos = tf.sum(tf.mul(zn, target), 1);
              parts.distill = tf.mean(tf.sub(1, cos));
            }
            if (conW > 0) {
              const logits = tf.div(tf.matMul(zn, target, false, true), tau);
              const eye = tf.oneHot(tf.range(0, batchSize, 1, "int32"), batchSize);
              parts.contrastive = tf.losses.softmaxCrossEntropy(eye, logits) as tf.Scalar;
            }
          }
          const weight = { mlm: mlmW, distill: distW, contrastive: conW };
          const loss = Object.entries(parts)
            .map(([k, v]) => tf.mul(weight[k as keyof typeof weight], v))
            .reduce((a, b) => tf.add(a, b)) as tf.Scalar;
          return { loss, parts };
        });
      } finally {
        tf.dispose([ids, mask, target]);
        if (masked) disposeMlmBatch(masked);
      }
    },
  };
}

/** Mean cosine between the student's projected mean-pooled vectors and the teacher's. */
export async function distillCosine(
  model: BertModel,
  head: ParamMap,
  data: DistillData,
  opts: { batchSize?: number; padId?: number } = {},
): Promise<number> {
  const fn = "distillCosine";
  requireBertModel(fn, model);
  checkDistillData(fn, model, data);
  const batchSize = requireNumber(fn, "opts.batchSize", opts.batchSize ?? 64, {
    integer: true,
    positive: true,
  });
  const pad = opts.padId ?? BERT_UNCASED_SPECIALS.pad;
  let sum = 0;
  for (let s = 0; s < data.rows.length; s += batchSize) {
    const rows = data.rows.slice(s, s + batchSize);
    const { ids, mask } = padBatch(rows, pad);
    const target = tf.tensor2d(data.teacher.subarray(s * data.dim, (s + rows.length) * data.dim), [
      rows.length,
      data.dim,
    ]);
    const cos = tf.tidy(() => {
      const z = dense(head, "distill", bertMeanPool(bertEncode(model, ids, mask), mask));
      const zn = tf.div(z, tf.maximum(tf.norm(z, "euclidean", 1, true), 1e-9));
      return tf.sum(tf.mul(zn, target));
    });
    sum += (await cos.data())[0];
    tf.dispose([ids, mask, target, cos]);
  }
  return sum / data.rows.length;
}
