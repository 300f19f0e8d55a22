/**
 * The steps of `deno task train:finbert` that touch a model: a fine-tuning run (early stopping
 * on validation accuracy, best epoch's weights restored), fill-in-the-blank predictions of the
 * MLM head, and the shipped folder measured through transformers.js (the course loader) beside
 * the tfjs model it was exported from.
 */
import * as tf from "@tensorflow/tfjs";
import type { PreTrainedTokenizer } from "@huggingface/transformers";
import { collectVariables } from "../../lib/nn/params.ts";
import { train } from "../../lib/train/loop.ts";
import { warmupCosine } from "../../lib/train/schedules.ts";
import type { BertModel } from "../../lib/nlp/bert/model.ts";
import { bertEncode, bertMlmLogits } from "../../lib/nlp/bert/forward.ts";
import { bertLogits, classifierLossModel } from "../../lib/nlp/bert/finetune.ts";
import { loadSentimentModel } from "../../lib/nlp/sentiment.ts";
import { loadSentenceEncoder } from "../../lib/nlp/embed.ts";
import { padBatch } from "../../lib/nlp/bert/finetune.ts";
import { bertMeanPool, type DistillData } from "../../lib/nlp/bert/distill.ts";
import { spearmanCorrelation } from "../../lib/data/stats.ts";
import { softmaxRows } from "../../lib/nlp/pooling.ts";
import { COURSE_SENTIMENT_LABELS } from "../../lib/nlp/course_sentiment.ts";

/** Rows of token ids and their class indices. */
export interface Labelled {
  rows: number[][];
  labels: number[];
}

/** What one fine-tuning run did. */
export interface FinetuneRun {
  init: "pretrained" | "mlm-only" | "random";
  seed: number;
  epochs: number;
  bestEpoch: number;
  steps: number;
  seconds: number;
  valAccuracyPerEpoch: number[];
  valAccuracy: number;
  testAccuracy: number;
}

const argmax = (r: number[]) => r.indexOf(Math.max(...r));

/** Accuracy of the model's argmax on labelled rows. */
export async function accuracy(model: BertModel, d: Labelled, padId: number): Promise<number> {
  const logits = await bertLogits(model, d.rows, { padId, batchSize: 64 });
  return logits.filter((r, i) => argmax(r) === d.labels[i]).length / d.labels.length;
}

/** Fine-tune `model` on data.train; keep the epoch best on data.validation; score data.test. */
export async function finetune(
  model: BertModel,
  data: { train: Labelled; validation: Labelled; test: Labelled },
  o: {
    maxEpochs: number;
    patience: number;
    batchSize: number;
    peakLr: number;
    warmupFraction: number;
    stepsCap: number;
    seed: number;
    padId: number;
    init: "pretrained" | "mlm-only" | "random";
  },
): Promise<FinetuneRun> {
  const t0 = performance.now();
  const steps = o.stepsCap || Math.ceil(data.train.rows.length / o.batchSize);
  const total = steps * o.maxEpochs;
  const hook = classifierLossModel(model, data.train.rows, data.train.labels, o);
  const vars = collectVariables(hook.variables);
  const val: number[] = [];
  let best: tf.Tensor[] | null = null;
  let bestEpoch = -1;
  const hist = await train(hook, null, {
    epochs: o.maxEpochs,
    stepsPerEpoch: steps,
    optimizer: "adam",
    lr: warmupCosine(o.peakLr, Math.max(1, Math.round(total * o.warmupFraction)), total + 1),
    clipNorm: 1,
    seed: o.seed,
    progress: false,
    callbacks: {
      onEpochEnd: async (epoch, _logs, control) => {
        val.push(await accuracy(model, data.validation, o.padId));
        if (bestEpoch < 0 || val[epoch] > val[bestEpoch]) {
          tf.dispose(best ?? []);
          best = vars.map((v) => v.clone());
          bestEpoch = epoch;
        } else if (epoch - bestEpoch >= o.patience) control.stop("early_stopping");
      },
    },
  });
  vars.forEach((v, i) => v.assign(best![i]));
  tf.dispose(best ?? []);
  return {
    init: o.init,
    seed: o.seed,
    epochs: val.length,
    bestEpoch: bestEpoch + 1,
    steps: hist.steps,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    valAccuracyPerEpoch: val.map((x) => Math.round(x * 1e4) / 1e4),
    valAccuracy: val[bestEpoch],
    testAccuracy: await accuracy(model, data.test, o.padId),
  };
}

