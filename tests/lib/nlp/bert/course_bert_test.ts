/**
 * The shipped course BERT (models/course-bert/, written by `deno task train:finbert`): its
 * SHA256SUMS matches every file; it is at most 25 MB; its subset tokenizer (transformers.js)
 * round-trips ordinary sentences without [UNK]; and the course loader (transformers.js,
 * offline, local models dir) reproduces the PhraseBank test accuracy recorded in metrics.json;
 * the sentence embedder beside it (models/course-bert-embed/) loads as feature extraction.
 */
import assert from "node:assert/strict";
import { AutoTokenizer, env } from "@huggingface/transformers";
import { coursePath } from "../../../../lib/config.ts";
import { loadSentimentModel } from "../../../../lib/nlp/sentiment.ts";
import { embed } from "../../../../lib/nlp/embed.ts";
import { phraseBankTexts, stratifiedSplitIndices } from "../../../../lib/nlp/phrasebank.ts";
import { PB_SPLIT } from "../../../../lib/nlp/course_sentiment.ts";
import { folderBytes, folderFiles, sha256File } from "../../../../tools/finbert/card.ts";

const ROOT = coursePath();
const DIR = coursePath("models", "course-bert");
const metrics = JSON.parse(await Deno.readTextFile(`${DIR}/metrics.json`));

Deno.test("course-bert: SHA256SUMS lists every file with its sha256; the folder is <= 25 MB", async () => {
  const lines = (await Deno.readTextFile(`${DIR}/SHA256SUMS`)).trim().split("\n");
  const listed = lines.map((l) => l.split("  ")[1]);
  assert.deepEqual(listed, await folderFiles(DIR));
  for (const f of ["config.json", "tokenizer.json", "onnx/model.onnx", "MODEL_CARD.md"]) {
    assert.ok(listed.includes(f), `${f} is listed`);
  }
  for (const l of lines) {
    const [hex, f] = l.split("  ");
    assert.equal(await sha256File(`${DIR}/${f}`), hex, `sha256 of ${f}`);
  }
  const bytes = await folderBytes(DIR);
  assert.ok(bytes <= 25e6, `${bytes} bytes`);
});

Deno.test("course-bert tokenizer: sentences decode back to their lowercase words, no [UNK]", async () => {
  env.allowRemoteModels = false;
  env.localModelPath = `${ROOT}/`;
  const tok = await AutoTokenizer.from_pretrained("models/course-bert");
  const cfg = JSON.parse(await Deno.readTextFile(`${DIR}/config.json`));
  assert.equal(cfg.vocab_size, metrics.vocabulary.size);
  assert.ok(cfg.vocab_size < 30522, "a subset of BERT uncased");
  const vocab = JSON.parse(await Deno.readTextFile(`${DIR}/tokenizer.json`)).model.vocab;
  const unk = vocab["[UNK]"];
  assert.equal(typeof unk, "number");
  for (
    const s of [
      "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn",
      "Zyxwvut quibbled over the xylophone's invoices",
      "$AAPL shares fell after the earnings call",
    ]
  ) {
    const ids = tok.encode(s) as number[];
    assert.ok(!ids.includes(unk), `no [UNK] in ${s}`);
    const back = tok.decode(ids, { skip_special_tokens: true });
    const words = (x: string) => x.toLowerCase().replace(/\s+/g, "");
    assert.equal(words(back), words(s), s);
  }
});

Deno.test("course-bert through the course loader reproduces metrics.json's PhraseBank test accuracy, >= 0.80", async () => {
  const pb = phraseBankTexts(PB_SPLIT.minAgreement);
  const test = stratifiedSplitIndices(pb.labels, PB_SPLIT.testFraction, PB_SPLIT.seed).test;
  const { classifier } = await loadSentimentModel({
    model: "models/course-bert",
    modelsDir: ROOT,
    offline: true,
  });
  assert.deepEqual([...classifier.labels], ["positive", "negative", "neutral"]);
  const probs = await classifier.classify(test.map((i) => pb.texts[i]), 64);
  const hits =
    probs.filter((p, k) => classifier.labels[p.indexOf(Math.max(...p))] === pb.labels[test[k]])
      .length;
  const acc = hits / test.length;
  assert.equal(test.length, metrics.split.nTest);
  assert.ok(Math.abs(acc - metrics.pb_acc_course_bert) < 1e-9, `${acc} vs metrics.json`);
  assert.ok(acc > metrics.pb_majority_baseline, "better than the majority class");
  // the target for the shipped model, measured here through transformers.js
  assert.ok(acc >= 0.8, `PhraseBank test accuracy ${acc} below the 0.80 target`);
});

const EMBED_DIR = coursePath("models", "course-bert-embed");

Deno.test("course-bert-embed: sentence-transformers layout (mean pooling), hashed, both folders <= 25 MB", async () => {
  const modules = JSON.parse(await Deno.readTextFile(`${EMBED_DIR}/modules.json`));
  assert.deepEqual(modules.map((m: { path: string }) => m.path), ["", "1_Pooling"]);
  const pooling = JSON.parse(await Deno.readTextFile(`${EMBED_DIR}/1_Pooling/config.json`));
  assert.equal(pooling.pooling_mode_mean_tokens, true);
  assert.equal(pooling.word_embedding_dimension, metrics.model.hidden);
  const cfg = JSON.parse(await Deno.readTextFile(`${EMBED_DIR}/config.json`));
  assert.deepEqual(cfg.architectures, ["BertModel"]);
  for (const l of (await Deno.readTextFile(`${EMBED_DIR}/SHA256SUMS`)).trim().split("\n")) {
    const [hex, f] = l.split("  ");
    assert.equal(await sha256File(`${EMBED_DIR}/${f}`), hex, `sha256 of ${f}`);
  }
  const bytes = (await folderBytes(DIR)) + (await folderBytes(EMBED_DIR));
  assert.ok(bytes <= 25e6, `${bytes} bytes in both folders`);
});

Deno.test("course-bert-embed through the course loader: unit vectors; a paraphrase is nearer than an unrelated sentence", async () => {
  const r = await embed([
    "profits rose sharply and beat forecasts",
    "strong quarterly earnings, exceeding expectations",
    "the company will hold its annual general meeting in helsinki",
  ], { model: "models/course-bert-embed", modelsDir: ROOT, offline: true, progress: false });
  assert.equal(r.model, "models/course-bert-embed");
  assert.equal(r.dim, metrics.embedder.dim);
  for (const v of r.vectors) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
  const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  const near = cos(r.vectors[0], r.vectors[1]), far = cos(r.vectors[0], r.vectors[2]);
  assert.ok(near > far, `paraphrase ${near} vs unrelated ${far}`);
});
