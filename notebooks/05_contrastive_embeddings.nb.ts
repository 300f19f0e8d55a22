// %% [markdown]
// # 05 · Contrastive financial embeddings
//
// **The hope.** Headlines that move stocks alike should sit close together: if a sentence
// encoder placed tweets followed by a top-quintile day near each other and far from tweets
// followed by a bottom-quintile day, the nearest neighbours of today's tweets would forecast
// tomorrow's cross-section of returns.
//
// **The plan.** (tweets, next-day return) → return quintiles per date → pairs, triplets and
// batches (same quintile = positive) → train a small **projection head** on top of frozen
// sentence embeddings with four contrastive losses (cosine contrastive with a margin, triplet,
// InfoNCE, supervised contrastive), with hard negatives and with market- and sector-neutral
// targets → measure on a **test period the head never saw**: the within/across similarity
// gap, k-nearest-neighbour quintile accuracy against the 20% of chance, and the Spearman IC
// of a kNN-predicted return with its t-statistic.
//
// **What to expect.** Daily returns are mostly noise and tweets are mostly chatter. The
// effects below are tiny, and on the test period mostly indistinguishable from zero. That is
// the lesson: a gap that shows up on the training period is not a signal.
//
// Library pieces: `embed` and `NlpCache` (chapter 04), `joinNextTradingDay`,
// `addMarketRelative`, `addCrossSectionalQuantiles`, `chronologicalSplit` (chapter 01), the
// samplers `samplePairs`, `sampleTriplets`, `classBalancedBatches`, `mineHardNegatives`
// (`lib/data/samplers.ts`), the projection head (`lib/models/projection.ts`), the contrastive
// losses (`lib/losses/contrastive.ts`) and the similarity metrics (`lib/eval/similarity.ts`).

