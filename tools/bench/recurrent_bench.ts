/**
 * `deno task bench --only lstm`: one training epoch of (1) the chapter-03 text LSTM on the
 * Financial PhraseBank (75% agreement, 80% train) and (2) an LSTM(32) on 2000 windows of
 * 30x5 (Adam, batch 64), against the same models in PyTorch CPU (2 threads) when Debian's
 * python3 has torch. Best of a few epochs after a warm-up (the machine is shared). The
 * windows benchmark also times `tf.layers.lstm` (the built-in) to show the fused op's gain.
 */
import * as tf from "@tensorflow/tfjs";
import { loadPhraseBank } from "../../lib/data/datasets_text.ts";
import { CourseLSTM } from "../../lib/models/lstm.ts";
import { buildTextRnn } from "../../lib/models/recurrent.ts";
import { buildVocabulary } from "../../lib/nlp/vocab.ts";
import { rng } from "../../lib/random.ts";
import { type Benchmark, type BenchResult, runPythonReference } from "./types.ts";

const SCRIPT = new URL("./torch_lstm.py", import.meta.url).pathname;
const REPEATS = 3;
/** The windows epoch is short (~0.3 s, 32 batches): more epochs on both sides steady its best. */
const WINDOW_REPEATS = 8;

async function bestEpoch(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
  repeats = REPEATS,
): Promise<number> {
  const times: number[] = [];
  for (let e = 0; e <= repeats; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize, shuffle: true, verbose: 0 });
    if (e > 0) times.push((performance.now() - t0) / 1000); // first epoch: warm-up
  }
  return Math.min(...times);
}

async function torchSeconds(args: string[], repeats = REPEATS): Promise<number | null> {
  const out = await runPythonReference(SCRIPT, [...args, String(repeats)], "torch");
  return out ? JSON.parse(out.stdout.trim().split("\n").at(-1)!).seconds : null;
}

async function textEpoch(): Promise<BenchResult> {
  const df = loadPhraseBank({ minAgreement: 75 });
  const texts = df.getColumn("sentence").toArray() as string[];
  const labels = df.getColumn("label").toArray() as string[];
  const order = rng(42).permutation(texts.length);
  const nTrain = Math.round(0.8 * texts.length);
  const train = order.slice(0, nTrain);
  const vocab = buildVocabulary(train.map((i) => texts[i]), { minFreq: 1 });
  const maxLen = 40;
  const names = ["positive", "negative", "neutral"];
  const x = tf.tensor2d(vocab.encodeBatch(train.map((i) => texts[i]), { maxLen }), [
    nTrain,
    maxLen,
  ], "int32");
  const y = tf.tensor1d(train.map((i) => names.indexOf(labels[i])), "float32");
  const model = buildTextRnn({
    vocabSize: vocab.size,
    embeddingDim: 64,
    maxLen,
    units: [64],
    dropout: 0.3,
    classes: 3,
  });
  const optimizer = tf.train.adam(1e-3);
  model.compile({ optimizer, loss: "sparseCategoricalCrossentropy" });
  const seconds = await bestEpoch(model, x, y, 32);
  const ref = await torchSeconds([
    "text",
    `${nTrain}`,
    `${maxLen}`,
    `${vocab.size}`,
    "64",
    "64",
    "32",
  ]);
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return {
    seconds,
    reference: ref === null ? null : "pytorch-cpu-2threads",
    referenceSeconds: ref,
    note: `${nTrain} sentences, T=${maxLen}, vocab ${vocab.size}, emb 64, LSTM 64, batch 32` +
      (ref === null ? "; torch not installed in /usr/bin/python3" : ""),
  };
}

async function windowsEpoch(): Promise<BenchResult> {
  const r = rng(7);
  const x = tf.tensor3d(Array.from(r.normals(2000 * 30 * 5)), [2000, 30, 5]);
  const y = tf.tensor2d(Array.from(r.normals(2000)), [2000, 1]);
  const time = async (first: tf.layers.Layer) => {
    const model = tf.sequential({ layers: [first, tf.layers.dense({ units: 1 })] });
    const optimizer = tf.train.adam(1e-3);
    model.compile({ optimizer, loss: "meanSquaredError" });
    const s = await bestEpoch(model, x, y, 64, WINDOW_REPEATS);
    model.dispose();
    optimizer.dispose();
    return s;
  };
  const fused = await time(new CourseLSTM({ units: 32, inputShape: [30, 5], seed: 1 }));
  const builtin = await time(
    tf.layers.lstm({ units: 32, inputShape: [30, 5], recurrentActivation: "sigmoid" }),
  );
  const ref = await torchSeconds(["windows", "2000", "30", "5", "32", "64"], WINDOW_REPEATS);
  tf.dispose([x, y]);
  return {
    seconds: fused,
    reference: ref === null ? null : "pytorch-cpu-2threads",
    referenceSeconds: ref,
    note: `CourseLSTM fused op; best of ${WINDOW_REPEATS} epochs after a warm-up, both sides; ` +
      `tf.layers.lstm built-in: ${builtin.toFixed(3)} s/epoch`,
  };
}

/** The chapter-03 benchmarks. */
export const benchmarks: Benchmark[] = [
  { name: "lstm text epoch (PhraseBank 75%)", fast: true, run: textEpoch },
  { name: "lstm windows epoch (2000x30x5, LSTM 32)", fast: true, run: windowsEpoch },
];
