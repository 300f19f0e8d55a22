/**
 * `deno task train:finbert`: FinBERT's recipe in miniature, seeded. (1) Cut an 8192-token
 * subset of BERT-uncased WordPiece from the financial text; (2) pre-train a small BERT with
 * masked-language modelling on tweets + PhraseBank's training part (never its test part);
 * (3) fine-tune it for three-way sentiment on PhraseBank's training part (validation for early
 * stopping), and the same network from random weights, over seeds; (4) export the best
 * pre-trained run (by validation accuracy) to models/course-bert/ (transformers.js layout)
 * with metrics.json, MODEL_CARD.md and SHA256SUMS, and measure it through transformers.js.
 * FINBERT_SMOKE=1 runs a few steps into out/finbert-smoke/ (to check the script, not a model).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../lib/backend.ts";
import { coursePath } from "../lib/config.ts";
import { Rng } from "../lib/random.ts";
import { disposeParams, param } from "../lib/nn/params.ts";
import { train } from "../lib/train/loop.ts";
import { warmupCosine } from "../lib/train/schedules.ts";
import type { BertConfig } from "../lib/nlp/bert/config.ts";
import { type BertModel, bertParamCount, initBert } from "../lib/nlp/bert/model.ts";
import { mlmAccuracy, mlmLossModel } from "../lib/nlp/bert/mlm.ts";
import { wordPieceSpecialIds } from "../lib/nlp/bert/vocab_subset.ts";
import { exportBert } from "../lib/nlp/onnx/export.ts";
import { COURSE_SENTIMENT_LABELS, PB_SPLIT } from "../lib/nlp/course_sentiment.ts";
import {
  buildSubsetTokenizer,
  encodeRow,
  encodeSentence,
  mlmSentences,
  packRows,
  phraseBankSplit,
} from "./finbert/corpus.ts";
import { fillInTheBlanks, finetune, type FinetuneRun, tfjsVsTransformers } from "./finbert/runs.ts";
import { folderBytes, sha256List } from "./finbert/card.ts";
import { modelCard } from "./finbert/model_card.ts";

const SMOKE = Deno.env.get("FINBERT_SMOKE") === "1";
const SETTINGS = {
  vocabSize: 8192,
  maxLen: 64,
  model: { hidden: 128, layers: 2, heads: 2, ffn: 512 },
  pretrain: {
    steps: SMOKE ? 4 : 700,
    batchSize: 32,
    peakLr: 1e-3,
    warmup: SMOKE ? 1 : 50,
    clipNorm: 1,
  },
  heldOutSentences: 1500,
  finetune: {
    maxEpochs: SMOKE ? 1 : 3,
    patience: 1,
    batchSize: 32,
    peakLr: 3e-4,
    warmupFraction: 0.1,
    stepsCap: SMOKE ? 3 : 0,
  },
  seeds: SMOKE ? [1] : [1, 2, 3],
  seed: 2024,
};
/** The folder is found as the Hub id "models/course-bert" under the repository root. */
const MODELS_DIR = SMOKE ? coursePath("out") : coursePath();
const ID = SMOKE ? "finbert-smoke/course-bert" : "models/course-bert";
const DIR = `${MODELS_DIR}/${ID}`;
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

await initBackend();
const tStart = performance.now();
const seconds = (t0: number) => round((performance.now() - t0) / 1000, 1);

// 1. data and vocabulary
const pb = phraseBankSplit();
const sources = mlmSentences(pb.trainAll.texts);
const allSentences = [...sources.stocknet, ...sources.twitterNewsTrain, ...sources.phraseBankTrain];
const tokDir = coursePath("out", SMOKE ? "finbert-smoke" : "finbert", "tokenizer");
const { vocab, tokenizer, fullSize } = await buildSubsetTokenizer(
  allSentences,
  SETTINGS.vocabSize,
  tokDir,
  SETTINGS.maxLen,
);
const sp = wordPieceSpecialIds(vocab);
const sentenceIds = allSentences.map((t) => encodeSentence(tokenizer, t));
const unk = sentenceIds.flat().filter((id) => id === sp.unk).length;
const dataRng = new Rng(SETTINGS.seed);
const order = dataRng.shuffle(sentenceIds.map((_, i) => i));
const heldOutIdx = order.slice(0, SETTINGS.heldOutSentences).filter(
  (i) => i < sources.stocknet.length,
);
const heldOutSet = new Set(heldOutIdx);
const trainRows = packRows(
  sentenceIds.filter((_, i) => !heldOutSet.has(i)),
  SETTINGS.maxLen,
  sp,
  dataRng,
);
const heldOutRows = packRows(heldOutIdx.map((i) => sentenceIds[i]), SETTINGS.maxLen, sp, dataRng);
const tokens = trainRows.flat().filter((id) => id !== sp.pad).length;
console.log(
  `corpus: ${allSentences.length} sentences -> ${trainRows.length} packed rows (${tokens} tokens), ` +
    `held out ${heldOutRows.length} rows of StockNet tweets; [UNK] ${unk}`,
);

