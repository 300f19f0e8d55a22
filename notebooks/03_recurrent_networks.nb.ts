// %% [markdown]
// # 03 · Recurrent networks on financial text and on prices (LSTM, GRU)
//
// The lecture trains Embedding → LSTM → Dropout → Dense on movie reviews. Here the same
// model reads **financial** sentences (Financial PhraseBank, the sentences where at least
// **75%** of the annotators agree) and then market **windows** of the last T days. Every
// network stands beside a baseline: majority class and bag-of-words logistic regression for
// text, yesterday's volatility / the historical mean / HAR-RV (`fitHarRv`) / the majority
// direction for prices.
//
// Library pieces introduced here: `tokenizeFinancial`, `buildVocabulary` (train split only,
// `<PAD>`=0, `<START>`=1, `<UNK>`=2), `courseEmbedding` (an embedding whose gradient
// scatters into the touched rows, so it trains on the wasm backend), `buildTextRnn`,
// `buildSequenceRnn` (LSTM/GRU stacks; the LSTM is a fused op with hand-written
// backpropagation through time), `predictSentiment`, and `lstmTrace`. Scores, baselines and
// splits come from the shared library: `accuracyScore`, `precisionRecallF1`,
// `confusionMatrix`, `classificationReport`, `r2Score`, `LogisticRegression`,
// `MajorityClassifier`, `stratifiedShuffleSplit`, `walkForwardFolds`, `StandardScaler`.
//
// Every network trains with early stopping on a validation slice carved out of its training
// part (never the test part): at most a few epochs, the best epoch's weights kept.

