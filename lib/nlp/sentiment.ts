/**
 * `sentiment(texts)`: FinBERT (Xenova/finbert) when its files can be found, else the course's
 * own model that is best on PhraseBank validation (the USE-lite head or the course BERT), with
 * the model that ran named on every result and the reason in its note; batched, optionally
 * cached to Parquet (keyed by text hash + model id), with progress for long lists.
 */
import { ensureBackend } from "../backend.ts";
import { require, requireNumber } from "../errors.ts";
import { escapeHtml } from "../report.ts";
import { cachedVectors, NlpCache } from "./cache.ts";
import { loadCourseSentiment } from "./course_sentiment.ts";
import { type HfResolveOptions, ModelUnavailableError } from "./hf_models.ts";
import { loadHfSentiment } from "./hf_pipeline.ts";
import { bestOfflineSentiment, COURSE_BERT_ID } from "./offline_choice.ts";
import { coursePath } from "../config.ts";
import { NLP_PROGRESS_MIN, nlpProgressPrinter, withProgress } from "./progress.ts";
import type { NlpProgress, SentimentClassifier } from "./types.ts";

/** The Hub id of FinBERT's ONNX port (labels 0 positive, 1 negative, 2 neutral). */
export const FINBERT_ID = "Xenova/finbert";

/** Options of `sentiment`. */
export interface SentimentOptions extends HfResolveOptions {
  /**
   * "auto" (FinBERT, else "offline"), "finbert", "offline" (the course model best on PhraseBank
   * validation), "course" (USE-lite head), "course-bert", a Hub id, or a classifier.
   */
  model?: "auto" | "finbert" | "offline" | "course" | "course-bert" | string | SentimentClassifier;
  batchSize?: number;
  /** A cache or the path of its Parquet file. */
  cache?: NlpCache | string;
  /** A callback, true/false; by default shown for lists of 256 texts or more. */
  progress?: NlpProgress | boolean;
}

/** Probabilities per label for each text, labelled with the model that produced them. */
export class SentimentResult {
  constructor(
    readonly model: string,
    readonly labels: readonly string[],
    readonly texts: readonly string[],
    readonly probs: readonly Float32Array[],
    /** Why a preferred model was not used (empty when it was). */
    readonly note: string = "",
  ) {}

  /** The most probable label per text. */
  get predicted(): string[] {
    return this.probs.map((p) => this.labels[p.indexOf(Math.max(...p))]);
  }

  /** P(positive) - P(negative) per text (a score in [-1, 1]). */
  get score(): number[] {
    const pos = this.labels.indexOf("positive");
    const neg = this.labels.indexOf("negative");
    return this.probs.map((p) => (pos >= 0 ? p[pos] : 0) - (neg >= 0 ? p[neg] : 0));
  }

  /** One record per text: text, label, score and each label's probability. */
  records(): Record<string, string | number>[] {
    const pred = this.predicted;
    const score = this.score;
    return this.texts.map((text, i) => ({
      text,
      label: pred[i],
      score: score[i],
      ...Object.fromEntries(this.labels.map((l, j) => [l, this.probs[i][j]])),
    }));
  }

