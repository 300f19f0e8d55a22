/**
 * The course's own offline sentiment model: USE-lite embeddings + a softmax head trained on
 * Financial PhraseBank by `deno task train:sentiment` (weights in models/course-sentiment/).
 * It is always labelled "course-use-lite-head", never as FinBERT.
 */
import { coursePath } from "../config.ts";
import { CourseInputError, requireNumber } from "../errors.ts";
import {
  headProbabilities,
  sentimentHeadFromJson,
  type SentimentHeadWeights,
} from "./sentiment_head.ts";
import { loadUseLite, type UseLiteEncoder } from "./use_encoder.ts";
import type { SentimentClassifier } from "./types.ts";

/** The id every result of the course model carries. */
export const COURSE_SENTIMENT_ID = "course-use-lite-head";
/** Label order of the course model (the same as ProsusAI/finbert's). */
export const COURSE_SENTIMENT_LABELS = ["positive", "negative", "neutral"] as const;
/** The PhraseBank split the course model was trained on (the notebook evaluates on its test part). */
export const PB_SPLIT = { minAgreement: 75, testFraction: 0.2, seed: 42 } as const;

/** Path of the trained head (JSON with weights and provenance). */
export function courseSentimentPath(): string {
  return coursePath("models", "course-sentiment", "model.json");
}

/** USE-lite + trained head as a `SentimentClassifier`. */
export class CourseSentimentModel implements SentimentClassifier {
  readonly id = COURSE_SENTIMENT_ID;
  readonly labels: readonly string[];
  constructor(
    readonly encoder: UseLiteEncoder,
    readonly head: SentimentHeadWeights,
    readonly meta: Record<string, unknown>,
  ) {
    this.labels = head.labels;
  }

  /** Probabilities per label for each text. */
  async classify(texts: readonly string[], batchSize = 64): Promise<Float32Array[]> {
    requireNumber("CourseSentimentModel.classify", "batchSize", batchSize, {
      integer: true,
      positive: true,
    });
    return headProbabilities(this.head, await this.encoder.encode(texts, batchSize));
  }
}

/** Load the course sentiment model (no network); explains how to train it if it is missing. */
export async function loadCourseSentiment(
  path: string = courseSentimentPath(),
): Promise<CourseSentimentModel> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new Error(
      `loadCourseSentiment: no trained head at ${path}; create it with \`deno task train:sentiment\``,
    );
  }
  let parsed: ReturnType<typeof sentimentHeadFromJson>;
  try {
    parsed = sentimentHeadFromJson(text);
  } catch (e) {
    throw new CourseInputError(
      "loadCourseSentiment",
      "path",
      "a sentiment head written by `deno task train:sentiment` (rerun it to rewrite the file)",
      `${path}: ${(e as Error).message}`,
    );
  }
  const { head, meta } = parsed;
  return new CourseSentimentModel(await loadUseLite(), head, meta);
}
