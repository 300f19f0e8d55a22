/**
 * The shared shapes of lib/nlp: every encoder and classifier names the model that produced
 * its numbers, so a result is never shown under another model's name.
 */

/** A sentence encoder: texts in, one L2-normalised vector per text out. */
export interface SentenceEncoder {
  /** Model id shown with every result (e.g. "Xenova/all-MiniLM-L6-v2", "use-lite"). */
  readonly id: string;
  /** Embedding width. */
  readonly dim: number;
  /** Encode texts in batches of `batchSize`; vectors have unit L2 norm. */
  encode(texts: readonly string[], batchSize: number): Promise<Float32Array[]>;
}

/** A sentiment classifier: texts in, one probability row per text (in `labels` order) out. */
export interface SentimentClassifier {
  /** Model id shown with every result (e.g. "Xenova/finbert", "course-use-lite-head"). */
  readonly id: string;
  /** Label names by class index, read from the model's config. */
  readonly labels: readonly string[];
  /** Classify texts in batches of `batchSize`; each row sums to 1. */
  classify(texts: readonly string[], batchSize: number): Promise<Float32Array[]>;
}

/** Callback for progress on long lists: `done` of `total` texts processed. */
export type NlpProgress = (done: number, total: number) => void;
