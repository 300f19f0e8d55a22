/**
 * Fine-tuning a BERT for sequence classification: rows of token ids (each [CLS] … [SEP], of
 * any length) become a padded batch trimmed to its longest row; a `train()` loss hook draws
 * `batchSize` rows per step with the loop's rng and returns the softmax cross-entropy of the
 * classifier's logits; `bertLogits` scores rows in batches (for accuracy and export checks).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import type { LossModel } from "../../train/train_types.ts";
import { bertClassify, bertEncode } from "./forward.ts";
import type { BertModel } from "./model.ts";

/** Ids [rows, longest] and attention mask (1 token, 0 padding) of rows padded with `padId`. */
export function padBatch(
  rows: readonly (readonly number[])[],
  padId: number,
): { ids: tf.Tensor2D; mask: tf.Tensor2D } {
  const fn = "padBatch";
  require(Array.isArray(rows) && rows.length > 0, fn, "rows", "a non-empty array of rows", rows);
  requireNumber(fn, "padId", padId, { integer: true, nonNegative: true });
  const n = Math.max(...rows.map((r) => r.length));
  require(n > 0, fn, "rows", "rows with at least one token", rows);
  const ids = new Int32Array(rows.length * n).fill(padId);
  const mask = new Float32Array(rows.length * n);
  rows.forEach((r, i) => {
    ids.set(r, i * n);
    mask.fill(1, i * n, i * n + r.length);
  });
  return {
    ids: tf.tensor2d(ids, [rows.length, n], "int32"),
    mask: tf.tensor2d(mask, [rows.length, n]),
  };
}

function checkRows(fn: string, model: BertModel, rows: unknown, labels?: unknown): void {
  require(
    model?.config?.numLabels > 0,
    fn,
    "model",
    "a BertModel with numLabels > 0",
    model,
  );
  require(Array.isArray(rows) && rows.length > 0, fn, "rows", "a non-empty array of rows", rows);
  if (labels !== undefined) {
    require(
      Array.isArray(labels) && labels.length === rows.length &&
        labels.every((l) => Number.isInteger(l) && l >= 0 && l < model.config.numLabels),
      fn,
      "labels",
      `${rows.length} class indices in [0, ${model.config.numLabels})`,
      labels,
    );
  }
}

/**
 * A `train()` loss hook fine-tuning `model` (encoder, pooler, classifier; not the MLM head) on
 * labelled rows:
 * each step draws `batchSize` rows (with replacement) with the loop's rng. Use with data null
 * and `stepsPerEpoch`.
 */
export function classifierLossModel(
  model: BertModel,
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  opts: { batchSize?: number; padId: number },
): LossModel {
  const fn = "classifierLossModel";
  checkRows(fn, model, rows, labels);
  const batchSize = requireNumber(fn, "opts.batchSize", opts?.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const k = model.config.numLabels;
  // the MLM head takes no part in classification: train everything else
  const variables = Object.fromEntries(
    Object.entries(model.params).filter(([key]) => !key.startsWith("mlm/")),
  );
  return {
    variables,
    loss: (_batch, ctx) => {
      const pick = Array.from({ length: batchSize }, () => ctx.rng.int(rows.length));
      const { ids, mask } = padBatch(pick.map((i) => rows[i]), opts.padId);
      const y = tf.oneHot(tf.tensor1d(pick.map((i) => labels[i]), "int32"), k);
      try {
        return tf.tidy(() => {
          const logits = bertClassify(model, bertEncode(model, ids, mask));
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        });
      } finally {
        tf.dispose([ids, mask, y]);
      }
    },
  };
}

/** Classifier logits of each row (rows of token ids), scored `batchSize` rows at a time. */
export async function bertLogits(
  model: BertModel,
  rows: readonly (readonly number[])[],
  opts: { batchSize?: number; padId: number },
): Promise<number[][]> {
  const fn = "bertLogits";
  checkRows(fn, model, rows);
  const batchSize = requireNumber(fn, "opts.batchSize", opts?.batchSize ?? 64, {
    integer: true,
    positive: true,
  });
  const k = model.config.numLabels;
  const out: number[][] = [];
  for (let s = 0; s < rows.length; s += batchSize) {
    const { ids, mask } = padBatch(rows.slice(s, s + batchSize), opts.padId);
    const logits = tf.tidy(() => bertClassify(model, bertEncode(model, ids, mask)));
    const v = await logits.data();
    tf.dispose([ids, mask, logits]);
    for (let i = 0; i < v.length / k; i++) out.push(Array.from(v.subarray(i * k, (i + 1) * k)));
  }
  return out;
}
