/**
 * The course BERT (tfjs) exported to the transformers.js layout: onnxruntime (through
 * transformers.js's AutoModel classes, and through the course's own resolver + loaders with
 * COURSE_OFFLINE-style offline loading from a local models folder) returns what the tfjs
 * forward pass returns, to 1e-4; damaged folders fail naming the file; nothing leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  AutoModel,
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
} from "@huggingface/transformers";
import { initBackend } from "../../../../lib/backend.ts";
import { CourseInputError } from "../../../../lib/errors.ts";
import { Rng } from "../../../../lib/random.ts";
import { disposeParams } from "../../../../lib/nn/params.ts";
import { type BertModel, initBert } from "../../../../lib/nlp/bert/model.ts";
import { bertClassify, bertEncode } from "../../../../lib/nlp/bert/forward.ts";
import {
  bertOnnxWeights,
  exportBert,
  exportSentenceBert,
} from "../../../../lib/nlp/onnx/export.ts";
import { loadSentenceEncoder } from "../../../../lib/nlp/embed.ts";
import { bertOnnx } from "../../../../lib/nlp/onnx/bert_graph.ts";
import {
  readWordPieceVocab,
  wordPieceTokenizerFiles,
} from "../../../../lib/nlp/onnx/tokenizer_files.ts";
import { loadSentimentModel } from "../../../../lib/nlp/sentiment.ts";
import { loadHfEncoder } from "../../../../lib/nlp/hf_pipeline.ts";
import { ModelUnavailableError } from "../../../../lib/nlp/hf_models.ts";
import { l2Normalize, meanPool, softmaxRows } from "../../../../lib/nlp/pooling.ts";
import { builtBertVocab, SHARED_MINILM_DIR } from "../tiny_bert/vocab_files.ts";

await initBackend();

// The real 30522-token BERT-uncased vocabulary when ../shared has it (the exported folder is
// then exactly what a real course BERT ships), else the small test vocabulary.
const vocab = await readWordPieceVocab(`${SHARED_MINILM_DIR}/tokenizer.json`).catch(() =>
  builtBertVocab()
);
const LABELS = { 0: "positive", 1: "negative", 2: "neutral" };
const texts = [
  "profits beat forecasts",
  "the company said net sales rose sharply this quarter",
  "shares fell",
];

/** A seeded BERT whose every weight (LayerNorms and biases too) is non-trivial. */
function seededBert(): BertModel {
  const model = initBert({
    vocabSize: vocab.length,
    hidden: 32,
    layers: 2,
    heads: 4,
    ffn: 64,
    maxPos: 32,
    numLabels: 3,
  }, new Rng(7));
  const noise = new Rng(100);
  for (const [k, v] of Object.entries(model.params)) {
    if (k === "emb/word") continue;
    v.assign(
      tf.tidy(() => tf.add(v, tf.randomNormal(v.shape, 0, 0.2, "float32", noise.seedInt()))),
    );
  }
  return model;
}

const root = new URL("../../../fixtures/generated/bert_export_test", import.meta.url).pathname;
await Deno.remove(root, { recursive: true }).catch(() => {});
const model = seededBert();
const before = tf.memory().numTensors;
await exportBert(model, `${root}/course-test/bert-base`, { kind: "BertModel", vocab });
await exportBert(model, `${root}/course-test/bert-cls`, {
  kind: "BertForSequenceClassification",
  id2label: LABELS,
  vocab,
});
const leakedByExport = tf.memory().numTensors - before;