// %%
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import {
  addCrossSectionalQuantiles,
  addMarketRelative,
  avgSimilarityByGroup,
  byMode,
  chronologicalSplit,
  classBalancedBatches,
  cosineContrastiveLoss,
  cosineGapStatistic,
  coursePath,
  describeSplit,
  deviceBanner,
  disposeProjectionParams,
  embed,
  htmlTable,
  infoNceLoss,
  joinNextTradingDay,
  knnAccuracy,
  knnReturnIc,
  lineFigure,
  loadStockNetPrices,
  loadStockNetTweets,
  logReturnExpr,
  mineHardNegatives,
  NlpCache,
  pca,
  permutationTest,
  predictRows,
  projectionForward,
  type ProjectionParams,
  projectionParams,
  projectionVariables,
  report,
  type Rng,
  rng,
  samplePairs,
  sampleTriplets,
  scatterFigure,
  subplotsFigure,
  supConLoss,
  train,
  tripletLoss,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## Data: tweets → the next trading day's return
//
// Daily log returns of the 88 StockNet stocks. A tweet dated `d` is matched to the **first
// trading day strictly after `d`** of its ticker (`joinNextTradingDay`): a tweet can only be
// followed by its return, never accompanied by it, and weekend tweets roll forward to Monday.
// One **item** is a (ticker, target day): the tweets that precede that day's return.
//
// Embedding tens of thousands of tweets on a laptop CPU takes a while, so the notebook keeps
// a deterministic sample: a seeded permutation of all items, its first `nItems`, at most
// `tweetsPerItem` tweets each (the data file's own hash order). Quick mode keeps a subset of
// the full sample, so the embedding cache filled by one run serves the other.

// %%
const SEED = 42;
const nItems = byMode(2400, 160);
const tweetsPerItem = byMode(2, 1);
const embargoDays = 5;

const daily = loadStockNetPrices({ withSectors: true })
  .withColumns(logReturnExpr("adj_close").alias("log_ret"))
  .filter(pl.col("log_ret").isNotNull());
const tweets = loadStockNetTweets();
const tweetTargets = joinNextTradingDay(tweets, daily, { ret: "log_ret" });
const allItems = tweetTargets
  .groupBy(["ticker", "target_date"])
  .agg(pl.col("text").head(tweetsPerItem).alias("texts"), pl.len().alias("n_tweets"))
  .sort(["target_date", "ticker"]);
const keep = rng(SEED).permutation(allItems.height).slice(0, nItems).sort((a, b) => a - b);
const sampled = allItems.withRowIndex("row").filter(pl.col("row").isIn(keep)).drop("row");
console.log(
  `${tweets.height} tweets → ${tweetTargets.height} joined to a next trading day → ` +
    `${allItems.height} (ticker, day) items; sampled ${sampled.height}, ` +
    `≤ ${tweetsPerItem} tweet(s) each`,
);

// %% [markdown]
// ## Split in time first, then the rules that need fitting
//
// Train (60% of the item days), validation (20%) and test (the last 20%), each separated by an
// **embargo** of `embargoDays` item days so that news spilling over a boundary cannot link the
// parts. Everything that is *fitted* uses the training period only: here, each stock's market
// beta.

// %%
const itemDates = sampled.getColumn("target_date").toArray() as unknown as Date[];
const [trainPart, valPart, testPart] = chronologicalSplit(itemDates, {
  train: 0.6,
  val: 0.2,
  gap: embargoDays,
});
console.log(describeSplit([trainPart, valPart, testPart]));
const pick = <T>(xs: readonly T[], idx: readonly number[]) => idx.map((i) => xs[i]);
const trainEndDay = Math.round((trainPart.end as Date).getTime() / 86_400_000);

// %% [markdown]
// ## Targets: raw quintiles and market- and sector-neutral quintiles
//
// **Raw quintiles.** On each day, the stocks of the whole 88-stock universe are split into
// five equal groups by that day's return (`addCrossSectionalQuantiles`): quintile 4 is the
// top fifth of the day. A per-date rank fits no parameter, so it cannot leak. Note that it is
// already neutral to the equal-weighted market: subtracting the same number from every stock
// of a day changes no rank.
//
// **Neutral quintiles** (what a Numerai-style target does): remove what a known factor
// explains, so that a model cannot score by re-discovering the factor. Residual
// `r − β·m` against the equal-weighted market `m` (`addMarketRelative`), with each stock's beta
// fitted on the **training period only**, then minus the residual's mean over the stock's
// sector that day. A tweet about oil prices that "predicts" every energy stock's day is a
// sector bet, not stock-specific information; the neutral target no longer rewards it.

// %%
const withMarket = addMarketRelative(daily, { ret: "log_ret", name: "ret_rel" })
  .withColumns(pl.col("log_ret").minus(pl.col("ret_rel")).alias("mkt"));
const dm = (c: string) => pl.col(c).minus(pl.col(c).mean());
const betas = withMarket
  .filter(pl.col("date").cast(pl.Int32).ltEq(pl.lit(trainEndDay)))
  .groupBy("ticker")
  .agg(dm("log_ret").mul(dm("mkt")).sum().div(dm("mkt").pow(2).sum()).alias("beta"));
const universe = addCrossSectionalQuantiles(
  addCrossSectionalQuantiles(
    withMarket.join(betas, { on: "ticker", how: "left" })
      .withColumns(pl.col("log_ret").minus(pl.col("beta").mul(pl.col("mkt"))).alias("resid"))
      .withColumns(
        pl.col("resid").minus(pl.col("resid").mean().over("date", "sector")).alias(
          "ret_neutral",
        ),
      ),
    { col: "log_ret", name: "q_raw" },
  ),
  { col: "ret_neutral", name: "q_neutral" },
);
const betaValues = betas.getColumn("beta").toArray() as number[];
console.log(
  `betas fitted on ${betas.height} stocks up to ${
    (trainPart.end as Date).toISOString().slice(0, 10)
  }: median ${betaValues.sort((a, b) => a - b)[betaValues.length >> 1].toFixed(2)}`,
);

// %%
const items = sampled.join(
  universe.select(
    pl.col("ticker"),
    pl.col("date").alias("target_date"),
    pl.col("log_ret"),
    pl.col("ret_neutral"),
    pl.col("q_raw"),
    pl.col("q_neutral"),
    pl.col("sector"),
  ),
  { on: ["ticker", "target_date"], how: "left" },
);
const col = (name: string) => items.getColumn(name).toArray() as number[];
const retRaw = col("log_ret"), retNeutral = col("ret_neutral");
const qRaw = col("q_raw"), qNeutral = col("q_neutral");
if (items.height !== sampled.height || [...qRaw, ...qNeutral].some((q) => q === null)) {
  throw new Error("every sampled item must have its labels");
}
const quintileCounts = (q: number[], idx: number[]) =>
  [0, 1, 2, 3, 4].map((k) => idx.filter((i) => q[i] === k).length);
htmlTable(
  [trainPart, valPart, testPart].map((p) => ({
    part: p.name,
    items: p.indices.length,
    from: (p.start as Date).toISOString().slice(0, 10),
    to: (p.end as Date).toISOString().slice(0, 10),
    "raw quintiles 0..4": quintileCounts(qRaw, p.indices).join(" / "),
    "neutral quintiles 0..4": quintileCounts(qNeutral, p.indices).join(" / "),
  })),
  { caption: "Items per part and per quintile (tweeted stocks are not a uniform sample)" },
);

// %% [markdown]
// ## Base embeddings (off the shelf), cached
//
// `embed` runs all-MiniLM-L6-v2 when its files are on disk and otherwise the offline Universal
// Sentence Encoder lite; the line below says which one ran, and every result in this chapter
// belongs to that model. Vectors are cached in a Parquet file under `out/cache/` keyed by
// (model, text), so a second run embeds nothing. An item's vector is the normalised mean of
// its tweets' vectors.

// %%
const itemTexts = items.getColumn("texts").toArray() as unknown as string[][];
const uniqueTexts = [...new Set(itemTexts.flat())];
const cache = NlpCache.open(coursePath("out", "cache", "ch05_stocknet_tweets.parquet"));
const tEmbed = performance.now();
const embedded = await embed(uniqueTexts, { cache });
const encoderLabel = embedded.model;
const dim = embedded.dim;
/** Each item's vector: the normalised mean of its tweets' vectors (`vectors` in uniqueTexts order). */
function itemVectors(vectors: readonly Float32Array[]): Float32Array[] {
  const vectorOf = new Map(uniqueTexts.map((t, i) => [t, vectors[i]]));
  return itemTexts.map((texts) => {
    const v = new Float32Array(vectors[0].length);
    for (const t of texts) vectorOf.get(t)!.forEach((x, k) => (v[k] += x));
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
}
const base = itemVectors(embedded.vectors);
console.log(
  `${uniqueTexts.length} tweets embedded by ${encoderLabel} (${dim}-d) in ` +
    `${((performance.now() - tEmbed) / 1000).toFixed(1)} s` +
    (embedded.note ? `\nnote: ${embedded.note}` : ""),
);

// %% [markdown]
// ### All tweets look alike to the encoder
//
// Sentence embeddings are *anisotropic*: they share a large common direction, so two random
// tweets already have a high cosine similarity (printed below). A head fed such inputs starts
// with every output pointing the same way and hardly moves. The fix is a fitted
// transformation, so it is fitted on the **training period**: subtract the training items' mean
// vector from every item and re-normalise. The heads read these centred vectors; the
// off-the-shelf rows of the tables are measured on both versions.

// %%
/** Subtract the training items' mean vector from every item and re-normalise. */
function centreOnTraining(items: readonly Float32Array[]): Float32Array[] {
  const mean = new Float32Array(items[0].length);
  for (const i of trainPart.indices) {
    items[i].forEach((x, k) => (mean[k] += x / trainPart.indices.length));
  }
  return items.map((v) => {
    const c = v.map((x, k) => x - mean[k]);
    const norm = Math.hypot(...c) || 1;
    return c.map((x) => x / norm);
  });
}
const centred = centreOnTraining(base);
const meanCos = (Z: readonly Float32Array[]) => {
  const s = avgSimilarityByGroup(pick(Z, trainPart.indices), pick(qRaw, trainPart.indices));
  return (s.within * s.withinPairs + s.across * s.acrossPairs) / (s.withinPairs + s.acrossPairs);
};
console.log(
  `mean cosine similarity of two training items: ${meanCos(base).toFixed(3)} as embedded, ` +
    `${meanCos(centred).toFixed(3)} after centring on the training mean`,
);

// %% [markdown]
// ## How to measure "headlines that move stocks alike sit together"
//
// For a set of embeddings and quintile labels:
//
// - **similarity gap** = mean cosine similarity of same-quintile pairs − mean over
//   different-quintile pairs, within one period (`avgSimilarityByGroup`). Zero means the
//   quintiles are invisible in the geometry. The gap is in cosine units of *its* space: next
//   to it the tables show the mean cosine of all test pairs, which is near 1 when an
//   embedding has collapsed (everything in one direction, every gap ≈ 0).
// - **kNN quintile accuracy**: each validation/test item takes the majority quintile of its
//   `k` most similar **training** items (`knnAccuracy`). Chance is 20%.
// - **IC**: predict each item's return as the mean return of its `k` training neighbours, then
//   the Spearman correlation with the realised return (`knnReturnIc`), with the t-statistic
//   `ic·√((n−2)/(1−ic²))`. |t| < 2 is indistinguishable from no skill.
//
// The reference set of the neighbours is always the training period, so nothing from the
// future is looked up.

// %%
const kNeighbors = byMode(25, 10);

interface Scores {
  /** Mean cosine of all test pairs: near 1 means a collapsed embedding. */
  testMeanCos: number;
  trainGap: number;
  valGap: number;
  testGap: number;
  valAcc: number;
  testAcc: number;
  ic: number;
  icT: number;
}

/** Every metric of one embedding of all items, for one target (quintiles and returns). */
function scoreEmbedding(Z: readonly ArrayLike<number>[], q: number[], ret: number[]): Scores {
  const part = (p: { indices: number[] }) => ({
    embeddings: pick(Z, p.indices),
    values: pick(q, p.indices),
  });
  const train = part(trainPart), val = part(valPart), test = part(testPart);
  const testIc = knnReturnIc({
    train: { embeddings: train.embeddings, values: pick(ret, trainPart.indices) },
    test: { embeddings: test.embeddings, values: pick(ret, testPart.indices) },
    k: kNeighbors,
  });
  const testSim = avgSimilarityByGroup(test.embeddings, test.values);
  return {
    testMeanCos: (testSim.within * testSim.withinPairs + testSim.across * testSim.acrossPairs) /
      (testSim.withinPairs + testSim.acrossPairs),
    trainGap: avgSimilarityByGroup(train.embeddings, train.values).gap,
    valGap: avgSimilarityByGroup(val.embeddings, val.values).gap,
    testGap: testSim.gap,
    valAcc: knnAccuracy({ train, test: val, k: kNeighbors }).accuracy,
    testAcc: knnAccuracy({ train, test, k: kNeighbors }).accuracy,
    ic: testIc.ic,
    icT: testIc.t,
  };
}

// %%
const baseline = scoreEmbedding(base, qRaw, retRaw);
const baselineCentred = scoreEmbedding(centred, qRaw, retRaw);
const baselineNeutral = scoreEmbedding(centred, qNeutral, retNeutral);
const fmt = (x: number, d = 4) => x.toFixed(d);
console.log(
  `off-the-shelf ${encoderLabel}: test gap ${fmt(baseline.testGap)} ` +
    `(train ${fmt(baseline.trainGap)}), kNN accuracy ${fmt(baseline.testAcc, 3)} ` +
    `vs 0.200 chance, IC ${fmt(baseline.ic, 3)} (t = ${fmt(baseline.icT, 2)})`,
);

// %% [markdown]
// ### The course's own transformer encoder, beside it
//
// Chapter 04's `deno task train:finbert` also ships the small BERT it pre-trained (masked-language
// modelling plus distillation from USE-lite, no labels) as a sentence encoder in the
// sentence-transformers layout, `models/course-bert-embed/`, which `embed` runs through
// transformers.js like any Hub encoder. The same items, centring and measurements, off the shelf:

// %%
const ownEmbedded = await embed(uniqueTexts, {
  model: "models/course-bert-embed",
  modelsDir: coursePath(),
  offline: true,
  cache,
});
const ownCentred = centreOnTraining(itemVectors(ownEmbedded.vectors));
const ownBaseline = scoreEmbedding(ownCentred, qRaw, retRaw);
htmlTable(
  [
    [`${encoderLabel} (${dim}-d)`, baselineCentred],
    [`${ownEmbedded.model} (${ownEmbedded.dim}-d)`, ownBaseline],
  ].map(([name, sc]) => {
    const x = sc as Scores;
    return {
      encoder: name as string,
      "test gap": fmt(x.testGap),
      "test mean cos": fmt(x.testMeanCos, 3),
      "kNN acc (test)": fmt(x.testAcc, 3),
      IC: fmt(x.ic, 3),
      "IC t": fmt(x.icT, 2),
    };
  }),
  {
    caption:
      "Off the shelf, centred on the training mean: the pretrained encoder and the course's own",
  },
);

// %% [markdown]
// ### A leak to recognise: neighbours from the same days
//
// Same measurement, but the neighbours may come from **any** period (leave-one-out over all
// items, as a random split would allow). Tweets of the same day and the same story are near
// duplicates, and items of the same ticker and week share news; if the score rises, it is the
// calendar talking, not the text's information about the future.

// %%
const leakyAcc = knnAccuracy({ train: { embeddings: base, values: qRaw }, k: kNeighbors })
  .accuracy;
console.log(
  `kNN accuracy, neighbours from any period (leave-one-out): ${fmt(leakyAcc, 3)}; ` +
    `test period with training-period neighbours: ${fmt(baseline.testAcc, 3)}`,
);

// %% [markdown]
// ## The projection head and the four losses
//
// The sentence encoder stays frozen; a small head (`projectionParams`: the encoder's dimension
// → 128 → 64, ReLU,
// L2-normalised output) learns a new geometry from the training period only. Each loss sees
// the training items through its sampler:
//
// | loss | batch (sampler) | pushes |
// |---|---|---|
// | cosine contrastive, margin 0.5 | 128 pairs, half positive (`samplePairs`) | same quintile → cos 1, others below 0.5 |
// | triplet, cosine distance, margin 0.2 | 128 triplets (`sampleTriplets`) | positive closer than negative by the margin |
// | InfoNCE, τ = 0.1 | 128 (anchor, same-quintile partner) pairs | each anchor picks its partner among 128 keys |
// | supervised contrastive, τ = 0.1 | `perClass` = 16 items of each quintile (`classBalancedBatches`) | every same-quintile item is a positive |
//
// InfoNCE treats every other key as a negative although about a fifth of them share the
// anchor's quintile ("false negatives"); SupCon uses the labels to count them as positives.
// **Hard negatives**: the triplet loss again, but each negative is one of the anchor's 10 most
// similar items of another quintile under the current head (`mineHardNegatives`, re-mined
// every `remineEvery` = 50 steps). Every run starts from the same seeded head and trains for the same number
// of Adam steps; the curves record the loss and the similarity gap on a fixed subsample of the
// training items and on the validation items.

// %%
const steps = byMode(300, 12);
const remineEvery = byMode(50, 6);
const logEvery = byMode(25, 4);
const lr = 3e-3;
const xAll = tf.tensor2d(centred.map((v) => Array.from(v)));
const xTrain = tf.gather(xAll, trainPart.indices) as tf.Tensor2D;
const curveRows = rng(SEED + 1).permutation(trainPart.indices.length).slice(0, 400);

/**
 * A training batch: the loss of the head on one seeded draw from the training items; an
 * optional `prepare` runs before a step (asynchronous work such as reading embeddings).
 */
type LossStep = ((head: ProjectionParams, labels: number[], r: Rng, step: number) => tf.Scalar) & {
  prepare?: (head: ProjectionParams, labels: number[], step: number) => Promise<void>;
};

const rowsOf = (head: ProjectionParams, idx: number[]) =>
  tf.tidy(() => projectionForward(head, tf.gather(xTrain, idx)));

/** Project rows through the head and read them back as plain rows. */
const project = (head: ProjectionParams, x: tf.Tensor2D) =>
  predictRows((t) => projectionForward(head, t), x);
/** Project every item through the head, as plain rows. */
const projectAll = (head: ProjectionParams) => project(head, xAll);

interface HeadRun {
  head: ProjectionParams;
  curve: { step: number; loss: number; trainGap: number; valGap: number }[];
}

/**
 * Train a fresh head (same seed for every loss) with Adam on one loss and one target `q`, on the
 * course loop: the loss hook draws its own batch; the callbacks prepare a step and log the curve.
 */
async function trainHead(lossStep: LossStep, q: number[]): Promise<HeadRun> {
  const labels = pick(q, trainPart.indices);
  const head = projectionParams({ inputDim: dim, hidden: [128], outputDim: 64, seed: SEED });
  const optimizer = tf.train.adam(lr);
  const r = rng(SEED + 2);
  const curve: HeadRun["curve"] = [];
  let step = 0;
  await train({ variables: head, loss: () => lossStep(head, labels, r, step) }, null, {
    epochs: 1,
    stepsPerEpoch: steps,
    optimizer,
    guard: false,
    recordSteps: true, // read each step's loss for the curve
    progress: false,
    callbacks: {
      onBatchBegin: async (s: number) => {
        step = s + 1;
        await lossStep.prepare?.(head, labels, step);
      },
      onBatchEnd: async (_s: number, info: { loss: number | null }) => {
        if (step % logEvery !== 0 && step !== steps) return;
        const Z = await projectAll(head);
        const trainRows = pick(trainPart.indices, curveRows);
        curve.push({
          step,
          loss: info.loss as number,
          trainGap: avgSimilarityByGroup(pick(Z, trainRows), pick(labels, curveRows)).gap,
          valGap: avgSimilarityByGroup(pick(Z, valPart.indices), pick(q, valPart.indices)).gap,
        });
      },
    },
  });
  optimizer.dispose();
  return { head, curve };
}

// %%
const batch = 128;
const perClass = byMode(16, 4);
const contrastiveStep: LossStep = (head, labels, r) => {
  const p = samplePairs(labels, batch, { rng: r, positiveRatio: 0.5 });
  return cosineContrastiveLoss(rowsOf(head, p.a), rowsOf(head, p.b), p.label, 0.5);
};
const tripletStep: LossStep = (head, labels, r) => {
  const t = sampleTriplets(labels, batch, { rng: r });
  return tripletLoss(rowsOf(head, t.anchor), rowsOf(head, t.positive), rowsOf(head, t.negative), {
    margin: 0.2,
  });
};
const infoNceStep: LossStep = (head, labels, r) => {
  const t = sampleTriplets(labels, batch, { rng: r });
  return infoNceLoss(rowsOf(head, t.anchor), rowsOf(head, t.positive), 0.1);
};
const supConStep: LossStep = (head, labels, r) => {
  const [rows] = classBalancedBatches(labels, { perClass, batches: 1, rng: r });
  return supConLoss(rowsOf(head, rows), pick(labels, rows), 0.1);
};
let hardLists: number[][] = [];
const hardTripletStep: LossStep = Object.assign(
  (head: ProjectionParams, labels: number[], r: Rng) => {
    const t = sampleTriplets(labels, batch, { rng: r });
    const negative = t.anchor.map((a) => hardLists[a][r.int(hardLists[a].length)]);
    return tripletLoss(rowsOf(head, t.anchor), rowsOf(head, t.positive), rowsOf(head, negative), {
      margin: 0.2,
    });
  },
  {
    prepare: async (head: ProjectionParams, labels: number[], step: number) => {
      if (step === 1 || step % remineEvery === 0) {
        hardLists = mineHardNegatives(await project(head, xTrain), labels, { k: 10 });
      }
    },
  },
);
const memoryBefore = tf.memory().numTensors;

// %%
const tTrain = performance.now();
const runs: Record<string, HeadRun> = {
  contrastive: await trainHead(contrastiveStep, qRaw),
  triplet: await trainHead(tripletStep, qRaw),
  infonce: await trainHead(infoNceStep, qRaw),
  supcon: await trainHead(supConStep, qRaw),
  "triplet + hard negatives": await trainHead(hardTripletStep, qRaw),
};
const headTensors = Object.keys(runs).length * projectionVariables(runs.supcon.head).length;
if (tf.memory().numTensors !== memoryBefore + headTensors) {
  throw new Error(`tensor leak: ${tf.memory().numTensors - memoryBefore - headTensors} left`);
}
console.log(
  `${Object.keys(runs).length} heads × ${steps} steps in ` +
    `${((performance.now() - tTrain) / 1000).toFixed(1)} s; no tensor left behind`,
);
subplotsFigure(
  [
    lineFigure({
      x: runs.supcon.curve.map((c) => c.step),
      y: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.curve.map((c) => c.loss)])),
      title: "training loss (each on its own scale)",
      xTitle: "step",
    }),
    lineFigure({
      x: runs.supcon.curve.map((c) => c.step),
      y: Object.fromEntries(
        Object.entries(runs).flatMap(([k, v]) => [
          [`${k} · train`, v.curve.map((c) => c.trainGap)],
          [`${k} · validation`, v.curve.map((c) => c.valGap)],
        ]),
      ),
      dashed: Object.keys(runs).map((k) => `${k} · validation`),
      title: "similarity gap: training items (solid) vs validation (dashed)",
      xTitle: "step",
    }),
  ],
  { cols: 2, title: `Projection heads on ${encoderLabel} embeddings` },
);

