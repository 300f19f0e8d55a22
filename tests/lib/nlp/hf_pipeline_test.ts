/**
 * The real transformers.js path on the generated tiny BERT: loading from a local folder
 * without any network call, label mapping from config.id2label, batching (padding does not
 * change results), truncation at the model's max length, mean pooling + unit norm, the
 * missing-model message, the short Hub probe, and the offline fallback of sentiment().
 */
import assert from "node:assert/strict";
import { env } from "@huggingface/transformers";
import { ModelUnavailableError, resolveHfModel } from "../../../lib/nlp/hf_models.ts";
import { loadHfEncoder, loadHfSentiment } from "../../../lib/nlp/hf_pipeline.ts";
import { l2Normalize, meanPool, softmaxRows } from "../../../lib/nlp/pooling.ts";
import { sentiment } from "../../../lib/nlp/sentiment.ts";
import { bestOfflineSentiment } from "../../../lib/nlp/offline_choice.ts";
import { tinyBertFixture } from "./tiny_bert/fixture.ts";
import { tinyBertForward } from "./tiny_bert/weights.ts";
import { initBackend } from "../../../lib/backend.ts";

await initBackend();

const MAXPOS = 16;
const fx = await tinyBertFixture(
  "hf_pipeline_test",
  { 0: "Bearish", 1: "Neutral", 2: "Bullish" },
  MAXPOS,
);
const texts = [
  "profits beat forecasts",
  "net sales fell",
  "the company said its operating profit rose to eur 12 million from eur 9 million a year earlier",
  "ok",
  "shares of the bank dropped after the quarterly report",
];

/** Run `f` with fetch replaced by a spy that counts calls and refuses them. */
async function noNetwork<T>(f: () => Promise<T>): Promise<{ result: T; calls: number }> {
  let calls = 0;
  const spy = (() => {
    calls++;
    return Promise.reject(new Error("network used in an offline test"));
  }) as typeof fetch;
  const [g, e] = [globalThis.fetch, env.fetch];
  globalThis.fetch = spy;
  env.fetch = spy;
  try {
    return { result: await f(), calls };
  } finally {
    globalThis.fetch = g;
    env.fetch = e;
  }
}

async function oracleIds(model: Awaited<ReturnType<typeof loadHfSentiment>>, text: string) {
  const enc = await model.tokenizer([text], { truncation: true, max_length: model.maxLength });
  return Array.from(enc.input_ids.data as BigInt64Array, Number);
}

Deno.test("sentiment model loads from COURSE_MODELS_DIR offline, without one network call", async () => {
  const { result: loc, calls } = await noNetwork(() =>
    resolveHfModel(fx.clsId, { offline: true, modelsDir: fx.modelsDir })
  );
  assert.equal(loc.source, "local");
  assert.equal(loc.dtype, "fp32");
  const { result: model, calls: calls2 } = await noNetwork(() =>
    loadHfSentiment(fx.clsId, { offline: true, modelsDir: fx.modelsDir })
  );
  assert.equal(calls + calls2, 0);
  assert.deepEqual(
    model.labels,
    ["bearish", "neutral", "bullish"],
    "labels in config id2label order",
  );
  assert.equal(model.maxLength, MAXPOS);
});

Deno.test("sentiment probabilities = softmax(oracle logits), same at batch 1 and batch 5", async () => {
  const model = await loadHfSentiment(fx.clsId, { offline: true, modelsDir: fx.modelsDir });
  const b5 = await model.classify(texts, 5);
  const b1 = await model.classify(texts, 1);
  for (let i = 0; i < texts.length; i++) {
    const ids = await oracleIds(model, texts[i]);
    const want = softmaxRows([tinyBertForward(fx.weights, ids, ids.map(() => 1)).logits])[0];
    for (let j = 0; j < 3; j++) {
      assert.ok(
        Math.abs(b5[i][j] - want[j]) < 1e-4,
        `text ${i} label ${j}: ${b5[i][j]} vs ${want[j]}`,
      );
      assert.ok(Math.abs(b1[i][j] - b5[i][j]) < 1e-5, "padding in a batch changes nothing");
    }
    assert.ok(Math.abs(b5[i].reduce((s, p) => s + p, 0) - 1) < 1e-5);
  }
});