// 2. MLM pre-training
const config: BertConfig = {
  vocabSize: vocab.length,
  ...SETTINGS.model,
  maxPos: SETTINGS.maxLen,
  numLabels: 0,
};
const pre = initBert(config, new Rng(SETTINGS.seed + 1));
const mlmEval = { vocabSize: vocab.length, specials: sp, batchSize: 64 };
const blanks = [
  "shares of the company [MASK] after the earnings report.",
  "the bank reported a net [MASK] of eur 5 million.",
  "$aapl is going [MASK] today",
  "operating profit rose to eur 13.1 mn from eur 8.7 mn in the corresponding [MASK] in 2007.",
];
const blanksBefore = await fillInTheBlanks(pre, tokenizer, blanks, vocab);
const accBefore = await mlmAccuracy(pre, heldOutRows, { ...mlmEval, rng: new Rng(99) });
const P = SETTINGS.pretrain;
const tPre = performance.now();
const epochs = SMOKE ? 1 : 10;
const hist = await train(
  mlmLossModel(pre, trainRows, { batchSize: P.batchSize, specials: sp }),
  null,
  {
    epochs,
    stepsPerEpoch: P.steps / epochs,
    optimizer: "adam",
    lr: warmupCosine(P.peakLr, P.warmup, P.steps, { floor: P.peakLr / 100 }),
    clipNorm: P.clipNorm,
    seed: SETTINGS.seed + 2,
  },
);
const preSeconds = seconds(tPre);
const accAfter = await mlmAccuracy(pre, heldOutRows, { ...mlmEval, rng: new Rng(99) });
const blanksAfter = await fillInTheBlanks(pre, tokenizer, blanks, vocab);
console.log(
  `MLM: ${hist.steps} steps in ${preSeconds} s; held-out masked-token accuracy ` +
    `${accBefore.accuracy.toFixed(4)} -> ${accAfter.accuracy.toFixed(4)} (n=${accAfter.count})`,
);
for (let i = 0; i < blanks.length; i++) {
  console.log(
    `  ${blanks[i]}  before: ${blanksBefore[i].join(", ")}  after: ${blanksAfter[i].join(", ")}`,
  );
}

// 3. fine-tuning, from the pre-trained weights and from random weights
const rowsOf = (texts: string[]) => texts.map((t) => encodeRow(tokenizer, t, SETTINGS.maxLen));
const data = {
  train: { rows: rowsOf(pb.train.texts), labels: pb.train.labels },
  validation: { rows: rowsOf(pb.validation.texts), labels: pb.validation.labels },
  test: { rows: rowsOf(pb.test.texts), labels: pb.test.labels },
};
const runs: { pretrained: FinetuneRun[]; random: FinetuneRun[] } = { pretrained: [], random: [] };
let best: { run: FinetuneRun; model: BertModel } | null = null;
for (const init of ["pretrained", "random"] as const) {
  for (const seed of SETTINGS.seeds) {
    const model = initBert({ ...config, numLabels: 3 }, new Rng(1000 + seed));
    if (init === "pretrained") {
      for (const [k, v] of Object.entries(pre.params)) param(model.params, k).assign(v);
    }
    const run = await finetune(model, data, { ...SETTINGS.finetune, seed, padId: sp.pad, init });
    console.log(
      `fine-tune ${init} seed ${seed}: ${run.epochs} epochs (best ${run.bestEpoch}) in ` +
        `${run.seconds} s; validation ${run.valAccuracy.toFixed(4)}, test ${
          run.testAccuracy.toFixed(4)
        }`,
    );
    runs[init].push(run);
    if (init === "pretrained" && (!best || run.valAccuracy > best.run.valAccuracy)) {
      if (best) disposeParams(best.model.params);
      best = { run, model };
    } else disposeParams(model.params);
  }
}
disposeParams(pre.params);