// %%
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import {
  accuracyScore,
  buildSequenceRnn,
  buildTextRnn,
  buildVocabulary,
  byMode,
  classificationReport,
  confusionMatrix,
  describeSplit,
  deviceBanner,
  fitLogisticRegression,
  type FoldPrediction,
  heatmapFigure,
  lineFigure,
  loadPhraseBank,
  loadStockNetPrices,
  loadTwitterFinancialNews,
  lstmTrace,
  majorityClassAccuracy,
  MajorityClassifier,
  pearsonCorrelation,
  precisionRecallF1,
  predictArray,
  predictClasses,
  predictSentiment,
  quantileSorted,
  r2Score,
  report,
  seriesMean,
  seriesStd,
  StandardScaler,
  stratifiedShuffleSplit,
  tokenizeFinancial,
  train,
  walkForwardEvaluate,
  type WalkForwardFold,
  walkForwardFolds,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## 1. Text: tokens, a vocabulary from the training split, padding
//
// Tickers, numbers and percentages stay whole: "up 12 %" becomes `12%`, `$AAPL` stays a token.
// The split: a stratified 80/20 train/test split, and 10% of the training part (stratified
// again) held out as a **validation** slice for early stopping and for choosing the baseline's
// penalty. The vocabulary and the padded length come from the fitting part only.

// %%
const SEED = 42;
const LABELS = ["positive", "negative", "neutral"];
const pbFrame = loadPhraseBank({ minAgreement: 75 });
const pbAllTexts = pbFrame.getColumn("sentence").toArray() as string[];
const pbAllLabels = pbFrame.getColumn("label").toArray() as string[];
const pbSplit = stratifiedShuffleSplit(pbAllLabels, { testFraction: 0.2, seed: SEED });
const pbTrainIdx = pbSplit.train.slice(0, byMode(pbSplit.train.length, 600));
const pbTestIdx = pbSplit.test.slice(0, byMode(pbSplit.test.length, 300));
const pbValSplit = stratifiedShuffleSplit(pbTrainIdx.map((i) => pbAllLabels[i]), {
  testFraction: 0.1,
  seed: SEED + 1,
});
const pbFitIdx = pbValSplit.train.map((j) => pbTrainIdx[j]);
const pbValIdx = pbValSplit.test.map((j) => pbTrainIdx[j]);
const pbTexts = (idx: number[]) => idx.map((i) => pbAllTexts[i]);
const pbIds = (idx: number[]) => idx.map((i) => LABELS.indexOf(pbAllLabels[i]));
const [pbFitTexts, pbValTexts, pbTestTexts] = [pbFitIdx, pbValIdx, pbTestIdx].map(pbTexts);
const [pbFitY, pbValY, pbTrainY, pbTestY] = [pbFitIdx, pbValIdx, pbTrainIdx, pbTestIdx].map(pbIds);
const vocab = buildVocabulary(pbFitTexts, { minFreq: 1, maxSize: 20000 });
console.log(
  `PhraseBank (>=75% agreement): ${pbAllTexts.length} sentences; fit ${pbFitIdx.length}, ` +
    `validation ${pbValIdx.length}, test ${pbTestIdx.length}; vocabulary ${vocab.size} ids ` +
    "(built on the fitting part only)",
);
console.log(tokenizeFinancial("$AAPL: operating profit rose to EUR 13.1 mn, up 12 % y-o-y."));
console.log(
  vocab.encode(pbTestTexts[0]).slice(0, 12),
  "→",
  vocab.decode(vocab.encode(pbTestTexts[0])),
);

// %% [markdown]
// **How long must a sequence be?** The recurrent layers cost time in proportion to the padded
// length, so we pad to the 95th percentile of the fitting sentences' lengths (in ids, with
// `<START>`) rather than to the longest one. Longer sentences are truncated at the front
// (`truncating: "pre"`, the default), so the model reads their last `MAXLEN` tokens.

// %%
const pbLengths = pbFitTexts.map((t) => vocab.encode(t).length).sort((a, b) => a - b);
const MAXLEN = Math.ceil(quantileSorted(pbLengths, 0.95));
const pbCut = pbLengths.filter((n) => n > MAXLEN).length / pbLengths.length;
console.log(
  `sentence length in ids: median ${quantileSorted(pbLengths, 0.5)}, 90% ` +
    `${quantileSorted(pbLengths, 0.9)}, 95% ${MAXLEN}, max ${pbLengths.at(-1)} → MAXLEN = ` +
    `${MAXLEN} (${(100 * pbCut).toFixed(1)}% of the sentences lose their first tokens)`,
);

// %%
function oneHot(ys: number[], k: number): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(ys, "int32"), k).toFloat() as tf.Tensor2D);
}
const encodeTexts = (texts: string[]) =>
  tf.tensor2d(vocab.encodeBatch(texts, { maxLen: MAXLEN }), [texts.length, MAXLEN], "int32");
const xFitText = encodeTexts(pbFitTexts);
const xValText = encodeTexts(pbValTexts);
const xTestText = encodeTexts(pbTestTexts);
const yFitText = oneHot(pbFitY, 3);
const yValText = oneHot(pbValY, 3);

// %% [markdown]
// ## 2. Embedding → LSTM → Dropout → Dense(3, softmax), then GRU and bidirectional LSTM
//
// At most `TEXT_EPOCHS` epochs; training stops when the **validation accuracy** has not
// improved for two epochs and the weights of the best epoch are put back (`earlyStopping` in
// `train`). Why accuracy and not the validation loss? On these short sentences the networks
// grow over-confident after two or three epochs: the validation cross-entropy rises (a few
// confidently wrong sentences cost a lot) while the validation accuracy still holds or
// improves. We stop on the quantity we report; the table shows both curves.

// %%
const TEXT_EPOCHS = byMode(8, 1);
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
  const history = await train(model, { x: xFitText, y: yFitText }, {
    epochs: TEXT_EPOCHS,
    batchSize: 32,
    seed: SEED,
    optimizer: "adam",
    lr: 3e-3,
    loss: "crossentropy",
    metrics: ["accuracy"],
    validationData: { x: xValText, y: yValText },
    earlyStopping: { monitor: "val_accuracy", mode: "max", patience: 2, restoreBest: true },
    progress: false,
  });
  const pred = await predictClasses(model, xTestText);
  const seconds = history.seconds.reduce((a, b) => a + b, 0);
  return {
    model,
    pred,
    history,
    seconds,
    epochs: history.epoch.length,
    bestEpoch: (history.bestEpoch ?? history.epoch.length - 1) + 1,
    acc: accuracyScore(pbTestY, pred),
    f1: precisionRecallF1(pbTestY, pred, [0, 1, 2]).macro.f1,
  };
}

