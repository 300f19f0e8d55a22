/**
 * The lecture's "predict raw sentences" step for the course's own text models: tokenize with
 * the training vocabulary, pad/truncate like training, run the model in batches and return,
 * per sentence, the label, the class probabilities and the tokens the model actually saw.
 *
 * Clear behaviour at the edges:
 * - unknown words become <UNK> and are listed in `unknown` (tokens shown as "<UNK:word>");
 * - an empty sentence (no tokens) still gets a prediction (from <START> alone) and
 *   `empty: true`, so a caller can drop or flag it;
 * - a sentence longer than `maxLen` ids is cut like training (`truncating`, default "pre":
 *   the end is kept) and gets `truncated: true`; `seen` holds only the kept tokens.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { padSequences, START_ID, UNK_ID, UNK_TOKEN, type Vocabulary } from "./vocab.ts";

/** The prediction for one sentence. */
export interface SentimentPrediction {
  text: string;
  label: string;
  /** Class probabilities by label. */
  probabilities: Record<string, number>;
  /** Tokens the model saw, after truncation; unknown words as "<UNK:word>". */
  seen: string[];
  /** Words outside the vocabulary. */
  unknown: string[];
  /** True when the sentence had no tokens. */
  empty: boolean;
  /** True when the sentence was cut to `maxLen`. */
  truncated: boolean;
}

/** Options of `predictSentiment`. */
export interface PredictSentimentOptions {
  /** Class names in the order of the model's outputs. */
  labels: readonly string[];
  /** Padded length used in training. */
  maxLen: number;
  /** Sentences per forward pass (default 64). */
  batchSize?: number;
  /** Padding/truncation used in training (defaults "pre"/"pre"). */
  padding?: "pre" | "post";
  truncating?: "pre" | "post";
}

/**
 * Predict labels for raw sentences with a text model trained on `vocab`-encoded ids
 * (asynchronous: probabilities are read with `await data()`, so it runs on every backend).
 */
export async function predictSentiment(
  model: tf.LayersModel,
  vocab: Vocabulary,
  sentences: readonly string[],
  options: PredictSentimentOptions,
): Promise<SentimentPrediction[]> {
  const fn = "predictSentiment";
  require(
    model !== null && typeof (model as tf.LayersModel)?.predict === "function",
    fn,
    "model",
    "a tf.LayersModel",
    model,
  );
  require(typeof vocab?.encode === "function", fn, "vocab", "a Vocabulary", vocab);
  require(Array.isArray(sentences), fn, "sentences", "an array of strings", sentences);
  sentences.forEach((s, i) => require(typeof s === "string", fn, `sentences[${i}]`, "a string", s));
  require(
    options !== null && typeof options === "object" && Array.isArray(options.labels) &&
      options.labels.length >= 2,
    fn,
    "options.labels",
    "an array of at least 2 class names",
    options?.labels,
  );
  const maxLen = requireNumber(fn, "options.maxLen", options.maxLen, {
    integer: true,
    positive: true,
  });
  const batchSize = requireNumber(fn, "options.batchSize", options.batchSize ?? 64, {
    integer: true,
    positive: true,
  });
  const inLen = model.inputs[0].shape[1];
  require(
    inLen === null || inLen === undefined || inLen === maxLen,
    fn,
    "options.maxLen",
    `${inLen} (the model's input length)`,
    maxLen,
  );
  const labels = options.labels;
  const outShape = model.outputs[0].shape;
  require(
    outShape[outShape.length - 1] === labels.length,
    fn,
    "options.labels",
    `${outShape[outShape.length - 1]} names (the model's output width)`,
    `${labels.length} names`,
  );
  const truncating = options.truncating ?? "pre";
  const results: SentimentPrediction[] = [];
  for (let start = 0; start < sentences.length; start += batchSize) {
    const chunk = sentences.slice(start, start + batchSize);
    const encoded = chunk.map((s) => {
      const tokens = vocab.tokenize(s);
      const ids = [START_ID, ...tokens.map((t) => vocab.idOf(t))];
      const words = [null, ...tokens];
      const cut = ids.length > maxLen;
      const keep = (a: unknown[]) =>
        !cut ? a : truncating === "pre" ? a.slice(a.length - maxLen) : a.slice(0, maxLen);
      return {
        ids: keep(ids) as number[],
        words: keep(words) as (string | null)[],
        tokens,
        cut,
      };
    });
    const x = padSequences(encoded.map((e) => e.ids), {
      maxLen,
      padding: options.padding,
      truncating,
    });
    const probsT = tf.tidy(() => {
      const input = tf.tensor2d(x, [chunk.length, maxLen], "int32");
      return model.predict(input) as tf.Tensor;
    });
    const probs = await probsT.data();
    probsT.dispose();
    encoded.forEach((e, r) => {
      const row = Array.from(probs.subarray(r * labels.length, (r + 1) * labels.length));
      const best = row.indexOf(Math.max(...row));
      const seen = e.words.flatMap((w, j) =>
        w === null ? [] : e.ids[j] === UNK_ID ? [`${UNK_TOKEN.slice(0, -1)}:${w}>`] : [w]
      );
      results.push({
        text: chunk[r],
        label: labels[best],
        probabilities: Object.fromEntries(labels.map((l, k) => [l, row[k]])),
        seen,
        unknown: e.tokens.filter((t) => !vocab.has(t)),
        empty: e.tokens.length === 0,
        truncated: e.cut,
      });
    });
  }
  return results;
}