// %% [markdown]
// ## Market- and sector-neutral targets
//
// The loss with the best **validation** kNN accuracy (the test period plays no part in the
// choice) is trained again on the neutral quintiles, and scored against neutral quintiles and
// neutral returns, next to the off-the-shelf embeddings scored the same way.

// %%
const scores: Record<string, Scores> = {};
for (const [k, v] of Object.entries(runs)) {
  scores[k] = scoreEmbedding(await projectAll(v.head), qRaw, retRaw);
}
const bestName = Object.keys(scores).reduce((
  a,
  b,
) => (scores[b].valAcc > scores[a].valAcc ? b : a));
const best = scores[bestName];
const neutralSteps: Record<string, LossStep> = {
  contrastive: contrastiveStep,
  triplet: tripletStep,
  infonce: infoNceStep,
  supcon: supConStep,
  "triplet + hard negatives": hardTripletStep,
};
const neutralRun = await trainHead(neutralSteps[bestName], qNeutral);
const neutral = scoreEmbedding(await projectAll(neutralRun.head), qNeutral, retNeutral);
console.log(`best on validation: ${bestName} (validation kNN accuracy ${fmt(best.valAcc, 3)})`);

// %% [markdown]
// ## The test period: what survives
//
// One row per embedding; every number except `train gap` is measured on items the head never
// saw, from a later period, with the training items as the only neighbours.