// %%
const lstmText = await fitText("lstm", false);
const gruText = await fitText("gru", false);
const biText = await fitText("lstm", true);
console.table(
  [["LSTM", lstmText], ["GRU", gruText], ["BiLSTM", biText]].map(([name, r]) => {
    const m = r as typeof lstmText;
    return {
      model: name,
      "epochs run": m.epochs,
      "best epoch": m.bestEpoch,
      "val loss by epoch": m.history.val_loss.map((v) => v.toFixed(2)).join(" "),
      "val accuracy by epoch": m.history.history.val_accuracy.map((v) => v.toFixed(3)).join(" "),
      seconds: m.seconds.toFixed(1),
    };
  }),
);

// %% [markdown]
// ### Baselines: majority class and bag-of-words logistic regression
//
// The logistic regression (`LogisticRegression`: multinomial, L2 penalty, L-BFGS) sees which
// vocabulary words occur — a binary bag of words of the words seen at least twice in the
// fitting part — and no order at all. Its penalty C is chosen on the validation slice, as the
// networks' epochs are.

// %%
const pbAccMajority = majorityClassAccuracy(pbTrainY, pbTestY);
const bowVocab = buildVocabulary(pbFitTexts, { minFreq: 2 });
function bagOfWords(texts: string[]): Float32Array[] {
  return texts.map((t) => {
    const row = new Float32Array(bowVocab.size);
    for (const id of bowVocab.encode(t, { addStart: false })) row[id] = 1;
    return row;
  });
}
const bowFit = bagOfWords(pbFitTexts);
const bowVal = bagOfWords(pbValTexts);
const bowTest = bagOfWords(pbTestTexts);
const bowByC = [0.1, 1, 10].map((C) => {
  const model = fitLogisticRegression(bowFit, pbFitY, { C, standardize: false });
  return { C, model, valAcc: accuracyScore(pbValY, model.predict(bowVal)) };
});
const bowBest = bowByC.reduce((a, b) => (b.valAcc > a.valAcc ? b : a));
const bowPred = bowBest.model.predict(bowTest) as number[];
const pbAccBow = accuracyScore(pbTestY, bowPred);
const pbF1Bow = precisionRecallF1(pbTestY, bowPred, [0, 1, 2]).macro.f1;
console.log(
  `bag of words: ${bowVocab.size} columns; validation accuracy by C: ` +
    bowByC.map((b) => `C=${b.C}: ${b.valAcc.toFixed(3)}`).join(", ") + ` → C = ${bowBest.C}`,
);

// %%
classificationReport(pbTestY, lstmText.pred, {
  labels: [0, 1, 2],
  targetNames: LABELS,
  digits: 3,
});

// %%
heatmapFigure({
  z: confusionMatrix(pbTestY, lstmText.pred, [0, 1, 2]).matrix,
  x: LABELS.map((l) => `pred ${l}`),
  y: LABELS.map((l) => `true ${l}`),
  title: `LSTM confusion matrix on the PhraseBank test split (accuracy ${lstmText.acc.toFixed(3)})`,
});

