// %% [markdown]
// # 03 · Recurrent networks on financial text and on prices (LSTM, GRU)
//
// The lecture trains Embedding → LSTM → Dropout → Dense on movie reviews. Here the same
// model reads **financial** sentences (Financial PhraseBank, the sentences where at least
// **75%** of the annotators agree) and then market **windows** of the last T days. Every
// network stands beside a baseline: majority class and bag-of-words logistic regression for
// text, yesterday's volatility / the historical mean / the majority direction for prices.
//
// Library pieces introduced here: `tokenizeFinancial`, `buildVocabulary` (train split only,
// `<PAD>`=0, `<START>`=1, `<UNK>`=2), `courseEmbedding` (an embedding whose gradient
// scatters into the touched rows, so it trains on the wasm backend), `buildTextRnn`,
// `buildSequenceRnn` (LSTM/GRU stacks; the LSTM is a fused op with hand-written
// backpropagation through time), `predictSentiment`, and `lstmTrace`.

// %%
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import {
  buildSequenceRnn,
  buildTextRnn,
  buildVocabulary,
  byMode,
  deviceBanner,
  heatmapFigure,
  lineFigure,
  loadPhraseBank,
  loadStockNetPrices,
  loadTwitterFinancialNews,
  lstmTrace,
  predictSentiment,
  report,
  stratifiedShuffleSplit,
  tokenizeFinancial,
  train,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## 1. Text: tokens, a vocabulary from the training split, padding
//
// Tickers, numbers and percentages stay whole: "up 12 %" becomes `12%`, `$AAPL` stays a token.

// %%
const SEED = 42;
const LABELS = ["positive", "negative", "neutral"];
const pbFrame = loadPhraseBank({ minAgreement: 75 });
const pbAllTexts = pbFrame.getColumn("sentence").toArray() as string[];
const pbAllLabels = pbFrame.getColumn("label").toArray() as string[];
const pbSplit = stratifiedShuffleSplit(pbAllLabels, { testFraction: 0.2, seed: SEED });
const pbTrainIdx = pbSplit.train.slice(0, byMode(pbSplit.train.length, 600));
const pbTestIdx = pbSplit.test.slice(0, byMode(pbSplit.test.length, 300));
const pbTrainTexts = pbTrainIdx.map((i) => pbAllTexts[i]);
const pbTestTexts = pbTestIdx.map((i) => pbAllTexts[i]);
const pbTrainY = pbTrainIdx.map((i) => LABELS.indexOf(pbAllLabels[i]));
const pbTestY = pbTestIdx.map((i) => LABELS.indexOf(pbAllLabels[i]));
const MAXLEN = 40;
const vocab = buildVocabulary(pbTrainTexts, { minFreq: 1, maxSize: 20000 });
console.log(
  `PhraseBank (>=75% agreement): ${pbAllTexts.length} sentences; train ${pbTrainIdx.length}, ` +
    `test ${pbTestIdx.length}; vocabulary ${vocab.size} ids (built on train only)`,
);
console.log(tokenizeFinancial("$AAPL: operating profit rose to EUR 13.1 mn, up 12 % y-o-y."));
console.log(
  vocab.encode(pbTestTexts[0]).slice(0, 12),
  "→",
  vocab.decode(vocab.encode(pbTestTexts[0])),
);

// %%
function oneHot(ys: number[], k: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(ys, "int32"), k).toFloat() as tf.Tensor2D);
}
function accuracy(yTrue: number[], yPred: number[]): number {
  return yTrue.filter((y, i) => y === yPred[i]).length / yTrue.length;
}
function macroF1(yTrue: number[], yPred: number[], k: number): number {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const tp = yTrue.filter((y, i) => y === c && yPred[i] === c).length;
    const fp = yTrue.filter((y, i) => y !== c && yPred[i] === c).length;
    const fn = yTrue.filter((y, i) => y === c && yPred[i] !== c).length;
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / k;
}
function argmaxRows(p: tf.Tensor): number[] {
  return tf.tidy(() => Array.from(tf.argMax(p, -1).dataSync()));
}
const xTrainText = tf.tensor2d(vocab.encodeBatch(pbTrainTexts, { maxLen: MAXLEN }), [
  pbTrainTexts.length,
  MAXLEN,
], "int32");
const xTestText = tf.tensor2d(vocab.encodeBatch(pbTestTexts, { maxLen: MAXLEN }), [
  pbTestTexts.length,
  MAXLEN,
], "int32");
const yTrainText = oneHot(pbTrainY, 3);

