/**
 * `sentiment(texts)`: FinBERT (Xenova/finbert) when its files can be found, else the course's
 * own USE-lite head, with the model that ran named on every result; batched, optionally
 * cached to Parquet (keyed by text hash + model id), with progress for long lists.
 */
import { ensureBackend } from "../backend.ts";
import { require, requireNumber } from "../errors.ts";
import { escapeHtml } from "../report.ts";
import { cachedVectors, NlpCache } from "./cache.ts";
import { loadCourseSentiment } from "./course_sentiment.ts";
import { type HfResolveOptions, ModelUnavailableError } from "./hf_models.ts";
import { loadHfSentiment } from "./hf_pipeline.ts";
import { NLP_PROGRESS_MIN, nlpProgressPrinter, withProgress } from "./progress.ts";
import type { NlpProgress, SentimentClassifier } from "./types.ts";

/** The Hub id of FinBERT's ONNX port (labels 0 positive, 1 negative, 2 neutral). */
export const FINBERT_ID = "Xenova/finbert";

/** Options of `sentiment`. */
export interface SentimentOptions extends HfResolveOptions {
  /** "auto" (FinBERT, else the course model), "finbert", "course", a Hub id, or a classifier. */
  model?: "auto" | "finbert" | "course" | string | SentimentClassifier;
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

const loaded = new Map<string, SentimentClassifier>();

/** Load (once per process) the classifier `model` names; "auto" falls back to the course model. */
export async function loadSentimentModel(
  opts: SentimentOptions = {},
): Promise<{ classifier: SentimentClassifier; note: string }> {
  await ensureBackend();
  const m = opts.model ?? "auto";
  if (typeof m !== "string") return { classifier: m, note: "" };
  const key = `${m}|${opts.offline ?? ""}|${opts.modelsDir ?? ""}`;
  const hit = loaded.get(key);
  if (hit) return { classifier: hit, note: "" };
  let classifier: SentimentClassifier;
  let note = "";
  if (m === "course") {
    classifier = await loadCourseSentiment();
  } else {
    const id = m === "auto" || m === "finbert" ? FINBERT_ID : m;
    try {
      classifier = await loadHfSentiment(id, {
        ...opts,
        fallback: m === "auto" ? "course-use-lite-head (the course's own model)" : "none",
      });
    } catch (e) {
      // "auto" falls back on any unusable FinBERT (missing, damaged files, failing runtime).
      if (m !== "auto") throw e;
      const unusable = e instanceof ModelUnavailableError
        ? e.looked.find((l) => l.includes("unusable"))
        : (e as Error).message.split("\n")[0];
      const why = unusable ? `unusable: ${unusable}` : "not found";
      console.warn(e instanceof ModelUnavailableError ? e.message : `${FINBERT_ID} ${why}`);
      note = `${FINBERT_ID} unavailable (${why}); the course model ran instead`;
      classifier = await loadCourseSentiment();
    }
  }
  loaded.set(key, classifier);
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