// %%
const pbMajorityPred = new MajorityClassifier().fit(pbTrainY).predict(pbTestY.length);
const pbTable: [string, number, number][] = [
  ["majority class", pbAccMajority, precisionRecallF1(pbTestY, pbMajorityPred, [0, 1, 2]).macro.f1],
  [`bag-of-words logistic regression (C=${bowBest.C})`, pbAccBow, pbF1Bow],
  ["LSTM", lstmText.acc, lstmText.f1],
  ["GRU", gruText.acc, gruText.f1],
  ["bidirectional LSTM", biText.acc, biText.f1],
];
console.table(pbTable.map(([model, acc, f1]) => ({
  model,
  accuracy: acc.toFixed(3),
  "macro F1": f1.toFixed(3),
})));
const lstmVsBow = lstmText.acc >= pbAccBow
  ? `The LSTM (${lstmText.acc.toFixed(3)}) beats the bag-of-words baseline ` +
    `(${pbAccBow.toFixed(3)}) on this test split`
  : `The LSTM (${lstmText.acc.toFixed(3)}) does NOT beat the bag-of-words baseline ` +
    `(${pbAccBow.toFixed(3)}) here: with ${pbTrainIdx.length} short training sentences, word ` +
    "presence carries most of the signal and word order adds little";
console.log(
  `${lstmVsBow} (${pbTestY.length} test sentences: one standard error of an accuracy near ` +
    `0.85 is ±${Math.sqrt((0.85 * 0.15) / pbTestY.length).toFixed(3)}).`,
);

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
const twPreds = await predictSentiment(lstmText.model, vocab, twTexts, {
  labels: LABELS,
  maxLen: MAXLEN,
});
const twAcc = accuracyScore(twY, twPreds.map((p) => LABELS.indexOf(p.label)));
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
const rawPreds = await predictSentiment(lstmText.model, vocab, rawSentences, {
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
// training mean, and the majority direction; less naive, yesterday's vol rescaled by a
// one-variable linear fit on the training windows; and the standard one, **HAR-RV** (Corsi
// 2009): an OLS regression of the target on log realised volatility over the last day, week
// (5 days) and month (22 days), fitted on each fold's training windows only
// (`fitHarRv`, `lib/finance/har_rv.ts`). Walk-forward (`walkForwardFolds`): each
// fold trains on everything before its test block of dates, minus a 5-day embargo (targets
// look 5 days ahead). Inside each training part, the last 15% of the dates (after another
// 5-day embargo) are the validation slice for early stopping; standardisation uses the
// fitting windows only.

// %%
import { fitHarRv, harFeatures } from "@course/lib/finance/har_rv.ts";
const T = byMode(30, 20);
const TICKERS = byMode(["AAPL", "MSFT", "JPM", "XOM", "GE", "WMT", "PFE", "KO"], ["AAPL", "JPM"]);
const prices = loadStockNetPrices({ tickers: TICKERS });
interface Win {
  x: number[][];
  dir: number;
  vol: number;
  lastVol: number;
  har: number[];
  date: string;
  ticker: string;
}
const windows: Win[] = [];
TICKERS.forEach((ticker) => {
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
      har: harFeatures(r, end, { log: true, eps: 1e-4 }),
      date: dates[end],
      ticker,
    });
  }
});
const winTimes = windows.map((w) => new Date(w.date));

// %%
const FOLDS = byMode(3, 1);
const TEST_DAYS = Math.floor(new Set(windows.map((w) => w.date)).size / (FOLDS + 2));
const priceFolds = walkForwardFolds(winTimes, { folds: FOLDS, testSize: TEST_DAYS, embargo: 5 });
console.log(`${windows.length} windows of ${T}x5 from ${TICKERS.length} tickers, ${FOLDS} folds`);
console.log(describeSplit(priceFolds.flatMap((f) => [
  { ...f.train, name: `train ${f.index}` },
  { ...f.test, name: `test ${f.index}` },
])));

// %%
const PRICE_EPOCHS = byMode(8, 1);
const toTensor = (ws: Win[], scaler: StandardScaler): tf.Tensor3D =>
  tf.tensor3d(ws.map((w) => scaler.transform(w.x)));
