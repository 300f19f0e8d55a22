/**
 * Export a tfjs course BERT (lib/nlp/bert) to a transformers.js model folder: its weights are
 * read with `await t.data()` into the ONNX writer's layout and written with config.json
 * (id2label/label2id for a classifier), the WordPiece tokenizer files and onnx/model.onnx, so
 * `AutoModel` / `AutoModelForSequenceClassification` (and the course's resolver) load it.
 */
import type * as tf from "@tensorflow/tfjs";
import { require } from "../../errors.ts";
import { param } from "../../nn/params.ts";
import { type BertModel, requireBertModel } from "../bert/model.ts";
import {
  type BertExportKind,
  type BertOnnxLayer,
  type BertOnnxWeights,
  writeBertFolder,
} from "./bert_graph.ts";

/** What to export. */
export interface BertExportOptions {
  /** The head: last_hidden_state (BertModel) or logits (BertForSequenceClassification). */
  kind: BertExportKind;
  /** Label names by class index (required for a classifier; one per label). */
  id2label?: Record<number, string>;
  /** The WordPiece vocabulary by id, as long as the model's vocabSize. */
  vocab: readonly string[];
}

async function floats(t: tf.Tensor): Promise<Float32Array> {
  return Float32Array.from(await t.data());
}

/** The model's weights as Float32Arrays in the ONNX writer's layout. */
export async function bertOnnxWeights(model: BertModel): Promise<BertOnnxWeights> {
  const c = model.config;
  const get = (k: string) => floats(param(model.params, k));
  const layers: BertOnnxLayer[] = [];
  for (let i = 0; i < c.layers; i++) {
    const k = `layer${i}`;
    layers.push({
      wq: await get(`${k}/attn/q/w`),
      bq: await get(`${k}/attn/q/b`),
      wk: await get(`${k}/attn/k/w`),
      bk: await get(`${k}/attn/k/b`),
      wv: await get(`${k}/attn/v/w`),
      bv: await get(`${k}/attn/v/b`),
      wo: await get(`${k}/attn/o/w`),
      bo: await get(`${k}/attn/o/b`),
      ln1g: await get(`${k}/ln1/g`),
      ln1b: await get(`${k}/ln1/b`),
      w1: await get(`${k}/ffn1/w`),
      b1: await get(`${k}/ffn1/b`),
      w2: await get(`${k}/ffn2/w`),
      b2: await get(`${k}/ffn2/b`),
      ln2g: await get(`${k}/ln2/g`),
      ln2b: await get(`${k}/ln2/b`),
    });
  }
  const cls = c.numLabels > 0;
  const h = c.hidden;
  return {
    sizes: {
      vocab: c.vocabSize,
      hidden: h,
      heads: c.heads,
      layers: c.layers,
      ffn: c.ffn,
      maxPos: c.maxPos,
      numLabels: c.numLabels,
    },
    word: await get("emb/word"),
    pos: await get("emb/pos"),
    type: await get("emb/type"),
    embG: await get("emb/ln/g"),
    embB: await get("emb/ln/b"),
    layers,
    poolW: cls ? await get("pooler/w") : new Float32Array(h * h),
    poolB: cls ? await get("pooler/b") : new Float32Array(h),
    clsW: cls ? await get("classifier/w") : new Float32Array(0),
    clsB: cls ? await get("classifier/b") : new Float32Array(0),
  };
}

/** Write `model` to `dir` in the transformers.js layout; resolves to `dir`. */
export async function exportBert(
  model: BertModel,
  dir: string,
  opts: BertExportOptions,
): Promise<string> {
  const fn = "exportBert";
  requireBertModel(fn, model);
  require(typeof dir === "string" && dir.length > 0, fn, "dir", "a folder path", dir);
  const kind = opts?.kind;
  require(
    kind === "BertModel" || kind === "BertForSequenceClassification",
    fn,
    "opts.kind",
    '"BertModel" | "BertForSequenceClassification"',
    kind,
  );
  const vocab = opts.vocab;
  require(
    Array.isArray(vocab) && vocab.length === model.config.vocabSize,
    fn,
    "opts.vocab",
    `a vocabulary of ${model.config.vocabSize} tokens (config.vocabSize)`,
    vocab,
  );
  let id2label: Record<number, string> | undefined;
  if (kind === "BertForSequenceClassification") {
    const n = model.config.numLabels;
    id2label = opts.id2label;
    const ok = n > 0 && id2label !== undefined &&
      Array.from({ length: n }, (_, i) => typeof id2label![i] === "string").every(Boolean) &&
      Object.keys(id2label).length === n;
    require(
      ok,
      fn,
      "opts.id2label",
      `names for labels 0..${n - 1} (config.numLabels ${n})`,
      id2label,
    );
  }
  return await writeBertFolder(dir, await bertOnnxWeights(model), kind, { id2label, vocab });
}

/**
 * Write `model` to `dir` as a sentence encoder in the sentence-transformers layout: the
 * BertModel folder plus modules.json, sentence_bert_config.json and 1_Pooling/config.json (mean
 * pooling); transformers.js loads it as a `feature-extraction` model; resolves to `dir`.
 */
export async function exportSentenceBert(
  model: BertModel,
  dir: string,
  vocab: readonly string[],
): Promise<string> {
  await exportBert(model, dir, { kind: "BertModel", vocab });
  const modules = [
    { idx: 0, name: "0", path: "", type: "sentence_transformers.models.Transformer" },
    { idx: 1, name: "1", path: "1_Pooling", type: "sentence_transformers.models.Pooling" },
  ];
  const pooling = {
    word_embedding_dimension: model.config.hidden,
    pooling_mode_cls_token: false,
    pooling_mode_mean_tokens: true,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
  };
  await Deno.mkdir(`${dir}/1_Pooling`, { recursive: true });
  const json = (x: unknown) => JSON.stringify(x, null, 2) + "\n";
  await Deno.writeTextFile(`${dir}/modules.json`, json(modules));
  await Deno.writeTextFile(`${dir}/1_Pooling/config.json`, json(pooling));
  await Deno.writeTextFile(
    `${dir}/sentence_bert_config.json`,
    json({ max_seq_length: model.config.maxPos, do_lower_case: true }),
  );
  return dir;
}