// %%
const row = (name: string, target: string, s: Scores) => ({
  embedding: name,
  target,
  "train gap": s.trainGap,
  "test gap": s.testGap,
  "test mean cos": s.testMeanCos,
  "val kNN acc": s.valAcc,
  "test kNN acc": s.testAcc,
  "test IC": s.ic,
  "IC t-stat": s.icT,
});
htmlTable(
  [
    row(`off the shelf (${encoderLabel.split(" ")[0]})`, "raw quintiles", baseline),
    row("off the shelf, centred", "raw quintiles", baselineCentred),
    ...Object.entries(scores).map(([k, s]) => row(`head · ${k}`, "raw quintiles", s)),
    row("off the shelf, centred", "neutral quintiles", baselineNeutral),
    row(`head · ${bestName}`, "neutral quintiles", neutral),
  ],
  {
    caption: `Test period ${(testPart.start as Date).toISOString().slice(0, 10)}..` +
      `${(testPart.end as Date).toISOString().slice(0, 10)}, ${testPart.indices.length} items, ` +
      `k = ${kNeighbors}; kNN chance = 0.200`,
    digits: 4,
  },
);

// %% [markdown]
// ### Is a test gap more than noise? A permutation test
//
// Shuffle the quintile labels of the test items many times and recompute the gap: the spread
// of those gaps is what "no relation at all" looks like on this many items. The cosine matrix
// is computed once; each shuffle only re-sums it.
//
// A gap outside the band is real *in that period* but not necessarily useful. Shuffling
// breaks every link between text and label, including links that are not news: in a period
// when one sector falls for months, tweets about its stocks (which resemble each other) pile
// up in the bottom quintiles; on one day, tweets about the stocks of one sector resemble each
// other and share the sector's move. Two checks: shuffle the labels only *within* each
// (sector, day) — that link survives the shuffle, so if the band moves up to the observed gap,
// it explains the gap — and the market- and sector-neutral target (last line). Neither kind
// of gap carries over to another period: the kNN accuracy, which looks up the *training*
// period, stays near chance.