// %% [markdown]
// ## 2. Embedding → LSTM → Dropout → Dense(3, softmax), then GRU and bidirectional LSTM

// %%
const TEXT_EPOCHS = byMode(12, 1);
async function fitText(cell: "lstm" | "gru", bidirectional: boolean) {
  const model = buildTextRnn({
    vocabSize: vocab.size,
    embeddingDim: 64,
    maxLen: MAXLEN,
    units: [64],
    cell,
    bidirectional,
    dropout: 0.4,
    classes: 3,
    seed: SEED,
  });
  const history = await train(model, { x: xTrainText, y: yTrainText }, {
    epochs: TEXT_EPOCHS,
    batchSize: 32,
    seed: SEED,
    optimizer: "adam",
    lr: 3e-3,
    loss: "crossentropy",
    progress: false,
  });
  const pred = argmaxRows(model.predict(xTestText) as tf.Tensor);
  return { model, pred, history, acc: accuracy(pbTestY, pred), f1: macroF1(pbTestY, pred, 3) };
}
const lstmText = await fitText("lstm", false);
const gruText = await fitText("gru", false);
const biText = await fitText("lstm", true);
console.log(
  `LSTM acc ${lstmText.acc.toFixed(3)} F1 ${lstmText.f1.toFixed(3)} | GRU acc ` +
    `${gruText.acc.toFixed(3)} | BiLSTM acc ${biText.acc.toFixed(3)} ` +
    `(${lstmText.history.seconds.reduce((a, b) => a + b, 0).toFixed(1)} s for the LSTM)`,
);

// %% [markdown]
// ### Baselines: majority class and bag-of-words logistic regression
//
// The logistic regression sees which vocabulary words occur (a binary bag of words, words
// seen at least twice in training), no order at all.

// %%
const pbMajorityClass = [0, 1, 2].reduce((a, b) =>
  pbTrainY.filter((y) => y === b).length > pbTrainY.filter((y) => y === a).length ? b : a
);
const pbAccMajority = accuracy(pbTestY, pbTestY.map(() => pbMajorityClass));
const bowVocab = buildVocabulary(pbTrainTexts, { minFreq: 2 });
function bagOfWords(texts: string[]): tf.Tensor2D {
  const m = new Float32Array(texts.length * bowVocab.size);
  texts.forEach((t, r) => {
    for (const id of bowVocab.encode(t, { addStart: false })) m[r * bowVocab.size + id] = 1;
  });
  return tf.tensor2d(m, [texts.length, bowVocab.size]);
}
const bowTrain = bagOfWords(pbTrainTexts);
const bowTest = bagOfWords(pbTestTexts);
const bowModel = tf.sequential({
  layers: [tf.layers.dense({
    units: 3,
    activation: "softmax",
    inputShape: [bowVocab.size],
    kernelInitializer: "zeros",
    kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }),
  })],
});
await train(bowModel, { x: bowTrain, y: yTrainText }, {
  epochs: byMode(40, 3),
  batchSize: 64,
  seed: SEED,
  optimizer: "adam",
  lr: 0.02,
  loss: "crossentropy",
  progress: false,
});
const bowPred = argmaxRows(bowModel.predict(bowTest) as tf.Tensor);
const pbAccBow = accuracy(pbTestY, bowPred);
tf.dispose([bowTrain, bowTest]);