interface PriceSet {
  x: tf.Tensor3D;
  vol: tf.Tensor2D;
  dir: tf.Tensor2D;
}
function priceSet(ws: Win[], scaler: StandardScaler, volScaler: StandardScaler): PriceSet {
  return {
    x: toTensor(ws, scaler),
    vol: tf.tensor2d(volScaler.transform(ws.map((w) => [w.vol]))),
    dir: oneHot(ws.map((w) => w.dir), 2),
  };
}
const volHolder: { model: tf.Sequential | null; scaler: StandardScaler | null } = {
  model: null,
  scaler: null,
};
/** An LSTM/GRU stack of 32 units, or an MLP on the flattened window, for one target. */
function priceModel(kind: "lstm" | "gru" | "mlp", target: "vol" | "dir"): tf.Sequential {
  const outputs = target === "dir" ? 2 : 1;
  const act = target === "dir" ? "softmax" : "linear";
  if (kind !== "mlp") {
    return buildSequenceRnn({
      timeSteps: T,
      features: 5,
      units: [32],
      cell: kind,
      outputs,
      outputActivation: act,
      seed: SEED,
    });
  }
  const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [T, 5] }),
      tf.layers.dense({ units: 32, activation: "relu", kernelInitializer: glorot(SEED) }),
      tf.layers.dense({ units: outputs, activation: act, kernelInitializer: glorot(SEED + 1) }),
    ],
  });
}

// %%
/** Train one price model with early stopping on the validation windows; predict the test ones. */
async function fitPrice(
  kind: "lstm" | "gru" | "mlp",
  target: "vol" | "dir",
  fitSet: PriceSet,
  valSet: PriceSet,
  xTe: tf.Tensor3D,
): Promise<{ pred: number[]; epochs: number }> {
  const model = priceModel(kind, target);
  const history = await train(model, { x: fitSet.x, y: fitSet[target] }, {
    epochs: PRICE_EPOCHS,
    batchSize: 64,
    seed: SEED,
    optimizer: "adam",
    lr: 1e-3,
    loss: target === "dir" ? "crossentropy" : "mse",
    validationData: { x: valSet.x, y: valSet[target] },
    earlyStopping: { patience: 2, restoreBest: true },
    progress: false,
  });
  const pred = target === "dir" ? await predictClasses(model, xTe) : await predictArray(model, xTe);
  if (kind === "lstm" && target === "vol") {
    volHolder.model?.dispose();
    volHolder.model = model;
  } else model.dispose();
  return { pred, epochs: history.epoch.length };
}

// %%
/** Naive baselines fitted on a fold's training windows, predicting its test windows. */
function priceBaselines(tr: Win[], te: Win[]): Record<string, FoldPrediction> {
  const teVol = te.map((w) => w.vol);
  const teDir = te.map((w) => w.dir);
  const trVol = tr.map((w) => w.vol);
  const trLast = tr.map((w) => w.lastVol);
  const slope = pearsonCorrelation(trLast, trVol) * seriesStd(trVol, 0) / seriesStd(trLast, 0);
  const icpt = seriesMean(trVol) - slope * seriesMean(trLast);
  return {
    "yesterday's vol": { y: teVol, p: te.map((w) => w.lastVol) },
    "yesterday's vol, rescaled": { y: teVol, p: te.map((w) => icpt + slope * w.lastVol) },
    "historical mean": { y: teVol, p: te.map(() => seriesMean(trVol)) },
    "HAR-RV": { y: teVol, p: fitHarRv(tr.map((w) => w.har), trVol).predict(te.map((w) => w.har)) },
    "dir majority": {
      y: teDir,
      p: new MajorityClassifier().fit(tr.map((w) => w.dir)).predict(te.length) as number[],
    },
  };
}

