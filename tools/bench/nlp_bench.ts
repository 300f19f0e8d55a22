/**
 * Sentences per second for sentiment and embeddings at batch 1 and 64, for every model
 * present: the offline USE-lite encoder and course head always; FinBERT and MiniLM when their
 * files are found (offline lookup, no download). Timings on a shared CPU are noisy.
 */
import type { Benchmark, BenchResult } from "./types.ts";
import { loadUseLite } from "../../lib/nlp/use_encoder.ts";
import { loadCourseSentiment } from "../../lib/nlp/course_sentiment.ts";
import { loadHfEncoder, loadHfSentiment } from "../../lib/nlp/hf_pipeline.ts";
import { resolveHfModel } from "../../lib/nlp/hf_models.ts";
import { FINBERT_ID } from "../../lib/nlp/sentiment.ts";
import { MINILM_ID } from "../../lib/nlp/embed.ts";

const HEADLINES = Array.from({ length: 64 }, (_, i) =>
  [
    `Company ${i} reports quarterly profit up ${i % 17}% as sales rise in Europe`,
    `Shares of firm ${i} fall after it cuts its full-year outlook`,
    `Board of group ${i} approves dividend of EUR 0.${i % 9 + 1} per share`,
    `Operating loss widened to EUR ${i + 2} million in the third quarter`,
  ][i % 4]);

type Run = (texts: string[], batch: number) => Promise<unknown>;

async function measure(run: Run, batch: number): Promise<BenchResult> {
  await run(HEADLINES.slice(0, 4), Math.min(batch, 4)); // warm-up
  const t0 = performance.now();
  await run(HEADLINES, batch);
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    reference: null,
    referenceSeconds: null,
    note: `64 headlines, batch ${batch}: ${(64 / seconds).toFixed(1)} sentences/s`,
  };
}

async function present(id: string): Promise<boolean> {
  return await resolveHfModel(id, { offline: true }).then(() => true, () => false);
}

function cases(name: string, load: () => Promise<Run>): Benchmark[] {
  let run: Run | null = null;
  return [1, 64].map((batch) => ({
    name: `nlp ${name} batch ${batch}`,
    run: async () => measure(run ??= await load(), batch),
  }));
}

const models: Benchmark[] = [
  ...cases("embed use-lite", async () => {
    const e = await loadUseLite();
    return (t, b) => e.encode(t, b);
  }),
  ...cases("sentiment course-use-lite-head", async () => {
    const m = await loadCourseSentiment();
    return (t, b) => m.classify(t, b);
  }),
];
if (await present(MINILM_ID)) {
  models.push(...cases("embed all-MiniLM-L6-v2", async () => {
    const e = await loadHfEncoder(MINILM_ID, { offline: true });
    return (t, b) => e.encode(t, b);
  }));
}
if (await present(FINBERT_ID)) {
  models.push(...cases("sentiment finbert", async () => {
    const m = await loadHfSentiment(FINBERT_ID, { offline: true });
    return (t, b) => m.classify(t, b);
  }));
}

/** The NLP benchmarks of `deno task bench`. */
export const benchmarks: Benchmark[] = models;
