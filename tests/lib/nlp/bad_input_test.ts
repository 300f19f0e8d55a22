/**
 * Bad model files (issue #19): model.json or encoder.json that is not JSON, truncated weight
 * shards, a broken FinBERT folder and a broken course head all fail with a message naming the
 * file (no leaked tensors); `sentiment({model: "auto"})` falls back on any unusable FinBERT
 * folder and says why; the Hub is probed once per session and a download announces its size.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { env } from "@huggingface/transformers";
import { initBackend } from "../../../lib/backend.ts";
import { CourseInputError } from "../../../lib/errors.ts";
import { loadEncoder, saveEncoder } from "../../../lib/jepa/io.ts";
import { initJepaEncoder } from "../../../lib/jepa/model.ts";
import { loadCourseSentiment } from "../../../lib/nlp/course_sentiment.ts";
import {
  downloadNotice,
  ModelUnavailableError,
  probeHub,
  resetHubProbe,
  resolveHfModel,
} from "../../../lib/nlp/hf_models.ts";
import { graphModelFromDir, loadUseLite } from "../../../lib/nlp/use_encoder.ts";
import { sentiment } from "../../../lib/nlp/sentiment.ts";
import { bestOfflineSentiment } from "../../../lib/nlp/offline_choice.ts";
import { headProbabilities } from "../../../lib/nlp/sentiment_head.ts";
import { mostSimilar } from "../../../lib/nlp/pooling.ts";

await initBackend();

const MANIFEST = [{
  paths: ["group1-shard1of1.bin"],
  weights: [{ name: "w", shape: [2, 2], dtype: "float32" }],
}];

async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bad_model_" });
  for (const [name, body] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${name}`.replace(/\/[^/]+$/, ""), { recursive: true });
    if (typeof body === "string") await Deno.writeTextFile(`${dir}/${name}`, body);
    else await Deno.writeFile(`${dir}/${name}`, body);
  }
  return dir;
}

const named = (pattern: RegExp) => (e: unknown) =>
  e instanceof CourseInputError && pattern.test(e.message);

Deno.test("graph model.json that is not JSON, or shards shorter than the manifest, are named", async () => {
  const notJson = await folder({ "model.json": '{"modelTopology": {' });
  await assert.rejects(
    () => graphModelFromDir(notJson).load!(),
    named(/model\.json: not valid JSON/),
  );
  const model = JSON.stringify({ modelTopology: { node: [] }, weightsManifest: MANIFEST });
  const truncated = await folder({
    "model.json": model,
    "group1-shard1of1.bin": new Uint8Array(10),
  });
  await assert.rejects(
    () => graphModelFromDir(truncated).load!(),
    named(/weight shards group1-shard1of1\.bin of 16 bytes .*received 10 bytes in .*truncated/),
  );
  const missing = await folder({ "model.json": model });
  await assert.rejects(
    () => graphModelFromDir(missing).load!(),
    named(/group1-shard1of1\.bin missing/),
  );
  const full = await folder({ "model.json": model, "group1-shard1of1.bin": new Uint8Array(16) });
  const art = await graphModelFromDir(full).load!();
  assert.equal((art.weightData as ArrayBuffer).byteLength, 16);
  const vocab = await folder({ "model.json": model, "vocab.json": '[["a", 0.1]' });
  await assert.rejects(() => loadUseLite(vocab), named(/vocab\.json: not valid JSON/));
});

Deno.test("loadEncoder: corrupt encoder.json or truncated weights.bin named, nothing leaked", async () => {
  const enc = initJepaEncoder({
    kind: "gru",
    inputDim: 2,
    hidden: 3,
    layers: 1,
    bidirectional: false,
    dModel: 4,
  }, 1);
  const dir = await Deno.makeTempDir({ prefix: "bad_encoder_" });
  await saveEncoder(enc, dir);
  Object.values(enc.params).forEach((v) => v.dispose());
  const bytes = await Deno.readFile(`${dir}/weights.bin`);
  const before = tf.memory().numTensors;
  await Deno.writeFile(`${dir}/weights.bin`, bytes.slice(0, bytes.length - 8));
  await assert.rejects(
    () => loadEncoder(dir),
    named(
      new RegExp(
        `'weights.bin' expected ${bytes.length} bytes .*received ${bytes.length - 8} bytes`,
      ),
    ),
  );
  await Deno.writeFile(`${dir}/weights.bin`, bytes);
  const json = await Deno.readTextFile(`${dir}/encoder.json`);
  await Deno.writeTextFile(`${dir}/encoder.json`, json.slice(0, 40));
  await assert.rejects(() => loadEncoder(dir), named(/encoder\.json: not valid JSON/));
  assert.equal(tf.memory().numTensors, before);
  await Deno.writeTextFile(`${dir}/encoder.json`, json);
  const ok = await loadEncoder(dir);
  Object.values(ok.params).forEach((v) => v.dispose());
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("a broken course sentiment head names its file and how to rebuild it", async () => {
  const dir = await folder({ "head.json": '{"labels": ["a"' });
  await assert.rejects(
    () => loadCourseSentiment(`${dir}/head.json`),
    named(/loadCourseSentiment: argument 'path' expected .*train:sentiment.*head\.json: /),
  );
});

Deno.test("an unusable FinBERT folder is skipped with its reason; auto falls back and says why", async () => {
  const broken = await folder({
    "Xenova/finbert/config.json": "{ not json",
    "Xenova/finbert/tokenizer.json": "{}",
    "Xenova/finbert/onnx/model.onnx": new Uint8Array(8),
  });
  const err = await resolveHfModel("Xenova/finbert", {
    offline: true,
    modelsDir: broken,
    cacheDir: broken,
  })
    .catch((e) => e);
  assert.ok(err instanceof ModelUnavailableError);
  assert.match(err.message, /finbert\/config\.json is not valid JSON/);
  const warn = console.warn;
  console.warn = () => {};
  try {
    const r = await sentiment(["profits beat forecasts"], {
      offline: true,
      modelsDir: broken,
      cacheDir: broken,
      progress: false,
    });
    const best = await bestOfflineSentiment();
    assert.equal(r.model, best.id);
    assert.match(
      r.note,
      /unusable: .*config\.json is not valid JSON.*ran instead: .*best on PhraseBank validation/,
    );
    // Files that parse but do not load (an 8-byte ONNX) also fall back, with the loader's reason.
    const bad = await folder({
      "Xenova/finbert/config.json": "{}",
      "Xenova/finbert/tokenizer.json": "{}",
      "Xenova/finbert/onnx/model.onnx": new Uint8Array(8),
    });
    const r2 = await sentiment(["profits beat forecasts"], {
      offline: true,
      modelsDir: bad,
      cacheDir: bad,
      progress: false,
    });
    assert.equal(r2.model, best.id);
    assert.match(r2.note, /Xenova\/finbert unavailable \(unusable: .+\)/);
  } finally {
    console.warn = warn;
  }
});

Deno.test("the Hub probe runs once per session; a download announces its size", async () => {
  const host = env.remoteHost;
  let calls = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
    calls++;
    assert.match(new URL(req.url).pathname, /^\/api\/models\/Xenova\/finbert$/);
    return Response.json({
      siblings: [
        { rfilename: "config.json", size: 1_000 },
        { rfilename: "tokenizer.json", size: 700_000 },
        { rfilename: "onnx/model.onnx", size: 438_000_000 },
        { rfilename: "onnx/model_quantized.onnx", size: 110_000_000 },
      ],
    });
  });
  try {
    resetHubProbe();
    env.remoteHost = `http://127.0.0.1:${server.addr.port}/`;
    const a = await probeHub("Xenova/finbert", 2000);
    const b = await probeHub("Xenova/finbert", 2000);
    assert.deepEqual(a, { ok: true, bytes: 438_701_000, reason: "" });
    assert.deepEqual(b, a);
    assert.equal(calls, 1);
    assert.match(
      downloadNotice("Xenova/finbert", a.bytes, "/cache/"),
      /about 439 MB\) into \/cache\/; set COURSE_OFFLINE=1 to refuse/,
    );
    // An unreachable Hub is remembered: the next id does not wait again.
    resetHubProbe();
    env.remoteHost = "http://127.0.0.1:9/";
    const first = await probeHub("Xenova/finbert", 800);
    assert.match(first.reason, /unreachable within 800 ms/);
    const t0 = performance.now();
    const second = await probeHub("Xenova/all-MiniLM-L6-v2", 800);
    assert.ok(performance.now() - t0 < 50);
    assert.match(second.reason, /unreachable earlier in this session/);
  } finally {
    env.remoteHost = host;
    resetHubProbe();
    await server.shutdown();
  }
});

Deno.test("a NaN embedding is named by the function the student called, not an inner one", () => {
  const head = { labels: ["a", "b"], dim: 2, w: new Float32Array(4), b: new Float32Array(2) };
  assert.throws(
    () => headProbabilities(head, [new Float32Array([0, 1]), new Float32Array([NaN, 1])]),
    named(/^headProbabilities: argument 'vectors\[1\]' expected finite numbers, received NaN/),
  );
  assert.throws(
    () => mostSimilar([1, 2], [[1, 2], [Infinity, 0]]),
    named(/^mostSimilar: argument 'corpus\[1\]' expected finite numbers, received Infinity/),
  );
});