// %%
const confusion = LABELS.map((_, t) =>
  LABELS.map((_, p) => pbTestY.filter((y, i) => y === t && lstmText.pred[i] === p).length)
);
heatmapFigure({
  z: confusion,
  x: LABELS.map((l) => `pred ${l}`),
  y: LABELS.map((l) => `true ${l}`),
  title: `LSTM confusion matrix on the PhraseBank test split (accuracy ${lstmText.acc.toFixed(3)})`,
});

// %%
const pbTable = [
  ["majority class", pbAccMajority],
  ["bag-of-words logistic regression", pbAccBow],
  ["LSTM", lstmText.acc],
  ["GRU", gruText.acc],
  ["bidirectional LSTM", biText.acc],
];
console.table(pbTable.map(([model, acc]) => ({ model, accuracy: Number(acc).toFixed(3) })));
const lstmVsBow = lstmText.acc >= pbAccBow
  ? "The LSTM beats the bag-of-words baseline"
  : `The LSTM (${lstmText.acc.toFixed(3)}) does NOT beat the bag-of-words baseline ` +
    `(${pbAccBow.toFixed(3)}) here: with ~2,800 short sentences, word presence carries most ` +
    "of the signal and word order adds little";
console.log(lstmVsBow);

// %% [markdown]
// ## 3. Domain shift: the same model on financial tweets
//
// The Twitter financial news set labels tweets bearish / bullish / neutral; we map them to
// negative / positive / neutral and score the PhraseBank LSTM without retraining.

// %%
const tw = loadTwitterFinancialNews({ split: "validation" });
const twMap: Record<string, number> = { bullish: 0, bearish: 1, neutral: 2 };
const twN = byMode(tw.height, 300);
const twTexts = (tw.getColumn("text").toArray() as string[]).slice(0, twN);
const twY = (tw.getColumn("label_name").toArray() as string[]).slice(0, twN).map((l) => twMap[l]);
const twPreds = predictSentiment(lstmText.model, vocab, twTexts, {
  labels: LABELS,
  maxLen: MAXLEN,
});
const twAcc = accuracy(twY, twPreds.map((p) => LABELS.indexOf(p.label)));
const twUnknownShare =
  twPreds.reduce((s, p) => s + p.unknown.length / Math.max(1, p.seen.length), 0) /
  twPreds.length;
console.log(
  `tweets: accuracy ${twAcc.toFixed(3)} vs ${lstmText.acc.toFixed(3)} on PhraseBank; ` +
    `${(100 * twUnknownShare).toFixed(0)}% of tweet tokens are unknown to the vocabulary`,
);

// %% [markdown]
// ## 4. Predict raw sentences
//
// The lecture's last cell maps raw sentences to ids and predicts. Below: finance sentences in
// the style of the FinBERT examples (the lecture's exact eight are not reproduced here), plus
// an empty string and a sentence of unknown words. `seen` shows what the model read.

// %%
const rawSentences = [
  "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn in the corresponding period in 2007.",
  "The company's net sales decreased by 20% compared to the previous year.",
  "Shares of the bank fell sharply after it reported a quarterly loss.",
  "The board proposes a dividend of EUR 0.50 per share.",
  "Growth is strong and we have a solid order backlog.",
  "The company will cut 300 jobs as demand weakens.",
  "Stocks rallied and the US dollar gained.",
  "The annual general meeting will be held in Helsinki on 25 March.",
  "",
  "Zyxw qwerty blorp.",
];
const rawPreds = predictSentiment(lstmText.model, vocab, rawSentences, {
  labels: LABELS,
  maxLen: MAXLEN,
});
console.table(rawPreds.map((p) => ({
  sentence: p.text.slice(0, 60),
  label: p.label,
  p_max: Math.max(...Object.values(p.probabilities)).toFixed(2),
  unknown: p.unknown.join(" "),
  empty: p.empty,
})));