// %%
const nPermutations = byMode(500, 50);

/** Test-period gap of `Z` against shuffled quintile labels (within each stratum if given). */
const gapTest = (Z: readonly ArrayLike<number>[], q: number[], strata?: string[]) =>
  permutationTest(pick(q, testPart.indices), cosineGapStatistic(pick(Z, testPart.indices)), {
    permutations: nPermutations,
    seed: SEED + 3,
    strata: strata && pick(strata, testPart.indices),
  });
const headVectors = await projectAll(runs[bestName].head);
const sectorDays = (items.getColumn("sector").toArray() as string[]).map((sec, i) =>
  `${sec} ${itemDates[i].toISOString().slice(0, 10)}`
);
for (
  const [name, Z, q, strata] of [
    ["off the shelf", base, qRaw, undefined],
    ["off the shelf, centred", centred, qRaw, undefined],
    [`head · ${bestName}`, headVectors, qRaw, undefined],
    ["off the shelf · shuffled within sector-day", base, qRaw, sectorDays],
    ["off the shelf, centred · neutral", centred, qNeutral, undefined],
  ] as const
) {
  const t = gapTest(Z, q, strata);
  console.log(
    `${name.padEnd(42)} test gap ${fmt(t.observed)}; shuffled labels: 95% of gaps in ` +
      `[${fmt(t.band[0])}, ${fmt(t.band[1])}], p = ${fmt(t.p, 3)}`,
  );
}