/** tfjs hidden states and logits for transformers.js's own tokenisation of `texts`. */
async function tfjsOutputs(ids: number[], mask: number[], b: number, n: number) {
  const t0 = tf.memory().numTensors;
  const idsT = tf.tensor2d(ids, [b, n], "int32");
  const maskT = tf.tensor2d(mask, [b, n]);
  const h = bertEncode(model, idsT, maskT);
  const logits = bertClassify(model, h);
  const out = { hidden: await h.data(), logits: await logits.data() };
  tf.dispose([idsT, maskT, h, logits]);
  return { ...out, leaked: tf.memory().numTensors - t0 };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, keep?: (i: number) => boolean) {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (!keep || keep(i)) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test("exported course BERT: transformers.js AutoModel/AutoModelForSequenceClassification equal tfjs to 1e-4", async () => {
  assert.equal(leakedByExport, 0, "exportBert leaks no tensors");
  env.allowRemoteModels = false;
  env.localModelPath = `${root}/`;
  const tok = await AutoTokenizer.from_pretrained("course-test/bert-cls");
  const enc = await tok(texts, { padding: true, truncation: true });
  const [b, n] = enc.input_ids.dims as number[];
  const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
  const mask = Array.from(enc.attention_mask.data as BigInt64Array, Number);
  assert.ok(mask.includes(0), "the batch is padded, so the mask is exercised");
  assert.ok(!ids.includes(100), "every word is in the vocabulary (no [UNK])");
  const ours = await tfjsOutputs(ids, mask, b, n);
  assert.equal(ours.leaked, 0, "the tfjs forward pass leaks no tensors");
  const base = await AutoModel.from_pretrained("course-test/bert-base", { dtype: "fp32" });
  const cls = await AutoModelForSequenceClassification.from_pretrained("course-test/bert-cls", {
    dtype: "fp32",
  });
  const hidden = (await base(enc)).last_hidden_state;
  const logits = (await cls(enc)).logits;
  assert.deepEqual(hidden.dims, [b, n, 32]);
  assert.deepEqual(logits.dims, [b, 3]);
  const dh = maxAbsDiff(hidden.data, ours.hidden, (i) => mask[Math.floor(i / 32)] === 1);
  const dl = maxAbsDiff(logits.data, ours.logits);
  console.log(`max |tfjs − onnx|: hidden ${dh.toExponential(2)}, logits ${dl.toExponential(2)}`);
  assert.ok(dh < 1e-4, `last_hidden_state differs by ${dh}`);
  assert.ok(dl < 1e-4, `logits differ by ${dl}`);
  // the outputs are not degenerate: logits differ between texts by far more than the tolerance
  assert.ok(Math.abs(ours.logits[0] - ours.logits[3]) > 1e-2);
  await base.dispose();
  await cls.dispose();
});

Deno.test("exported course BERT through the course loaders (offline, local models dir) equals tfjs", async () => {
  const { classifier } = await loadSentimentModel({
    model: "course-test/bert-cls",
    modelsDir: root,
    offline: true,
  });
  assert.deepEqual(classifier.labels, ["positive", "negative", "neutral"]);
  const probs = await classifier.classify(texts, 8);
  // the encoder through the environment instead: COURSE_OFFLINE=1 and COURSE_MODELS_DIR
  const saved = ["COURSE_OFFLINE", "COURSE_MODELS_DIR"].map((k) => [k, Deno.env.get(k)] as const);
  Deno.env.set("COURSE_OFFLINE", "1");
  Deno.env.set("COURSE_MODELS_DIR", root);
  const encoder = await loadHfEncoder("course-test/bert-base").finally(() => {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  });
  const vecs = await encoder.encode(texts);
  const tok = encoder.tokenizer;
  const enc = await tok(texts, { padding: true, truncation: true });
  const [b, n] = enc.input_ids.dims as number[];
  const mask = Array.from(enc.attention_mask.data as BigInt64Array, Number);
  const ours = await tfjsOutputs(
    Array.from(enc.input_ids.data as BigInt64Array, Number),
    mask,
    b,
    n,
  );
  const rows = Array.from({ length: b }, (_, i) => ours.logits.subarray(i * 3, (i + 1) * 3));
  const want = softmaxRows(rows);
  const pooled = meanPool(ours.hidden, enc.attention_mask.data as BigInt64Array, [b, n, 32])
    .map(l2Normalize);
  let dp = 0, de = 0;
  for (let i = 0; i < b; i++) {
    dp = Math.max(dp, maxAbsDiff(probs[i], want[i]));
    de = Math.max(de, maxAbsDiff(vecs[i], pooled[i]));
  }
  console.log(
    `course loaders vs tfjs: probabilities ${dp.toExponential(2)}, embeddings ${
      de.toExponential(2)
    }`,
  );
  assert.ok(dp < 1e-4, `probabilities differ by ${dp}`);
  assert.ok(de < 1e-4, `embeddings differ by ${de}`);
  await encoder.model.dispose();
});

Deno.test("exportSentenceBert: the sentence-transformers layout (mean pooling) loads as an encoder equal to the BertModel export", async () => {
  const dir = `${root}/course-test/bert-st`;
  await exportSentenceBert(model, dir, vocab);
  const modules = JSON.parse(await Deno.readTextFile(`${dir}/modules.json`));
  assert.deepEqual(modules.map((m: { type: string }) => m.type), [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
  ]);
  const pooling = JSON.parse(await Deno.readTextFile(`${dir}/1_Pooling/config.json`));
  assert.equal(pooling.pooling_mode_mean_tokens, true);
  assert.equal(pooling.pooling_mode_cls_token, false);
  assert.equal(pooling.word_embedding_dimension, 32);
  const { encoder } = await loadSentenceEncoder({
    model: "course-test/bert-st",
    modelsDir: root,
    offline: true,
  });
  const base = await loadHfEncoder("course-test/bert-base", { modelsDir: root, offline: true });
  const [a, b] = [await encoder.encode(texts, 8), await base.encode(texts)];
  assert.equal(encoder.dim, 32);
  for (let i = 0; i < texts.length; i++) assert.ok(maxAbsDiff(a[i], b[i]) < 1e-6);
  await base.model.dispose();
});

async function damagedCopy(name: string, damage: (dir: string) => Promise<void>) {
  const dir = `${root}/broken/${name}`;
  await Deno.mkdir(`${dir}/onnx`, { recursive: true });
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"]) {
    await Deno.copyFile(`${root}/course-test/bert-cls/${f}`, `${dir}/${f}`);
  }
  await damage(dir);
  return dir;
}