// %%
report({
  pb_acc_lstm: lstmText.acc,
  pb_f1_lstm: lstmText.f1,
  pb_acc_gru: gruText.acc,
  pb_acc_bow: pbAccBow,
  pb_acc_majority: pbAccMajority,
  tw_acc_lstm: twAcc,
});

// %% [markdown]
// ## 5. Prices: windows of the last T days → next-day direction and next-week volatility
//
// Features per day (per ticker): log return, |return|, 5- and 20-day realised volatility,
// log volume change. Targets: the sign of tomorrow's return, and the log realised volatility
// of the next 5 days (standardised with training statistics for the networks). Naive
// baselines: the trailing 20-day realised volatility as of today ("yesterday's vol"), the
// training mean, and the majority direction. Walk-forward: each fold trains on everything before it (minus a 5-day
// embargo, since targets look 5 days ahead) and tests on the next block of dates;
// standardisation uses training windows only.

// %%
const T = byMode(30, 20);
const TICKERS = byMode(["AAPL", "MSFT", "JPM", "XOM", "GE", "WMT", "PFE", "KO"], ["AAPL", "JPM"]);
const prices = loadStockNetPrices({ tickers: TICKERS });
interface Win {
  x: number[][];
  dir: number;
  vol: number;
  lastVol: number;
  date: string;
  ticker: string;
}
const windows: Win[] = [];
for (const ticker of TICKERS) {
  const d = prices.filter(pl.col("ticker").eq(pl.lit(ticker)));
  const px = d.getColumn("adj_close").toArray() as number[];
  const vol = d.getColumn("volume").toArray() as number[];
  const dates = (d.getColumn("date").toArray() as unknown as Date[]).map((x) =>
    x.toISOString().slice(0, 10)
  );
  const r = px.map((p, i) => (i === 0 ? 0 : Math.log(p / px[i - 1])));
  const rv = (i: number, n: number) =>
    Math.sqrt(r.slice(i - n + 1, i + 1).reduce((s, v) => s + v * v, 0) / n);
  const feats = r.map((ri, i) =>
    i < 20
      ? null
      : [ri, Math.abs(ri), rv(i, 5), rv(i, 20), Math.log((vol[i] + 1) / (vol[i - 1] + 1))]
  );
  for (let end = 20 + T; end + 5 < r.length; end++) {
    const fut = r.slice(end + 1, end + 6);
    windows.push({
      x: feats.slice(end - T + 1, end + 1) as number[][],
      dir: r[end + 1] > 0 ? 1 : 0,
      vol: Math.log(Math.sqrt(fut.reduce((s, v) => s + v * v, 0) / 5) + 1e-4),
      lastVol: Math.log(rv(end, 20) + 1e-4),
      date: dates[end],
      ticker,
    });
  }
}
const allDates = [...new Set(windows.map((w) => w.date))].sort();
const FOLDS = byMode(3, 1);
const foldSize = Math.floor(allDates.length / (FOLDS + 2));
console.log(`${windows.length} windows of ${T}x5 from ${TICKERS.length} tickers, ${FOLDS} folds`);

