/**
 * The BERT forward pass in tfjs: embeddings (word + position + token type, LayerNorm), then per
 * layer x = LN(x + Attn(x, mask)), x = LN(x + W2·GELU(W1·x)) (post-LN, exact erf GELU, eps
 * 1e-12, additive mask −10000 on padding); returns the last hidden state. Heads: the tanh
 * pooler on [CLS] + a linear classifier, and the MLM transform whose decoder is the word
 * embedding matrix (tied) plus a bias. Table lookups go through `embeddingLookup` (its
 * gradient is a scatter, which the wasm backend has; tf.gather's is not).
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../../errors.ts";
import { multiHeadSelfAttention } from "../../nn/attention.ts";
import { dense, geluErf, layerNorm, param } from "../../nn/params.ts";
import { embeddingLookup } from "../../models/embedding.ts";
import { BERT_LN_EPS } from "./config.ts";
import { type BertModel, requireBertModel } from "./model.ts";

function checkIds(fn: string, model: BertModel, ids: tf.Tensor, mask: tf.Tensor): void {
  requireBertModel(fn, model);
  require(
    ids instanceof tf.Tensor && ids.rank === 2 && ids.dtype === "int32",
    fn,
    "ids",
    "an int32 tensor [batch, tokens]",
    ids,
  );
  require(
    (ids.shape[1] ?? 0) <= model.config.maxPos,
    fn,
    "ids",
    `at most ${model.config.maxPos} tokens (config.maxPos)`,
    ids,
  );
  require(
    mask instanceof tf.Tensor && mask.rank === 2 && mask.shape[0] === ids.shape[0] &&
      mask.shape[1] === ids.shape[1],
    fn,
    "mask",
    `an attention mask of shape [${ids.shape.join(", ")}] (1 token, 0 padding)`,
    mask,
  );
}

/**
 * Last hidden state [batch, tokens, hidden] of `ids` (int32 [batch, tokens]) with attention
 * `mask` (1 on tokens, 0 on padding) and optional token-type ids (default all 0).
 */
export function bertEncode(
  model: BertModel,
  ids: tf.Tensor2D,
  mask: tf.Tensor2D,
  typeIds?: tf.Tensor2D,
): tf.Tensor3D {
  checkIds("bertEncode", model, ids, mask);
  const { heads, layers } = model.config;
  const p = model.params;
  const [b, n] = ids.shape;
  return tf.tidy(() => {
    const word = embeddingLookup(param(p, "emb/word") as tf.Tensor2D, ids);
    const pos = tf.slice(param(p, "emb/pos"), [0, 0], [n, -1]);
    const types = typeIds ?? tf.zeros([b, n], "int32");
    const typ = embeddingLookup(param(p, "emb/type") as tf.Tensor2D, types);
    let x = layerNorm(p, "emb/ln", tf.add(tf.add(word, pos), typ), BERT_LN_EPS) as tf.Tensor3D;
    const bias = tf.reshape(tf.mul(tf.sub(1, tf.cast(mask, "float32")), -10000), [b, 1, 1, n]);
    for (let i = 0; i < layers; i++) {
      const k = `layer${i}`;
      const a = multiHeadSelfAttention(p, `${k}/attn`, x, heads, { mask: bias }).output;
      const x1 = layerNorm(p, `${k}/ln1`, tf.add(x, a), BERT_LN_EPS);
      const f = dense(p, `${k}/ffn2`, geluErf(dense(p, `${k}/ffn1`, x1)));
      x = layerNorm(p, `${k}/ln2`, tf.add(x1, f), BERT_LN_EPS) as tf.Tensor3D;
    }
    return x;
  });
}

/** Classifier logits [batch, numLabels]: tanh(W·h[CLS] + b) then a linear layer. */
export function bertClassify(model: BertModel, hidden: tf.Tensor3D): tf.Tensor2D {
  require(
    model?.config?.numLabels > 0,
    "bertClassify",
    "model",
    "a BertModel with numLabels > 0",
    model,
  );
  require(
    hidden instanceof tf.Tensor && hidden.rank === 3 && hidden.shape[2] === model.config.hidden,
    "bertClassify",
    "hidden",
    `a last hidden state [batch, tokens, ${model.config.hidden}]`,
    hidden,
  );
  return tf.tidy(() => {
    const cls = tf.squeeze(tf.slice(hidden, [0, 0, 0], [-1, 1, -1]), [1]);
    const pooled = tf.tanh(dense(model.params, "pooler", cls));
    return dense(model.params, "classifier", pooled) as tf.Tensor2D;
  });
}

/** The MLM head's transform of hidden rows [rows, hidden]: LayerNorm(GELU(W·h + b)). */
export function bertMlmTransform(model: BertModel, rows: tf.Tensor2D): tf.Tensor2D {
  require(
    rows instanceof tf.Tensor && rows.rank === 2 && rows.shape[1] === model?.config?.hidden,
    "bertMlmTransform",
    "rows",
    `hidden rows [rows, ${model?.config?.hidden}]`,
    rows,
  );
  return tf.tidy(() =>
    layerNorm(
      model.params,
      "mlm/ln",
      geluErf(dense(model.params, "mlm/transform", rows)),
      BERT_LN_EPS,
    ) as tf.Tensor2D
  );
}

/** MLM logits [rows, vocab] of hidden rows: transform, then the tied word embeddings + bias. */
export function bertMlmLogits(model: BertModel, rows: tf.Tensor2D): tf.Tensor2D {
  require(
    rows instanceof tf.Tensor && rows.rank === 2 && rows.shape[1] === model?.config?.hidden,
    "bertMlmLogits",
    "rows",
    `hidden rows [rows, ${model?.config?.hidden}]`,
    rows,
  );
  return tf.tidy(() => {
    const t = bertMlmTransform(model, rows);
    const word = param(model.params, "emb/word");
    return tf.add(tf.matMul(t, word, false, true), param(model.params, "mlm/bias"));
  });
}
