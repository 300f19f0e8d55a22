/**
 * A small BERT's parameters, built with the course parameter kit (`ParamInit`): word, position
 * and token-type embeddings (Normal(0, 0.02), as BERT) with a LayerNorm; per layer q/k/v/o
 * attention, LayerNorm, a GELU feed-forward and a LayerNorm (post-LN); the MLM head (transform,
 * LayerNorm, an output bias; its decoder is the word embedding, tied); and, when the config has
 * labels, the tanh pooler and the classifier.
 */
import type { Rng } from "../../random.ts";
import { require } from "../../errors.ts";
import { initAttention } from "../../nn/attention.ts";
import { countParams, ParamInit, type ParamMap } from "../../nn/params.ts";
import { type BertConfig, checkBertConfig } from "./config.ts";

/** A BERT: its sizes and its parameters by name. */
export interface BertModel {
  config: BertConfig;
  params: ParamMap;
}

/** Build a seeded BERT of the given sizes (dispose with `disposeParams(model.params)`). */
export function initBert(config: BertConfig, rng: Rng): BertModel {
  const c = checkBertConfig("initBert", config);
  const params: ParamMap = {};
  const init = new ParamInit(params, rng);
  const h = c.hidden;
  init.normal("emb/word", [c.vocabSize, h], 0.02);
  init.normal("emb/pos", [c.maxPos, h], 0.02);
  init.normal("emb/type", [2, h], 0.02);
  init.layerNorm("emb/ln", h);
  for (let i = 0; i < c.layers; i++) {
    initAttention(init, `layer${i}/attn`, h);
    init.layerNorm(`layer${i}/ln1`, h);
    init.dense(`layer${i}/ffn1`, h, c.ffn);
    init.dense(`layer${i}/ffn2`, c.ffn, h);
    init.layerNorm(`layer${i}/ln2`, h);
  }
  init.dense("mlm/transform", h, h);
  init.layerNorm("mlm/ln", h);
  init.zeros("mlm/bias", [c.vocabSize]);
  if (c.numLabels > 0) {
    init.dense("pooler", h, h);
    init.dense("classifier", h, c.numLabels);
  }
  return { config: { ...c }, params };
}

/** Number of scalar weights of a BERT (embeddings included). */
export function bertParamCount(model: BertModel): number {
  return countParams(model.params);
}

/** Check that `model` is a BertModel (from `initBert`). */
export function requireBertModel(fn: string, model: BertModel): void {
  require(
    model !== null && typeof model === "object" && model.params !== undefined,
    fn,
    "model",
    "a BertModel from initBert()",
    model,
  );
}