// %%
const PRICE_EPOCHS = byMode(8, 1);
function r2(y: number[], p: number[]): number {
  const m = y.reduce((a, b) => a + b, 0) / y.length;
  const ss = y.reduce((s, v) => s + (v - m) ** 2, 0);
  return 1 - y.reduce((s, v, i) => s + (v - p[i]) ** 2, 0) / ss;
}
function toTensor(ws: Win[], mean: number[], std: number[]): tf.Tensor3D {
  return tf.tensor3d(ws.map((w) => w.x.map((row) => row.map((v, k) => (v - mean[k]) / std[k]))));
}
async function fitPrice(
  kind: "lstm" | "gru" | "mlp",
  target: "vol" | "dir",
  xTr: tf.Tensor3D,
  yTr: tf.Tensor,
  xTe: tf.Tensor3D,
): Promise<number[]> {
  const outputs = target === "dir" ? 2 : 1;
  const act = target === "dir" ? "softmax" : "linear";
  const model = kind === "mlp"
    ? tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [T, 5] }),
        tf.layers.dense({
          units: 32,
          activation: "relu",
          kernelInitializer: tf.initializers.glorotUniform({ seed: SEED }),
        }),
        tf.layers.dense({
          units: outputs,
          activation: act,
          kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 1 }),
        }),
      ],
    })
    : buildSequenceRnn({
      timeSteps: T,
      features: 5,
      units: [32],
      cell: kind,
      outputs,
      outputActivation: act,
      seed: SEED,
    });
  await train(model, { x: xTr, y: yTr }, {
    epochs: PRICE_EPOCHS,
    batchSize: 64,
    seed: SEED,
    optimizer: "adam",
    lr: 1e-3,
    loss: target === "dir" ? "crossentropy" : "mse",
    progress: false,
  });
  const p = model.predict(xTe) as tf.Tensor;
  const out = target === "dir" ? argmaxRows(p) : Array.from(p.dataSync());
  p.dispose();
  if (kind === "lstm" && target === "vol") volHolder.model = model;
  else model.dispose();
  return out;
}
const volHolder: { model: tf.Sequential | null } = { model: null };
const priceRows: { fold: number; model: string; vol_r2: number; dir_acc: number }[] = [];
const pooled: Record<string, { y: number[]; p: number[] }> = {};
const pool = (name: string, y: number[], p: number[]) => {
  pooled[name] ??= { y: [], p: [] };
  pooled[name].y.push(...y);
  pooled[name].p.push(...p);
};
for (let f = 0; f < FOLDS; f++) {
  const testStart = allDates[(f + 2) * foldSize];
  const testEnd = allDates[Math.min(allDates.length - 1, (f + 3) * foldSize - 1)];
  const embargoDate = allDates[(f + 2) * foldSize - 5];
  const tr = windows.filter((w) => w.date < embargoDate);
  const te = windows.filter((w) => w.date >= testStart && w.date <= testEnd);
  const flat = tr.flatMap((w) => w.x);
  const mean = [0, 1, 2, 3, 4].map((k) => flat.reduce((s, r) => s + r[k], 0) / flat.length);
  const std = [0, 1, 2, 3, 4].map((k) =>
    Math.sqrt(flat.reduce((s, r) => s + (r[k] - mean[k]) ** 2, 0) / flat.length) || 1
  );
  const xTr = toTensor(tr, mean, std);
  const xTe = toTensor(te, mean, std);
  const volMu = tr.reduce((s, w) => s + w.vol, 0) / tr.length;
  const volSd = Math.sqrt(tr.reduce((s, w) => s + (w.vol - volMu) ** 2, 0) / tr.length);
  const yVol = tf.tensor2d(tr.map((w) => [(w.vol - volMu) / volSd]));
  const yDir = oneHot(tr.map((w) => w.dir), 2);
  const teVol = te.map((w) => w.vol);
  const teDir = te.map((w) => w.dir);
  const upShare = tr.filter((w) => w.dir === 1).length / tr.length;
  pool("yesterday's vol", teVol, te.map((w) => w.lastVol));
  pool("historical mean", teVol, te.map(() => volMu));
  pool("dir majority", teDir, te.map(() => (upShare >= 0.5 ? 1 : 0)));
  for (const kind of ["lstm", "gru", "mlp"] as const) {
    const pv = (await fitPrice(kind, "vol", xTr, yVol, xTe)).map((v) => volMu + volSd * v);
    const pd = await fitPrice(kind, "dir", xTr, yDir, xTe);
    pool(`${kind} vol`, teVol, pv);
    pool(`${kind} dir`, teDir, pd);
    priceRows.push({ fold: f, model: kind, vol_r2: r2(teVol, pv), dir_acc: accuracy(teDir, pd) });
  }
  if (f < FOLDS - 1) volHolder.model?.dispose();
  tf.dispose([xTr, xTe, yVol, yDir]);
}
console.table(
  priceRows.map((r) => ({ ...r, vol_r2: r.vol_r2.toFixed(3), dir_acc: r.dir_acc.toFixed(3) })),
);