Deno.test("long texts are truncated at the model's max length (16 positions here)", async () => {
  const model = await loadHfSentiment(fx.clsId, { offline: true, modelsDir: fx.modelsDir });
  const long = Array.from({ length: 60 }, (_, i) => `profit ${i}`).join(" ");
  const ids = await oracleIds(model, long);
  assert.equal(ids.length, MAXPOS);
  const [p] = await model.classify([long], 1); // would fail in Gather beyond 16 positions
  const want = softmaxRows([tinyBertForward(fx.weights, ids, ids.map(() => 1)).logits])[0];
  want.forEach((w, j) => assert.ok(Math.abs(p[j] - w) < 1e-4));
});

Deno.test("embeddings = L2-normalised mean of oracle token vectors; norms are 1", async () => {
  const enc = await loadHfEncoder(fx.baseId, { offline: true, modelsDir: fx.modelsDir });
  assert.equal(enc.dim, 32);
  const vecs = await enc.encode(texts, 2);
  for (let i = 0; i < texts.length; i++) {
    const t = await enc.tokenizer([texts[i]], { truncation: true, max_length: enc.maxLength });
    const ids = Array.from(t.input_ids.data as BigInt64Array, Number);
    const h = tinyBertForward(fx.weights, ids, ids.map(() => 1)).hidden;
    const want = l2Normalize(meanPool(h.flat(), ids.map(() => 1), [1, ids.length, 32])[0]);
    const norm = Math.hypot(...vecs[i]);
    assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
    want.forEach((w, d) => assert.ok(Math.abs(vecs[i][d] - w) < 1e-4, `text ${i} dim ${d}`));
  }
});

Deno.test("a missing model gives one message: which, where, how to get it, what instead", async () => {
  const empty = await Deno.makeTempDir();
  const { calls } = await noNetwork(async () => {
    const err = await resolveHfModel("Xenova/finbert", {
      offline: true,
      modelsDir: empty,
      cacheDir: `${empty}/cache`,
      fallback: "course-use-lite-head",
    }).catch((e) => e);
    assert.ok(err instanceof ModelUnavailableError);
    assert.match(err.message, /Model Xenova\/finbert is not available/);
    assert.ok(err.message.includes(`${empty}/Xenova/finbert (COURSE_MODELS_DIR)`));
    assert.ok(err.message.includes(`${empty}/cache/Xenova/finbert (transformers.js cache)`));
    assert.match(err.message, /skipped: offline mode/);
    assert.match(err.message, /deno eval .*pipeline\('feature-extraction', 'Xenova\/finbert'/);
    assert.match(err.message, /using instead: course-use-lite-head/);
  });
  assert.equal(calls, 0);
  await Deno.remove(empty, { recursive: true });
});

Deno.test("online mode probes the Hub with a short timeout and reports it unreachable", async () => {
  const empty = await Deno.makeTempDir();
  const host = env.remoteHost;
  env.remoteHost = "http://127.0.0.1:9/"; // discard port: refused at once
  const t0 = performance.now();
  const err = await resolveHfModel("Xenova/finbert", {
    offline: false,
    modelsDir: empty,
    cacheDir: empty,
    timeoutMs: 800,
  }).catch((e) => e);
  env.remoteHost = host;
  assert.ok(performance.now() - t0 < 3000, "no hanging network call");
  assert.ok(err instanceof ModelUnavailableError);
  assert.match(err.message, /unreachable within 800 ms/);
  await Deno.remove(empty, { recursive: true });
});

Deno.test("sentiment(auto) offline without FinBERT runs the course model and says so", async () => {
  const empty = await Deno.makeTempDir();
  const { result: r, calls } = await noNetwork(() =>
    sentiment(["profits beat forecasts"], {
      offline: true,
      modelsDir: empty,
      cacheDir: empty,
      progress: false,
    })
  );
  assert.equal(calls, 0);
  assert.equal(r.model, (await bestOfflineSentiment()).id);
  assert.match(r.note, /Xenova\/finbert unavailable .*best on PhraseBank validation/);
  assert.deepEqual(r.labels, ["positive", "negative", "neutral"]);
  await Deno.remove(empty, { recursive: true });
});

Deno.test("sentiment() with a local Hub-style model id uses it and labels results with it", async () => {
  const r = await sentiment(texts.slice(0, 2), {
    model: fx.clsId,
    offline: true,
    modelsDir: fx.modelsDir,
    progress: false,
  });
  assert.equal(r.model, fx.clsId);
  assert.deepEqual(r.labels, ["bearish", "neutral", "bullish"]);
  assert.equal(r.note, "");
  assert.equal(r.predicted.length, 2);
});
