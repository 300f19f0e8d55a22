/**
 * The real FinBERT and MiniLM, only where their files are present (COURSE_MODELS_DIR or the
 * transformers.js cache; never downloaded by a test). Skipped tests say why.
 */
import assert from "node:assert/strict";
import { resolveHfModel } from "../../../lib/nlp/hf_models.ts";
import { loadHfEncoder, loadHfSentiment } from "../../../lib/nlp/hf_pipeline.ts";
import { cosineSimilarity } from "../../../lib/nlp/pooling.ts";
import { FINBERT_ID } from "../../../lib/nlp/sentiment.ts";
import { MINILM_ID } from "../../../lib/nlp/embed.ts";

async function present(id: string): Promise<boolean> {
  const ok = await resolveHfModel(id, { offline: true }).then(() => true, () => false);
  if (!ok) {
    console.log(`skipped: ${id} weights not present (COURSE_MODELS_DIR or transformers.js cache)`);
  }
  return ok;
}

const finbert = await present(FINBERT_ID);
const minilm = await present(MINILM_ID);

Deno.test({
  name: "FinBERT (real weights): labels positive/negative/neutral from config; obvious cases",
  ignore: !finbert,
  fn: async () => {
    const m = await loadHfSentiment(FINBERT_ID, { offline: true });
    assert.deepEqual(m.labels, ["positive", "negative", "neutral"]);
    const p = await m.classify([
      "Profits rose sharply and beat forecasts.",
      "The company swung to a heavy loss.",
    ], 2);
    assert.equal(p[0].indexOf(Math.max(...p[0])), 0);
    assert.equal(p[1].indexOf(Math.max(...p[1])), 1);
  },
});

Deno.test({
  name: "all-MiniLM-L6-v2 (real weights): 384-d unit vectors, paraphrase closer than unrelated",
  ignore: !minilm,
  fn: async () => {
    const e = await loadHfEncoder(MINILM_ID, { offline: true });
    const v = await e.encode([
      "profits beat forecasts",
      "earnings exceeded expectations",
      "the cat sat on the mat",
    ], 3);
    assert.equal(v[0].length, 384);
    assert.ok(Math.abs(Math.hypot(...v[0]) - 1) < 1e-4);
    assert.ok(cosineSimilarity(v[0], v[1]) > cosineSimilarity(v[0], v[2]));
  },
});