// 4. export the best pre-trained run and measure it through transformers.js
const id2label = Object.fromEntries(COURSE_SENTIMENT_LABELS.map((l, i) => [i, l]));
await Deno.remove(DIR, { recursive: true }).catch(() => {});
await exportBert(best!.model, DIR, { kind: "BertForSequenceClassification", id2label, vocab });
const served = await tfjsVsTransformers(
  best!.model,
  ID,
  MODELS_DIR,
  pb.test.texts,
  data.test,
  sp.pad,
);
disposeParams(best!.model.params);
const testAcc = (rs: FinetuneRun[]) => rs.map((r) => r.testAccuracy);
const metrics = {
  id: "course-bert",
  folder: "models/course-bert",
  pb_acc_course_bert: served.accuracy,
  pb_acc_course_bert_tfjs: best!.run.testAccuracy,
  pb_acc_course_bert_pretrained_mean: round(mean(testAcc(runs.pretrained))),
  pb_acc_course_bert_seed_sd: round(sd(testAcc(runs.pretrained))),
  pb_acc_course_bert_no_pretrain: round(mean(testAcc(runs.random))),
  pb_acc_course_bert_no_pretrain_seed_sd: round(sd(testAcc(runs.random))),
  pb_majority_baseline: round(
    Math.max(...[0, 1, 2].map((c) => pb.test.labels.filter((l) => l === c).length)) /
      pb.test.labels.length,
  ),
  mlm_acc_before: round(accBefore.accuracy),
  mlm_acc_after: round(accAfter.accuracy),
  mlm_eval_masked_tokens: accAfter.count,
  max_abs_diff_probs_tfjs_vs_transformers_js: served.maxAbsDiff,
  shipped: { init: "pretrained", seed: best!.run.seed, selectedBy: "validation accuracy" },
  runs,
  pretraining: {
    steps: hist.steps,
    seconds: preSeconds,
    loss_per_epoch: hist.loss.map((x) => round(x)),
    sentences: {
      stocknet_tweets: sources.stocknet.length,
      twitter_financial_news_train: sources.twitterNewsTrain.length,
      phrasebank_train_part: sources.phraseBankTrain.length,
    },
    packed_rows: trainRows.length,
    tokens,
    held_out_rows: heldOutRows.length,
    unk_tokens: unk,
    fill_in_the_blanks: blanks.map((b, i) => ({
      text: b,
      before: blanksBefore[i],
      after: blanksAfter[i],
    })),
  },
  split: {
    ...PB_SPLIT,
    validation: "stratified 20% of the training part (seed 7)",
    nTrain: pb.train.texts.length,
    nValidation: pb.validation.texts.length,
    nTest: pb.test.texts.length,
  },
  vocabulary: { size: vocab.length, from: `BERT uncased (${fullSize} tokens)` },
  model: { ...config, numLabels: 3, params: 0 },
  settings: SETTINGS,
  total_seconds: 0,
  folder_bytes: 0,
};
const probe = initBert({ ...config, numLabels: 3 }, new Rng(0));
metrics.model.params = bertParamCount(probe);
disposeParams(probe.params);
metrics.total_seconds = seconds(tStart);
await Deno.writeTextFile(`${DIR}/MODEL_CARD.md`, modelCard(metrics));
await Deno.writeTextFile(`${DIR}/metrics.json`, JSON.stringify(metrics, null, 2) + "\n");
metrics.folder_bytes = await folderBytes(DIR);
await Deno.writeTextFile(`${DIR}/metrics.json`, JSON.stringify(metrics, null, 2) + "\n");
await Deno.writeTextFile(`${DIR}/SHA256SUMS`, await sha256List(DIR));
console.log(
  `shipped ${DIR} (${(metrics.folder_bytes / 1e6).toFixed(2)} MB): PhraseBank test accuracy ` +
    `${served.accuracy} through transformers.js (tfjs ${best!.run.testAccuracy}); ` +
    `pre-trained ${metrics.pb_acc_course_bert_pretrained_mean} ± ${metrics.pb_acc_course_bert_seed_sd}, ` +
    `no pre-training ${metrics.pb_acc_course_bert_no_pretrain} ± ${metrics.pb_acc_course_bert_no_pretrain_seed_sd}; ` +
    `max |Δp| ${
      served.maxAbsDiff.toExponential(2)
    }; ${metrics.total_seconds} s; tensors ${tf.memory().numTensors}`,
);
