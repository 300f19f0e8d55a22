/**
 * Masked-language-model training and evaluation: a masked batch as tensors (the chosen
 * positions flattened, so only they reach the vocabulary-wide decoder), the mean cross-entropy
 * at those positions, a `train()` loss hook that draws and masks a fresh batch every step
 * (dynamic masking, as RoBERTa), and masked-token accuracy.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import type { LossModel } from "../../train/train_types.ts";
import { BERT_UNCASED_SPECIALS, type BertSpecialIds } from "./config.ts";
import { bertEncode, bertMlmLogits, bertMlmTransform } from "./forward.ts";
import { type MaskedTokens, type MaskOptions, maskTokens } from "./masking.ts";
import type { BertModel } from "./model.ts";
import { param } from "../../nn/params.ts";
import { embeddingLookup } from "../../models/embedding.ts";

/** A masked batch as tensors: inputs, attention mask, chosen positions (row·tokens + t), labels. */
export interface MlmBatch {
  ids: tf.Tensor2D;
  mask: tf.Tensor2D;
  positions: tf.Tensor1D;
  labels: tf.Tensor1D;
}

/** Tensors of a masked batch (rows of equal length; attention mask = ids ≠ pad). */
export function mlmBatch(masked: MaskedTokens, padId = BERT_UNCASED_SPECIALS.pad): MlmBatch {
  const fn = "mlmBatch";
  const { inputIds, labels } = masked ?? {};
  require(
    Array.isArray(inputIds) && inputIds.length > 0 && Array.isArray(labels) &&
      labels.length === inputIds.length,
    fn,
    "masked",
    "{inputIds, labels} from maskTokens() with at least one row",
    masked,
  );
  const n = inputIds[0].length;
  const pos: number[] = [];
  const lab: number[] = [];
  const flat = new Int32Array(inputIds.length * n);
  const att = new Float32Array(inputIds.length * n);
  inputIds.forEach((row, r) => {
    require(row.length === n, fn, `masked.inputIds[${r}]`, `${n} tokens (rows padded)`, row);
    row.forEach((id, t) => {
      flat[r * n + t] = id;
      att[r * n + t] = id === padId ? 0 : 1;
      if (labels[r][t] >= 0) {
        pos.push(r * n + t);
        lab.push(labels[r][t]);
      }
    });
  });
  return {
    ids: tf.tensor2d(flat, [inputIds.length, n], "int32"),
    mask: tf.tensor2d(att, [inputIds.length, n]),
    positions: tf.tensor1d(pos, "int32"),
    labels: tf.tensor1d(lab, "int32"),
  };
}

/** Dispose the tensors of a masked batch. */
export function disposeMlmBatch(batch: MlmBatch): void {
  tf.dispose([batch.ids, batch.mask, batch.positions, batch.labels]);
}

/** Hidden rows [chosen, hidden] at the batch's chosen positions (encoded here unless given). */
function chosenRows(model: BertModel, batch: MlmBatch, hidden?: tf.Tensor3D): tf.Tensor2D {
  const h = hidden ?? bertEncode(model, batch.ids, batch.mask);
  const flat = tf.reshape(h, [-1, model.config.hidden]) as tf.Tensor2D;
  return embeddingLookup(flat, batch.positions) as tf.Tensor2D;
}

/**
 * Mean cross-entropy of the MLM head at the chosen positions: logsumexp over the vocabulary
 * minus the true token's logit (read from its tied embedding row, not a one-hot); 0 (with a
 * zero gradient) when no position was chosen. `hidden`: the encoder's output for batch.ids,
 * when the caller has it already (one encoder pass shared with another loss).
 */