  /** Jupyter display: a table headed by the model's name. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const head = `<tr><th>text</th><th>label</th>${
      this.labels.map((l) => `<th>P(${escapeHtml(l)})</th>`).join("")
    }</tr>`;
    const rows = this.records().slice(0, 50).map((r) =>
      `<tr><td style="text-align:left">${escapeHtml(String(r.text))}</td><td>${r.label}</td>${
        this.labels.map((l) => `<td>${(r[l] as number).toFixed(3)}</td>`).join("")
      }</tr>`
    ).join("");
    const note = this.note ? `<br><small>${escapeHtml(this.note)}</small>` : "";
    return {
      "text/html": `<b>model: ${escapeHtml(this.model)}</b>${note}<table>${head}${rows}</table>`,
      "text/plain": `model: ${this.model}\n` +
        this.records().map((r) => `${r.label.toString().padEnd(8)} ${r.text}`).join("\n"),
    };
  }
}

const loaded = new Map<string, { classifier: SentimentClassifier; note: string }>();

/** The course BERT (models/course-bert) through transformers.js, offline. */
function loadCourseBert(): Promise<SentimentClassifier> {
  return loadHfSentiment(COURSE_BERT_ID, { modelsDir: coursePath(), offline: true });
}

/** The course's offline model best on PhraseBank validation, and why it was chosen. */
async function loadBestOffline(): Promise<{ classifier: SentimentClassifier; reason: string }> {
  const { model, reason } = await bestOfflineSentiment();
  const classifier = model === "course-bert" ? await loadCourseBert() : await loadCourseSentiment();
  return { classifier, reason };
}

/** Load (once per process) the classifier `model` names; "auto" falls back to the best course model. */
export async function loadSentimentModel(
  opts: SentimentOptions = {},
): Promise<{ classifier: SentimentClassifier; note: string }> {
  await ensureBackend();
  const m = opts.model ?? "auto";
  if (typeof m !== "string") return { classifier: m, note: "" };
  const key = `${m}|${opts.offline ?? ""}|${opts.modelsDir ?? ""}`;
  const hit = loaded.get(key);
  if (hit) return hit;
  let classifier: SentimentClassifier;
  let note = "";
  if (m === "course") {
    classifier = await loadCourseSentiment();
  } else if (m === "course-bert") {
    classifier = await loadCourseBert();
  } else if (m === "offline") {
    ({ classifier, reason: note } = await loadBestOffline());
  } else {
    const id = m === "auto" || m === "finbert" ? FINBERT_ID : m;
    try {
      classifier = await loadHfSentiment(id, {
        ...opts,
        fallback: m === "auto" ? "the course's own model best on PhraseBank validation" : "none",
      });
    } catch (e) {
      // "auto" falls back on any unusable FinBERT (missing, damaged files, failing runtime).
      if (m !== "auto") throw e;
      const unusable = e instanceof ModelUnavailableError
        ? e.looked.find((l) => l.includes("unusable"))
        : (e as Error).message.split("\n")[0];
      const why = unusable ? `unusable: ${unusable}` : "not found";
      console.warn(e instanceof ModelUnavailableError ? e.message : `${FINBERT_ID} ${why}`);
      const best = await loadBestOffline();
      classifier = best.classifier;
      note = `${FINBERT_ID} unavailable (${why}); ran instead: ${best.reason}`;
    }
  }
  loaded.set(key, { classifier, note });
  return { classifier, note };
}

/** Score texts for financial sentiment (probabilities per label) with the model that is there. */
export async function sentiment(
  texts: readonly string[],
  opts: SentimentOptions = {},
): Promise<SentimentResult> {
  require(Array.isArray(texts), "sentiment", "texts", "an array of strings", texts);
  texts.forEach((t, i) =>
    require(typeof t === "string", "sentiment", `texts[${i}]`, "a string", t)
  );
  const batchSize = requireNumber("sentiment", "batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const { classifier, note } = await loadSentimentModel(opts);
  const cache = typeof opts.cache === "string" ? NlpCache.open(opts.cache) : opts.cache;
  const progress = typeof opts.progress === "function"
    ? opts.progress
    : (opts.progress ?? texts.length >= NLP_PROGRESS_MIN)
    ? nlpProgressPrinter(`sentiment (${classifier.id})`)
    : undefined;
  const probs = await cachedVectors(
    cache,
    classifier.id,
    texts,
    (missing) =>
      withProgress(
        missing,
        batchSize * 4,
        progress,
        (part) => classifier.classify(part, batchSize),
      ),
  );
  return new SentimentResult(classifier.id, classifier.labels, texts, probs, note);
}
