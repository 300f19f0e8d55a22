/**
 * `embed(texts)`: sentence embeddings from all-MiniLM-L6-v2 (transformers.js, mean pooling +
 * L2 norm) when its files can be found, else the offline Universal Sentence Encoder lite —
 * the same interface and unit-norm vectors either way, labelled with the model that ran.
 */
import { ensureBackend } from "../backend.ts";
import { require, requireNumber } from "../errors.ts";
import { cachedVectors, NlpCache } from "./cache.ts";
import { type HfResolveOptions, ModelUnavailableError } from "./hf_models.ts";
import { loadHfEncoder } from "./hf_pipeline.ts";
import { NLP_PROGRESS_MIN, nlpProgressPrinter, withProgress } from "./progress.ts";
import { loadUseLite, USE_LITE_ID } from "./use_encoder.ts";
import type { NlpProgress, SentenceEncoder } from "./types.ts";

/** The Hub id of the sentence-transformers MiniLM encoder's ONNX port. */
export const MINILM_ID = "Xenova/all-MiniLM-L6-v2";

/** Options of `embed`. */
export interface EmbedOptions extends HfResolveOptions {
  /** "auto" (MiniLM, else USE-lite), "minilm", "use-lite", a Hub id, or an encoder. */
  model?: "auto" | "minilm" | "use-lite" | string | SentenceEncoder;
  batchSize?: number;
  cache?: NlpCache | string;
  progress?: NlpProgress | boolean;
}

/** Unit-norm vectors, one per text, labelled with the encoder that produced them. */
export interface EmbeddingResult {
  model: string;
  dim: number;
  vectors: Float32Array[];
  /** Why a preferred model was not used (empty when it was). */
  note: string;
}

const loaded = new Map<string, SentenceEncoder>();

/** Load (once per process) the encoder `model` names; "auto" falls back to USE-lite. */
export async function loadSentenceEncoder(
  opts: EmbedOptions = {},
): Promise<{ encoder: SentenceEncoder; note: string }> {
  await ensureBackend();
  const m = opts.model ?? "auto";
  if (typeof m !== "string") return { encoder: m, note: "" };
  const key = `${m}|${opts.offline ?? ""}|${opts.modelsDir ?? ""}`;
  const hit = loaded.get(key);
  if (hit) return { encoder: hit, note: "" };
  let encoder: SentenceEncoder;
  let note = "";
  if (m === "use-lite") {
    encoder = await loadUseLite();
  } else {
    const id = m === "auto" || m === "minilm" ? MINILM_ID : m;
    try {
      encoder = await loadHfEncoder(id, {
        ...opts,
        fallback: m === "auto" ? USE_LITE_ID : "none",
      });
    } catch (e) {
      if (m !== "auto" || !(e instanceof ModelUnavailableError)) throw e;
      console.warn(e.message);
      note = `${MINILM_ID} unavailable; ${USE_LITE_ID} ran instead`;
      encoder = await loadUseLite();
    }
  }
  loaded.set(key, encoder);
  return { encoder, note };
}

/** Embed texts into unit-norm vectors with the encoder that is there. */
export async function embed(
  texts: readonly string[],
  opts: EmbedOptions = {},
): Promise<EmbeddingResult> {
  require(Array.isArray(texts), "embed", "texts", "an array of strings", texts);
  texts.forEach((t, i) => require(typeof t === "string", "embed", `texts[${i}]`, "a string", t));
  const batchSize = requireNumber("embed", "batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const { encoder, note } = await loadSentenceEncoder(opts);
  const cache = typeof opts.cache === "string" ? NlpCache.open(opts.cache) : opts.cache;
  const progress = typeof opts.progress === "function"
    ? opts.progress
    : (opts.progress ?? texts.length >= NLP_PROGRESS_MIN)
    ? nlpProgressPrinter(`embed (${encoder.id})`)
    : undefined;
  const vectors = await cachedVectors(
    cache,
    encoder.id,
    texts,
    (missing) =>
      withProgress(missing, batchSize * 4, progress, (part) => encoder.encode(part, batchSize)),
  );
  return { model: encoder.id, dim: encoder.dim, vectors, note };
}