// %% [markdown]
// ## The geometry, before and after
//
// PCA of the test items' embeddings to two dimensions (`pca`), coloured by their raw
// quintile: off the shelf, and through the head with the best validation accuracy. A head
// that had learned return information would pull the colours apart on items it never saw.

// %%
const testQ = pick(qRaw, testPart.indices).map((q) => `quintile ${q}`);
const pcaBefore = pca(pick(base, testPart.indices));
const pcaAfter = pca(pick(headVectors, testPart.indices));
const pcaPanel = (p: ReturnType<typeof pca>, title: string) =>
  scatterFigure({
    x: p.points.map((q) => q[0]),
    y: p.points.map((q) => q[1]),
    groups: testQ,
    size: 5,
    title: `${title} (PC1 ${(100 * p.explained[0]).toFixed(1)}%, PC2 ${
      (100 * p.explained[1]).toFixed(1)
    }%)`,
  });
subplotsFigure(
  [pcaPanel(pcaBefore, "off the shelf"), pcaPanel(pcaAfter, `head · ${bestName}`)],
  { cols: 2, title: "Test-period items by next-day return quintile" },
);

// %% [markdown]
// ## An honest reading
//
// The numbers this discussion refers to are printed by the cell below it.
//
// **Training period vs test period.** A head can separate the quintiles of the items it was
// trained on far better than the encoder does — the solid curves above — while the dashed
// validation curves show whether any of it carries to later items. A training gap that does
// not carry is *memorisation*: two dense
// layers and 64 dimensions are plenty to pull a thousand noisy labels apart. The number that
// matters is the test gap on later items: compare it with the band of shuffled labels from
// the permutation test, the kNN accuracy with the 20% of chance, the IC with its t-statistic
// (|t| < 2: no evidence). Choosing the "best" head on the validation period and reporting it
// on the test period keeps that choice honest; picking the best test row would not be.
//
// **Collapse under hard negatives.** With labels this noisy, an anchor's most similar item of
// another quintile is often a near-duplicate tweet. The triplet loss cannot push
// near-duplicates apart, so it can settle for mapping everything to nearly one point (loss at
// the margin, mean cosine near one, every gap near zero); the cell below says whether it did in
// this run. Semi-hard negatives (FaceNet), a larger `k` or fewer, later hard-negative rounds are
// the usual remedies.
//
// **Why so little?** Tomorrow's cross-sectional rank of a stock is mostly noise; most tweets
// are chatter ("$AAPL looking strong today"); and whatever news explains is largely priced
// before the next close. A label that is mostly noise teaches a head whatever separates the
// training labels by accident: tickers, weeks, stories.
//
// **Temporal leakage.** A random split puts tweets of the same day and the same story in
// training and test, and neighbours then find the near-duplicate with the known label. The
// leave-one-out accuracy above (neighbours from any period) shows how much that alone moves
// the score on this sample. Here the split is chronological with an embargo, the centring
// mean and the betas come from the training period, and a test item's neighbours are all older.
//
// **What the seed's author hoped for.** Numerai-style targets: neutralise the label against
// known factors (market beta, sector) so a model is rewarded only for stock-specific
// information. The neutral rows compare the head with the centred encoder on the same neutral
// target. Honest next steps: all tweets of an item (not two), walk-forward over several test
// periods, a text encoder trained on financial text, and confidence intervals by resampling
// days.