// %%
const priceRows: Record<string, string | number>[] = [];
/** One walk-forward fold: scalers on the fitting windows, baselines, then each network. */
async function priceFold(fold: WalkForwardFold): Promise<Record<string, FoldPrediction>> {
  const winsOf = (idx: number[]) => idx.map((i) => windows[i]);
  const [tr, fitWins, valWins, te] = [fold.train, fold.fit, fold.validation, fold.test].map(winsOf);
  const scaler = new StandardScaler().fit(fitWins.flatMap((w) => w.x));
  const volScaler = new StandardScaler().fit(fitWins.map((w) => [w.vol]));
  const fitSet = priceSet(fitWins, scaler, volScaler);
  const valSet = priceSet(valWins, scaler, volScaler);
  const xTe = toTensor(te, scaler);
  const teVol = te.map((w) => w.vol);
  const teDir = te.map((w) => w.dir);
  const out = priceBaselines(tr, te);
  for (const kind of ["lstm", "gru", "mlp"] as const) {
    const v = await fitPrice(kind, "vol", fitSet, valSet, xTe);
    const pv = volScaler.inverseTransform(v.pred.map((z) => [z])).map((r) => r[0]);
    const d = await fitPrice(kind, "dir", fitSet, valSet, xTe);
    out[`${kind} vol`] = { y: teVol, p: pv };
    out[`${kind} dir`] = { y: teDir, p: d.pred };
    priceRows.push({
      fold: fold.index,
      model: kind,
      vol_r2: r2Score(teVol, pv).toFixed(3),
      dir_acc: accuracyScore(teDir, d.pred).toFixed(3),
      "epochs (vol/dir)": `${v.epochs}/${d.epochs}`,
    });
  }
  volHolder.scaler = scaler;
  tf.dispose([fitSet.x, fitSet.vol, fitSet.dir, valSet.x, valSet.vol, valSet.dir, xTe]);
  return out;
}
const walk = await walkForwardEvaluate(winTimes, {
  folds: FOLDS,
  testSize: TEST_DAYS,
  embargo: 5,
  validationFraction: 0.15,
}, priceFold);
const pooled = walk.pooled;
console.table(priceRows);

// %%
const volR2 = (k: string) => r2Score(pooled[k].y, pooled[k].p);
const dirAcc = (k: string) => accuracyScore(pooled[k].y, pooled[k].p);
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
  {
    model: "yesterday's vol, rescaled on train",
    vol_r2: volR2("yesterday's vol, rescaled").toFixed(3),
    dir_acc: "",
  },
  { model: "historical mean", vol_r2: volR2("historical mean").toFixed(3), dir_acc: "" },
]);
const rescaledR2 = volR2("yesterday's vol, rescaled");
const dirGap = dirAcc("lstm dir") - dirAcc("dir majority");
const dirSe = Math.sqrt(0.25 / pooled["lstm dir"].y.length);
console.log(
  `Volatility: LSTM R² ${volR2("lstm vol").toFixed(3)} vs ${volR2("yesterday's vol").toFixed(3)} ` +
    `for yesterday's vol as it stands and ${rescaledR2.toFixed(3)} for yesterday's vol rescaled ` +
    `on the training windows (${
      volR2("lstm vol") > rescaledR2 ? "the LSTM is ahead" : "the LSTM is NOT ahead of it"
    }). Direction: LSTM ${dirAcc("lstm dir").toFixed(3)} vs ` +
    `${dirAcc("dir majority").toFixed(3)} for the majority direction, a gap of ` +
    `${dirGap >= 0 ? "+" : ""}${dirGap.toFixed(3)} against a standard error of ±${
      dirSe.toFixed(3)
    } (${pooled["lstm dir"].y.length} test windows): ${
      Math.abs(dirGap) < 2 * dirSe ? "no evidence of skill" : dirGap > 0 ? "some skill" : "worse"
    }.`,
);

// %% [markdown]
// The verdicts below are chosen by this run's numbers. Volatility: the LSTM against the
// strongest baseline by R², on paired squared errors of the same test windows (|t| > 2 on the
// mean difference; overlapping 5-day targets make that t optimistic). Direction: the gap to the
// majority direction against twice its standard error.

