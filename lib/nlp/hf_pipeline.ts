/**
 * transformers.js models as course classifiers and encoders: tokenise a batch (padding to the
 * longest, truncating at the model's max length), run the ONNX model with onnxruntime, then
 * softmax over logits with labels from config.id2label, or mean-pool last_hidden_state over
 * the attention mask and L2-normalise (sentence-transformers' recipe for all-MiniLM-L6-v2).
 */
import {
  AutoModel,
  AutoModelForSequenceClassification,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from "@huggingface/transformers";
import { require, requireNumber } from "../errors.ts";
import { type HfResolveOptions, resolveHfModel } from "./hf_models.ts";
import { l2Normalize, meanPool, softmaxRows } from "./pooling.ts";
import type { SentenceEncoder, SentimentClassifier } from "./types.ts";

type Encoded = Record<string, Tensor>;

/** The longest input the model takes: the tokenizer's limit, capped by the position table. */
function maxLengthOf(tok: PreTrainedTokenizer, model: PreTrainedModel): number {
  const cfg = model.config as unknown as Record<string, unknown>;
  const pos = typeof cfg.max_position_embeddings === "number" ? cfg.max_position_embeddings : 512;
  const m = (tok as unknown as { model_max_length?: number }).model_max_length;
  return typeof m === "number" && m > 0 ? Math.min(m, pos) : pos;
}

function checkTexts(fn: string, texts: readonly string[], batchSize: number): void {
  require(Array.isArray(texts), fn, "texts", "an array of strings", texts);
  texts.forEach((t, i) => require(typeof t === "string", fn, `texts[${i}]`, "a string", t));
  requireNumber(fn, "batchSize", batchSize, { integer: true, positive: true });
}

async function runBatches<T>(
  texts: readonly string[],
  batchSize: number,
  tok: PreTrainedTokenizer,
  maxLength: number,
  step: (enc: Encoded) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let s = 0; s < texts.length; s += batchSize) {
    const enc = tok([...texts.slice(s, s + batchSize)], {
      padding: true,
      truncation: true,
      max_length: maxLength,
    }) as unknown as Encoded;
    out.push(...await step(enc));
    for (const t of Object.values(enc)) t.dispose?.();
  }
  return out;
}

/** A transformers.js sequence classifier (e.g. Xenova/finbert) as a `SentimentClassifier`. */
export class HfSentimentModel implements SentimentClassifier {
  readonly labels: string[];
  readonly maxLength: number;
  constructor(
    readonly id: string,
    readonly tokenizer: PreTrainedTokenizer,
    readonly model: PreTrainedModel,
  ) {
    const id2label = (model.config as unknown as { id2label?: Record<string, string> }).id2label;
    require(
      id2label !== undefined && Object.keys(id2label).length >= 2,
      "HfSentimentModel",
      "model",
      "a config with id2label",
      "a config without id2label",
    );
    this.labels = Object.keys(id2label).sort((a, b) => Number(a) - Number(b)).map((k) =>
      id2label[k].toLowerCase()
    );
    this.maxLength = maxLengthOf(tokenizer, model);
  }

  /** Probabilities per label (in `labels` order) for each text. */
  async classify(texts: readonly string[], batchSize = 32): Promise<Float32Array[]> {
    checkTexts("HfSentimentModel.classify", texts, batchSize);
    return await runBatches(texts, batchSize, this.tokenizer, this.maxLength, async (enc) => {
      const out = await this.model(enc) as { logits: Tensor };
      const [b, k] = out.logits.dims;
      const data = out.logits.data as Float32Array;
      const rows = Array.from({ length: b }, (_, i) => data.subarray(i * k, (i + 1) * k));
      const probs = softmaxRows(rows);
      out.logits.dispose?.();
      return probs;
    });
  }
}

/** A transformers.js encoder (e.g. Xenova/all-MiniLM-L6-v2) with mean pooling + L2 norm. */
export class HfEncoder implements SentenceEncoder {
  readonly dim: number;
  readonly maxLength: number;
  constructor(
    readonly id: string,
    readonly tokenizer: PreTrainedTokenizer,
    readonly model: PreTrainedModel,
  ) {
    this.dim = (model.config as unknown as { hidden_size: number }).hidden_size;
    this.maxLength = maxLengthOf(tokenizer, model);
  }

  /** Unit-norm sentence vectors: mean of token vectors where attention_mask is 1. */
  async encode(texts: readonly string[], batchSize = 32): Promise<Float32Array[]> {
    checkTexts("HfEncoder.encode", texts, batchSize);
    return await runBatches(texts, batchSize, this.tokenizer, this.maxLength, async (enc) => {
      const out = await this.model(enc) as { last_hidden_state: Tensor };
      const h = out.last_hidden_state;
      const [b, s, d] = h.dims;
      const pooled = meanPool(h.data as Float32Array, enc.attention_mask.data as BigInt64Array, [
        b,
        s,
        d,
      ]);
      h.dispose?.();
      return pooled.map(l2Normalize);
    });
  }
}

/** Resolve and load a transformers.js sequence classifier. */
export async function loadHfSentiment(
  id: string,
  opts: HfResolveOptions = {},
): Promise<HfSentimentModel> {
  const loc = await resolveHfModel(id, opts);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModelForSequenceClassification.from_pretrained(id, { dtype: loc.dtype });
  return new HfSentimentModel(id, tokenizer, model);
}

/** Resolve and load a transformers.js encoder. */
export async function loadHfEncoder(id: string, opts: HfResolveOptions = {}): Promise<HfEncoder> {
  const loc = await resolveHfModel(id, opts);
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  const model = await AutoModel.from_pretrained(id, { dtype: loc.dtype });
  return new HfEncoder(id, tokenizer, model);
}