/** The MLM head's top-3 tokens at the [MASK] of each text. */
export async function fillInTheBlanks(
  model: BertModel,
  tok: PreTrainedTokenizer,
  texts: readonly string[],
  vocab: readonly string[],
): Promise<string[][]> {
  const maskId = vocab.indexOf("[MASK]");
  const out: string[][] = [];
  for (const text of texts) {
    const ids = tok.encode(text) as number[];
    const at = ids.indexOf(maskId);
    const logits = tf.tidy(() => {
      const idsT = tf.tensor2d([ids], [1, ids.length], "int32");
      const h = bertEncode(model, idsT, tf.onesLike(idsT).toFloat() as tf.Tensor2D);
      const row = tf.slice(tf.reshape(h, [ids.length, -1]), [at, 0], [1, -1]) as tf.Tensor2D;
      return bertMlmLogits(model, row);
    });
    const v = Array.from(await logits.data());
    logits.dispose();
    const top = v.map((x, i) => [x, i]).sort((a, b) => b[0] - a[0]).slice(0, 3);
    out.push(top.map(([, i]) => vocab[i]));
  }
  return out;
}

/**
 * Run the exported folder `modelsDir/id` through the course loader (transformers.js, offline)
 * on `texts`: its accuracy and the largest |probability difference| against the tfjs model.
 */
export async function tfjsVsTransformers(
  model: BertModel,
  id: string,
  modelsDir: string,
  texts: string[],
  d: Labelled,
  padId: number,
): Promise<{ accuracy: number; maxAbsDiff: number }> {
  const { classifier } = await loadSentimentModel({ model: id, modelsDir, offline: true });
  const order = classifier.labels.map((l) => COURSE_SENTIMENT_LABELS.indexOf(l as "positive"));
  const probs = await classifier.classify(texts, 32);
  const ours = softmaxRows(await bertLogits(model, d.rows, { padId }));
  let maxAbsDiff = 0, hits = 0;
  probs.forEach((p, i) => {
    const q = order.map((c) => ours[i][c]);
    p.forEach((x, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x - q[j]))));
    if (order[argmax([...p])] === d.labels[i]) hits++;
  });
  return { accuracy: hits / texts.length, maxAbsDiff };
}

/**
 * Run the exported sentence encoder `modelsDir/id` through the course loader (transformers.js
 * feature extraction, mean pooling, unit norm) on `texts`: the largest |difference| to the tfjs
 * model's vectors, and the Spearman correlation of its pairwise cosines with the teacher's
 * (over the first `n` texts).
 */
export async function embedderVsTfjs(
  model: BertModel,
  id: string,
  modelsDir: string,
  texts: string[],
  d: DistillData,
  padId: number,
  n = 300,
): Promise<{ maxAbsDiff: number; spearmanVsTeacher: number; pairs: number; dim: number }> {
  const { encoder } = await loadSentenceEncoder({ model: id, modelsDir, offline: true });
  const k = Math.min(n, texts.length);
  const served = await encoder.encode(texts.slice(0, k), 32);
  let maxAbsDiff = 0;
  for (let s = 0; s < k; s += 64) {
    const { ids, mask } = padBatch(d.rows.slice(s, Math.min(k, s + 64)), padId);
    const v = tf.tidy(() => {
      const p = bertMeanPool(bertEncode(model, ids, mask), mask);
      return tf.div(p, tf.norm(p, "euclidean", 1, true));
    });
    const ours = await v.data();
    tf.dispose([ids, mask, v]);
    const dim = encoder.dim;
    for (let i = 0; i < ours.length / dim; i++) {
      for (let j = 0; j < dim; j++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(ours[i * dim + j] - served[s + i][j]));
      }
    }
  }
  const student: number[] = [], teacher: number[] = [];
  const t = (i: number) => d.teacher.subarray(i * d.dim, (i + 1) * d.dim);
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let x = 0;
    for (let i = 0; i < a.length; i++) x += a[i] * b[i];
    return x;
  };
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      student.push(dot(served[i], served[j]));
      teacher.push(dot(t(i), t(j)));
    }
  }
  return {
    maxAbsDiff,
    spearmanVsTeacher: Math.round(spearmanCorrelation(student, teacher) * 1e4) / 1e4,
    pairs: student.length,
    dim: encoder.dim,
  };
}