// %%
import { comparePairedLosses, md } from "@course/lib";
const volBaselines = ["yesterday's vol", "yesterday's vol, rescaled", "historical mean", "HAR-RV"];
const strongestVol = volBaselines.reduce((a, b) => (volR2(b) > volR2(a) ? b : a));
const sqErr = (k: string) => pooled[k].y.map((y, i) => (y - pooled[k].p[i]) ** 2);
const lstmVsStrongest = comparePairedLosses(sqErr("lstm vol"), sqErr(strongestVol));
md`**Volatility** (R² of next-week log volatility, pooled over ${priceFolds.length} test
fold(s)): LSTM ${volR2("lstm vol")}, GRU ${volR2("gru vol")}, MLP ${volR2("mlp vol")};
baselines: yesterday's vol as it stands ${volR2("yesterday's vol")}, rescaled on the training
windows ${volR2("yesterday's vol, rescaled")}, historical mean ${volR2("historical mean")},
HAR-RV ${volR2("HAR-RV")}. The strongest baseline is *${strongestVol}*, and the LSTM
**${lstmVsStrongest}** it (${lstmVsStrongest.rule} over ${lstmVsStrongest.n} windows).

**Direction**: LSTM ${dirAcc("lstm dir")} against ${dirAcc("dir majority")} for the majority
direction, a gap of ${dirGap} with a standard error of ${dirSe}: ${
  Math.abs(dirGap) <= 2 * dirSe
    ? "within two standard errors, no evidence of skill"
    : dirGap > 0
    ? "more than two standard errors above, some skill"
    : "more than two standard errors below, worse than always guessing the majority"
}.`;

// %%
// Checks that must hold in every run (quick or full): the pieces are wired correctly.
if (!(pbAccBow > pbAccMajority)) {
  throw new Error(`bag-of-words ${pbAccBow} should beat the majority class ${pbAccMajority}`);
}
if (!(volR2("HAR-RV") > volR2("historical mean"))) {
  throw new Error("HAR-RV should beat the historical mean: volatility is persistent");
}
if (!(volR2("yesterday's vol, rescaled") > volR2("historical mean"))) {
  throw new Error("yesterday's vol, rescaled on train, should beat the historical mean");
}
for (const k of Object.keys(pooled)) {
  if (!pooled[k].p.every(Number.isFinite)) throw new Error(`${k}: non-finite predictions`);
}

// %% [markdown]
// ## 6. What the hidden state holds
//
// `lstmTrace` recomputes the LSTM equations step by step from the trained volatility model's
// weights (it reproduces `tf.layers.lstm` to 1e-5, see the tests) and records the gates and
// the cell state. Below: the window that ends on the most volatile test day.

// %%
const lastFold = priceFolds[priceFolds.length - 1];
const hot = lastFold.test.indices.map((i) => windows[i]).reduce((a, b) =>
  b.x[T - 1][1] > a.x[T - 1][1] ? b : a
);
const hotScaler = volHolder.scaler!; // the last fold's training statistics, as the model saw
const trace = await lstmTrace(volHolder.model!.layers[0], hotScaler.transform(hot.x));
const units = [0, 1, 2, 3];
lineFigure({
  y: {
    "|return| (scaled)": hot.x.map((r) => r[1] / hotScaler.std[1]),
    ...Object.fromEntries(units.map((u) => [`cell ${u}`, trace.cell.map((c) => c[u])])),
    ...Object.fromEntries(units.map((u) => [`forget ${u}`, trace.forgetGate.map((g) => g[u])])),
  },
  dashed: units.map((u) => `forget ${u}`),
  title: `${hot.ticker}, ${T} days to ${hot.date}: cell state and forget gates of the LSTM`,
  xTitle: "day in window",
});

// %%
volHolder.model?.dispose();
tf.dispose([xFitText, xValText, xTestText, yFitText, yValText]);
[lstmText, gruText, biText].forEach((m) => m.model.dispose());
report({
  vol_r2_lstm: volR2("lstm vol"),
  vol_r2_baseline: volR2("yesterday's vol"),
  vol_r2_har: volR2("HAR-RV"),
  dir_acc_lstm: dirAcc("lstm dir"),
  dir_acc_baseline: dirAcc("dir majority"),
});