// %%
const volR2 = (k: string) => r2(pooled[k].y, pooled[k].p);
const dirAcc = (k: string) => accuracy(pooled[k].y, pooled[k].p);
console.table([
  { model: "LSTM", vol_r2: volR2("lstm vol").toFixed(3), dir_acc: dirAcc("lstm dir").toFixed(3) },
  { model: "GRU", vol_r2: volR2("gru vol").toFixed(3), dir_acc: dirAcc("gru dir").toFixed(3) },
  {
    model: "MLP (flattened)",
    vol_r2: volR2("mlp vol").toFixed(3),
    dir_acc: dirAcc("mlp dir").toFixed(3),
  },
  {
    model: "yesterday's vol / majority",
    vol_r2: volR2("yesterday's vol").toFixed(3),
    dir_acc: dirAcc("dir majority").toFixed(3),
  },
  { model: "historical mean", vol_r2: volR2("historical mean").toFixed(3), dir_acc: "" },
]);
console.log(
  `Volatility: LSTM R² ${volR2("lstm vol").toFixed(3)} vs ${volR2("yesterday's vol").toFixed(3)} ` +
    `for yesterday's vol. Direction: LSTM ${dirAcc("lstm dir").toFixed(3)} vs ` +
    `${dirAcc("dir majority").toFixed(3)} for the majority direction — barely, if at all, better.`,
);

// %% [markdown]
// ## 6. What the hidden state holds
//
// `lstmTrace` recomputes the LSTM equations step by step from the trained volatility model's
// weights (it reproduces `tf.layers.lstm` to 1e-5, see the tests) and records the gates and
// the cell state. Below: the window that ends on the most volatile test day.

// %%
const lastFoldStart = allDates[(FOLDS + 1) * foldSize];
const testWins = windows.filter((w) => w.date >= lastFoldStart);
const hot = testWins.reduce((a, b) => (b.x[T - 1][1] > a.x[T - 1][1] ? b : a));
const hotFlat = windows.filter((w) => w.date < lastFoldStart).flatMap((w) => w.x);
const hotMean = [0, 1, 2, 3, 4].map((k) => hotFlat.reduce((s, r) => s + r[k], 0) / hotFlat.length);
const hotStd = [0, 1, 2, 3, 4].map((k) =>
  Math.sqrt(hotFlat.reduce((s, r) => s + (r[k] - hotMean[k]) ** 2, 0) / hotFlat.length) || 1
);
const trace = lstmTrace(
  volHolder.model!.layers[0],
  hot.x.map((row) => row.map((v, k) => (v - hotMean[k]) / hotStd[k])),
);
const units = [0, 1, 2, 3];
lineFigure({
  y: {
    "|return| (scaled)": hot.x.map((r) => r[1] / hotStd[1]),
    ...Object.fromEntries(units.map((u) => [`cell ${u}`, trace.cell.map((c) => c[u])])),
    ...Object.fromEntries(units.map((u) => [`forget ${u}`, trace.forgetGate.map((g) => g[u])])),
  },
  dashed: units.map((u) => `forget ${u}`),
  title: `${hot.ticker}, ${T} days to ${hot.date}: cell state and forget gates of the LSTM`,
  xTitle: "day in window",
});

// %%
volHolder.model?.dispose();
tf.dispose([xTrainText, xTestText, yTrainText]);
[lstmText, gruText, biText].forEach((m) => m.model.dispose());
bowModel.dispose();
report({
  vol_r2_lstm: volR2("lstm vol"),
  vol_r2_baseline: volR2("yesterday's vol"),
  dir_acc_lstm: dirAcc("lstm dir"),
  dir_acc_baseline: dirAcc("dir majority"),
});