// %%
const verdict = (name: string, s: Scores) =>
  `${name.padEnd(36)} train gap ${fmt(s.trainGap)} → test gap ${fmt(s.testGap)}; ` +
  `test kNN ${fmt(s.testAcc, 3)} (chance 0.200); IC ${fmt(s.ic, 3)}, t ${fmt(s.icT, 2)} ` +
  `${Math.abs(s.icT) < 2 ? "(not significant)" : "(|t| ≥ 2)"}`;
console.log(
  [
    verdict("off the shelf", baseline),
    verdict("off the shelf, centred", baselineCentred),
    ...Object.entries(scores).map(([k, s]) => verdict(`head · ${k}`, s)),
    verdict("off the shelf, centred · neutral", baselineNeutral),
    verdict(`head · ${bestName} · neutral`, neutral),
  ].join("\n"),
);
const headEntries = Object.entries(scores);
const [widest, widestScores] = headEntries.reduce((
  m,
  e,
) => (e[1].trainGap > m[1].trainGap ? e : m));
console.log(
  `\nlargest training-period gap: head · ${widest} ${fmt(widestScores.trainGap)} → ` +
    `test period ${fmt(widestScores.testGap)}`,
);
const collapsed = headEntries.filter(([, v]) => v.testMeanCos > 0.95).map(([k]) => k);
console.log(
  `collapsed heads (mean test cosine > 0.95): ${collapsed.length ? collapsed.join(", ") : "none"}`,
);
const significant = headEntries.filter(([, v]) => Math.abs(v.icT) >= 2).map(([k]) => k);
console.log(
  `heads with |IC t| ≥ 2 on the test period: ${
    significant.length ? significant.join(", ") : "none"
  }`,
);