export function bertMlmLoss(model: BertModel, batch: MlmBatch, hidden?: tf.Tensor3D): tf.Scalar {
  require(
    batch?.positions instanceof tf.Tensor && batch.labels instanceof tf.Tensor,
    "bertMlmLoss",
    "batch",
    "an MlmBatch from mlmBatch()",
    batch,
  );
  // no chosen position: a zero still tied to the variables, so a training step's gradient is 0
  if (batch.positions.size === 0) {
    return tf.tidy(() => tf.mul(tf.sum(param(model.params, "mlm/bias")), 0) as tf.Scalar);
  }
  return tf.tidy(() => {
    if (hidden !== undefined) {
      require(
        hidden instanceof tf.Tensor && hidden.rank === 3 &&
          hidden.shape[0] === batch.ids.shape[0] && hidden.shape[1] === batch.ids.shape[1],
        "bertMlmLoss",
        "hidden",
        `the encoder's output for batch.ids [${batch.ids.shape.join(", ")}, hidden]`,
        hidden,
      );
    }
    const rows = chosenRows(model, batch, hidden);
    const t = bertMlmTransform(model, rows);
    const word = param(model.params, "emb/word");
    const bias = param(model.params, "mlm/bias");
    const logits = tf.add(tf.matMul(t, word, false, true), bias);
    const picked = tf.add(
      tf.sum(tf.mul(t, embeddingLookup(word as tf.Tensor2D, batch.labels)), -1),
      tf.reshape(embeddingLookup(tf.reshape(bias, [-1, 1]) as tf.Tensor2D, batch.labels), [-1]),
    );
    return tf.mean(tf.sub(tf.logSumExp(logits, -1), picked)) as tf.Scalar;
  });
}

/** How the MLM loss hook draws its batches. */
export interface MlmTrainOptions extends Omit<MaskOptions, "rng"> {
  /** Rows per step (default 32). */
  batchSize?: number;
}

/**
 * A `train()` loss hook for MLM pre-training on `rows` (token ids, padded to one length): each
 * step draws `batchSize` rows with the loop's rng and masks them afresh. Use with data null and
 * `stepsPerEpoch`.
 */
export function mlmLossModel(
  model: BertModel,
  rows: readonly (readonly number[])[],
  opts: MlmTrainOptions = {},
): LossModel {
  const fn = "mlmLossModel";
  require(Array.isArray(rows) && rows.length > 0, fn, "rows", "a non-empty array of rows", rows);
  const batchSize = requireNumber(fn, "opts.batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const specials = opts.specials ?? BERT_UNCASED_SPECIALS;
  const vocabSize = opts.vocabSize ?? model.config.vocabSize;
  return {
    variables: model.params,
    loss: (_batch, ctx) => {
      const pick = Array.from({ length: batchSize }, () => rows[ctx.rng.int(rows.length)]);
      const masked = maskTokens(pick, { ...opts, vocabSize, specials, rng: ctx.rng });
      const b = mlmBatch(masked, specials.pad);
      try {
        return bertMlmLoss(model, b);
      } finally {
        disposeMlmBatch(b);
      }
    },
  };
}

/** Masked-token accuracy and count: mask `rows` with `opts.rng`, predict the chosen tokens. */
export async function mlmAccuracy(
  model: BertModel,
  rows: readonly (readonly number[])[],
  opts: MaskOptions & { batchSize?: number },
): Promise<{ accuracy: number; count: number }> {
  const fn = "mlmAccuracy";
  require(Array.isArray(rows) && rows.length > 0, fn, "rows", "a non-empty array of rows", rows);
  const batchSize = requireNumber(fn, "opts.batchSize", opts.batchSize ?? 64, {
    integer: true,
    positive: true,
  });
  const specials: BertSpecialIds = opts.specials ?? BERT_UNCASED_SPECIALS;
  const vocabSize = opts.vocabSize ?? model.config.vocabSize;
  let hits = 0, count = 0;
  for (let s = 0; s < rows.length; s += batchSize) {
    const masked = maskTokens(rows.slice(s, s + batchSize), { ...opts, vocabSize, specials });
    const b = mlmBatch(masked, specials.pad);
    if (b.positions.size > 0) {
      const correct = tf.tidy(() =>
        tf.sum(
          tf.cast(
            tf.equal(tf.argMax(bertMlmLogits(model, chosenRows(model, b)), -1), b.labels),
            "int32",
          ),
        )
      );
      hits += (await correct.data())[0];
      count += b.positions.size;
      correct.dispose();
    }
    disposeMlmBatch(b);
  }
  return { accuracy: count === 0 ? NaN : hits / count, count };
}