Deno.test("a truncated model.onnx and a config.json that is not JSON fail naming the file", async () => {
  const truncated = await damagedCopy("truncated", async (dir) => {
    const bytes = await Deno.readFile(`${dir}/onnx/model.onnx`);
    await Deno.writeFile(`${dir}/onnx/model.onnx`, bytes.subarray(0, bytes.length >> 1));
  });
  const notJson = await damagedCopy("notjson", async (dir) => {
    await Deno.writeTextFile(`${dir}/config.json`, '{"model_type": "bert",');
  });
  for (
    const [id, file, why] of [
      ["broken/truncated", `${truncated}/onnx/model.onnx`, "truncated"],
      ["broken/notjson", `${notJson}/config.json`, "not valid JSON"],
    ]
  ) {
    await assert.rejects(
      () => loadSentimentModel({ model: id, modelsDir: root, offline: true }),
      (e: Error) => {
        assert.ok(e instanceof ModelUnavailableError, e.message);
        assert.ok(e.message.includes(`${file} is ${why}`), e.message);
        return true;
      },
    );
  }
});

Deno.test("readWordPieceVocab: a tokenizer.json that is not JSON, or not WordPiece, is named", async () => {
  const bad = `${root}/broken/tokenizer_not_json.json`;
  await Deno.writeTextFile(bad, "{ not json");
  await assert.rejects(
    () => readWordPieceVocab(bad),
    (e: Error) => e instanceof CourseInputError && e.message.includes(`${bad}: not valid JSON`),
  );
  const bpe = `${root}/broken/tokenizer_bpe.json`;
  await Deno.writeTextFile(bpe, JSON.stringify({ model: { type: "BPE", vocab: { a: 0 } } }));
  await assert.rejects(
    () => readWordPieceVocab(bpe),
    (e: Error) => e instanceof CourseInputError && e.message.includes(`${bpe} without a WordPiece`),
  );
});

Deno.test("exportBert rejects a vocabulary of the wrong size, an unknown kind and missing labels", async () => {
  const dir = `${root}/never`;
  await assert.rejects(
    () => exportBert(model, dir, { kind: "BertModel", vocab: vocab.slice(1) }),
    (e: Error) => e instanceof CourseInputError && /opts\.vocab.*30522|opts\.vocab/.test(e.message),
  );
  await assert.rejects(
    () => exportBert(model, dir, { kind: "GPT" as "BertModel", vocab }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("opts.kind"),
  );
  await assert.rejects(
    () =>
      exportBert(model, dir, {
        kind: "BertForSequenceClassification",
        id2label: { 0: "a" },
        vocab,
      }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("labels 0..2"),
  );
  await assert.rejects(() => Deno.stat(dir), Deno.errors.NotFound);
});

Deno.test("bertOnnx names a weight array of the wrong length; tokenizer files need the specials", async () => {
  const w = await bertOnnxWeights(model);
  w.layers[1].w1 = w.layers[1].w1.subarray(1);
  assert.throws(
    () => bertOnnx(w, "BertModel"),
    (e: Error) =>
      e instanceof CourseInputError && e.message.includes("w.layers[1].w1") &&
      e.message.includes(`length ${32 * 64}`),
  );
  assert.throws(
    () => wordPieceTokenizerFiles(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a"], 16),
    (e: Error) => e instanceof CourseInputError && e.message.includes("[MASK]"),
  );
});

Deno.test("export test: free the model (last)", () => {
  const n = tf.memory().numTensors;
  const count = Object.keys(model.params).length;
  disposeParams(model.params);
  assert.equal(tf.memory().numTensors, n - count);
});