// %%
const all = [baseline, baselineCentred, baselineNeutral, neutral, ...Object.values(scores)];
if (!all.every((s) => Object.values(s).every(Number.isFinite))) {
  throw new Error("every score must be finite");
}
const meanHeadTrainGap = Object.values(scores).reduce((t, s) => t + s.trainGap, 0) /
  Object.keys(scores).length;
if (!(meanHeadTrainGap > baseline.trainGap)) {
  throw new Error("training the heads should raise the training-period gap");
}
for (const run of [...Object.values(runs), neutralRun]) disposeProjectionParams(run.head);
tf.dispose([xAll, xTrain]);

// %%
import { md } from "@course/lib";
const hardHead = scores["triplet + hard negatives"];
md`**In this run** (${encoderLabel}, a head of ${dim} → 128 → 64): the widest training-period
gap, head · ${widest}, is ${fmt(widestScores.trainGap)} and ${fmt(widestScores.testGap)} on the
test period. The head chosen on validation, *${bestName}*, reaches test kNN accuracy
${fmt(best.testAcc, 3)} against ${fmt(baseline.testAcc, 3)} off the shelf (chance: one in five),
and an IC of ${fmt(best.ic, 3)} with t = ${fmt(best.icT, 2)}: ${
  Math.abs(best.icT) < 2 ? "no evidence of skill (|t| < 2)" : "|t| ≥ 2"
}. Heads with a mean test cosine above 0.95 (collapsed): ${
  collapsed.length ? collapsed.join(", ") : "none"
}; the hard-negative head's mean test cosine is ${fmt(hardHead.testMeanCos, 3)}.`;

// %% [markdown]
// ## Headline numbers
//
// Test-period gaps (within − across quintile similarity) for the off-the-shelf embeddings and
// each loss; kNN accuracy off the shelf and for the head chosen on validation (`best_head`),
// with that head's IC and t-statistic.

// %%
report({
  encoder: encoderLabel,
  gap_baseline: Number(baseline.testGap.toFixed(5)),
  gap_contrastive: Number(scores.contrastive.testGap.toFixed(5)),
  gap_triplet: Number(scores.triplet.testGap.toFixed(5)),
  gap_infonce: Number(scores.infonce.testGap.toFixed(5)),
  gap_supcon: Number(scores.supcon.testGap.toFixed(5)),
  knn_acc_baseline: Number(baseline.testAcc.toFixed(4)),
  knn_acc_course_bert_embed: Number(ownBaseline.testAcc.toFixed(4)),
  gap_course_bert_embed: Number(ownBaseline.testGap.toFixed(5)),
  best_head: bestName,
  knn_acc_best: Number(best.testAcc.toFixed(4)),
  ic_best: Number(best.ic.toFixed(4)),
  ic_best_t: Number(best.icT.toFixed(3)),
});

// %% [markdown]
// ## Exercise
//
// Open `exercises/05_contrastive/05_contrastive.ipynb`: build the stratified pair dataset, the
// cosine contrastive loss and the within/across similarity yourself, then check your work with
// `deno task grade 05`.
