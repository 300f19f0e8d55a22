// %% [markdown]
// # 02 · One MLP, three styles of code; autodiff Greeks; the hiker in the fog
//
// The lecture shows the same small network in Keras and in PyTorch, then JAX's automatic
// differentiation on Black-Scholes, then how optimisers walk down a loss surface. TensorFlow.js
// has all three styles in one library:
//
// | style | lecture | here |
// |---|---|---|
// | declarative layers, `model.fit` | Keras | tfjs **Layers API** (`buildMlp`, `model.fit`) |
// | your own loop over batches with an optimiser | PyTorch | the course loop **`train`** (`lib/train/loop.ts`) |
// | pure functions + a gradient transform | JAX | **`tf.valueAndGrads`** on plain tensors |
//
// Library pieces introduced here: `buildMlp` / `mlpParams` / `mlpForward`, `train`,
// `classificationReport`, `accuracyScore`, `LogisticRegression`, `MajorityClassifier`,
// `blackScholesGreeks` / `blackScholesGreeksAutodiff`, `runOptimizerPaths`.

// %%
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import {
  accuracyScore,
  addNextTarget,
  addPriceFeatures,
  blackScholesGreeks,
  blackScholesGreeksAutodiff,
  buildMlp,
  byMode,
  chronologicalSplit,
  classificationReport,
  contourFigure,
  deviceBanner,
  disposeMlpParams,
  evaluateGrid,
  formatTime,
  historyFigure,
  htmlTable,
  lineFigure,
  loadStockNetPrices,
  LogisticRegression,
  MajorityClassifier,
  mlpForward,
  mlpParams,
  mlpVariables,
  predictArray,
  predictClasses,
  report,
  Rng,
  rocAucScore,
  ROSENBROCK,
  runOptimizerPaths,
  seededDropout,
  StandardScaler,
  stratifiedShuffleSplit,
  surfaceFigure,
  train,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## 1. The lecture's dummy data, one network, three styles
//
// 1000 rows of 10 features drawn uniformly from [0, 100); the label is 1 when
// 0.5·x0 + 0.3·x1 − 0.2·x2 + noise > 50 (noise ~ N(0, 5²)), so only three features matter and
// about one row in seven is positive. A stratified 80/20 split keeps that share in both
// parts, and the features are standardised with the **training** mean and std only.
//
// The network: 10 → Dense(64, relu) → Dropout(0.3) → Dense(32, relu) → Dense(1, sigmoid),
// Adam (lr 1e-3), batch 32, binary cross-entropy.

// %%
const SEED = 42;
const dataRng = new Rng(SEED);
const N_ROWS = 1000;
const rawX = Array.from(
  { length: N_ROWS },
  () => Array.from({ length: 10 }, () => dataRng.uniform(0, 100)),
);
const dummyY = rawX.map((
  r,
) => (0.5 * r[0] + 0.3 * r[1] - 0.2 * r[2] + dataRng.normal(0, 5) > 50 ? 1 : 0));
const dummySplit = stratifiedShuffleSplit(dummyY, { testFraction: 0.2, seed: SEED });
const scaler = new StandardScaler().fit(dummySplit.train.map((i) => rawX[i]));
const xTrainRows = scaler.transform(dummySplit.train.map((i) => rawX[i]));
const xTestRows = scaler.transform(dummySplit.test.map((i) => rawX[i]));
const yTrainArr = dummySplit.train.map((i) => dummyY[i]);
const yTestArr = dummySplit.test.map((i) => dummyY[i]);
const xTrain = tf.tensor2d(xTrainRows);
const xTest = tf.tensor2d(xTestRows);
const yTrain = tf.tensor2d(yTrainArr, [yTrainArr.length, 1]);
const yTest = tf.tensor2d(yTestArr, [yTestArr.length, 1]);
const EPOCHS = byMode(50, 15);
const MLP = {
  inputDim: 10,
  hidden: [64, 32],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: SEED,
};
console.log(
  `train ${yTrainArr.length} rows (${yTrainArr.filter((v) => v === 1).length} positive), ` +
    `test ${yTestArr.length} rows (${
      yTestArr.filter((v) => v === 1).length
    } positive); ${EPOCHS} epochs`,
);

// %% [markdown]
// ### Style 1 — Keras-like: the Layers API and `model.fit`
//
// `model.fit` shuffles with `Math.random`, which no seed controls; to make a run repeatable we
// shuffle the rows ourselves with the course's seeded generator, one epoch at a time, and pass
// `shuffle: false`.

// %%
const layersModel = buildMlp(MLP);
layersModel.compile({
  optimizer: tf.train.adam(1e-3),
  loss: "binaryCrossentropy",
  metrics: ["accuracy"],
});
const layersRng = new Rng(SEED);
const t0Layers = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const perm = tf.tensor1d(layersRng.permutation(yTrainArr.length), "int32");
  const [xs, ys] = [tf.gather(xTrain, perm), tf.gather(yTrain, perm)];
  await layersModel.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([perm, xs, ys]);
}
const secLayers = (performance.now() - t0Layers) / 1000;
const predLayers = await predictClasses(layersModel, xTest);
const accLayers = accuracyScore(yTestArr, predLayers);
classificationReport(yTestArr, predLayers, { targetNames: ["0 (≤ 50)", "1 (> 50)"], digits: 3 });

// %% [markdown]
// ### Style 2 — PyTorch-like: parameters, a forward function, and the course loop
//
// `mlpParams` creates the same weights as `buildMlp` (same seed, same draws); `mlpForward` is
// the forward pass; `train` runs the loop: seeded shuffling, batches, the optimiser step,
// metrics per epoch, optional validation and early stopping.

// %%
const loopParams = mlpParams(MLP);
const loopModel = {
  params: loopParams,
  forward: (p: typeof loopParams, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) =>
    mlpForward(p, x, { training: ctx.training, rng: ctx.rng }),
};
const loopHistory = await train(loopModel, { x: xTrain, y: yTrain }, {
  epochs: EPOCHS,
  batchSize: 32,
  seed: SEED,
  optimizer: "adam",
  lr: 1e-3,
  loss: "bce",
  metrics: ["accuracy"],
  progress: false,
});
const secLoop = loopHistory.seconds.reduce((a, b) => a + b, 0);
const predLoop = await predictClasses((x) => mlpForward(loopParams, x), xTest);
const accLoop = accuracyScore(yTestArr, predLoop);
classificationReport(yTestArr, predLoop, { targetNames: ["0 (≤ 50)", "1 (> 50)"], digits: 3 });

// %% [markdown]
// ### Style 3 — JAX-like: a pure loss function and `tf.valueAndGrads`
//
// The parameters are a plain list of tensors; `lossFn(params, x, y)` has no state;
// `tf.valueAndGrads(lossFn)` returns the loss and one gradient per parameter, and a pure Adam
// update maps (params, state, grads) to new ones — the shape of a JAX + optax program.

// %%
type Params = tf.Tensor[];
function forwardPure(params: Params, x: tf.Tensor, rng: Rng | null): tf.Tensor {
  const [w1, b1, w2, b2, w3, b3] = params;
  let h = tf.relu(tf.add(tf.matMul(x, w1), b1));
  if (rng) h = seededDropout(h, 0.3, rng);
  h = tf.relu(tf.add(tf.matMul(h, w2), b2));
  return tf.add(tf.matMul(h, w3), b3); // logits
}
function bceFromLogits(logits: tf.Tensor, y: tf.Tensor): tf.Scalar {
  // mean of softplus(z) - y z: the stable form of -[y log σ(z) + (1 - y) log(1 - σ(z))]
  return tf.mean(tf.sub(tf.softplus(logits), tf.mul(y, logits)));
}
function adamUpdate(
  params: Params,
  grads: Params,
  state: { m: Params; v: Params; t: number },
  lr = 1e-3,
): { params: Params; state: { m: Params; v: Params; t: number } } {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const t = state.t + 1;
  const m = state.m.map((mi, i) => tf.add(tf.mul(b1, mi), tf.mul(1 - b1, grads[i])));
  const v = state.v.map((vi, i) => tf.add(tf.mul(b2, vi), tf.mul(1 - b2, tf.square(grads[i]))));
  const next = params.map((p, i) => {
    const mHat = tf.div(m[i], 1 - b1 ** t);
    const vHat = tf.div(v[i], 1 - b2 ** t);
    return tf.sub(p, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), eps))));
  });
  return { params: next, state: { m, v, t } };
}

// %%
// same initial weights as the other two styles
const initPure = mlpParams(MLP);
let pureParams: Params = mlpVariables(initPure).map((v) => v.clone());
disposeMlpParams(initPure);
let pureState = {
  m: pureParams.map((p) => tf.zerosLike(p)),
  v: pureParams.map((p) => tf.zerosLike(p)),
  t: 0,
};
const pureRng = new Rng(SEED);
const t0Pure = performance.now();
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const order = pureRng.permutation(yTrainArr.length);
  for (let start = 0; start < order.length; start += 32) {
    const next = tf.tidy(() => {
      const idx = tf.tensor1d(order.slice(start, start + 32), "int32");
      const [xb, yb] = [tf.gather(xTrain, idx), tf.gather(yTrain, idx)];
      const lossFn = (...ps: tf.Tensor[]) => bceFromLogits(forwardPure(ps, xb, pureRng), yb);
      const { grads } = tf.valueAndGrads(lossFn)(pureParams);
      const out = adamUpdate(pureParams, grads, pureState);
      return [...out.params, ...out.state.m, ...out.state.v];
    });
    tf.dispose([...pureParams, ...pureState.m, ...pureState.v]);
    const k = pureParams.length;
    pureParams = next.slice(0, k);
    pureState = { m: next.slice(k, 2 * k), v: next.slice(2 * k), t: pureState.t + 1 };
  }
}
const secPure = (performance.now() - t0Pure) / 1000;
const predPure = await predictClasses((x) => tf.sigmoid(forwardPure(pureParams, x, null)), xTest);
const accGrad = accuracyScore(yTestArr, predPure);
classificationReport(yTestArr, predPure, { targetNames: ["0 (≤ 50)", "1 (> 50)"], digits: 3 });

// %% [markdown]
// ### Baselines: majority class and logistic regression
//
// The label is a linear threshold of the features, so a linear model should do very well
// here: the network has to at least match it.

// %%
const majority = new MajorityClassifier().fit(yTrainArr);
const accMajority = majority.score(yTestArr);
const t0Logreg = performance.now();
const logreg = new LogisticRegression({ C: 1 }).fit(xTrainRows, yTrainArr);
const secLogreg = (performance.now() - t0Logreg) / 1000;
const accLogreg = accuracyScore(yTestArr, logreg.predict(xTestRows));
const aucLogreg = rocAucScore(yTestArr, logreg.predictProba(xTestRows).map((r) => r[1]));
const styleTable = [
  { model: "majority class", "test accuracy": accMajority, "train seconds": 0 },
  { model: "logistic regression (L-BFGS)", "test accuracy": accLogreg, "train seconds": secLogreg },
  { model: "MLP · Layers API (model.fit)", "test accuracy": accLayers, "train seconds": secLayers },
  { model: "MLP · course loop (train)", "test accuracy": accLoop, "train seconds": secLoop },
  {
    model: "MLP · pure functions (valueAndGrads)",
    "test accuracy": accGrad,
    "train seconds": secPure,
  },
];
for (const [name, acc] of [["layers", accLayers], ["loop", accLoop], ["grad", accGrad]] as const) {
  if (!(acc >= byMode(0.9, 0.85))) {
    throw new Error(`style ${name}: test accuracy ${acc} is below the bar`);
  }
}
console.log(
  `logistic regression test ROC AUC ${
    aucLogreg.toFixed(3)
  }; timings are wall-clock on this machine (noisy)`,
);
htmlTable(styleTable, {
  caption: `Dummy data: test accuracy per style (${yTestArr.filter((v) => v === 0).length} of ` +
    `${yTestArr.length} test rows are class 0)`,
  digits: 3,
});

// %%
report({
  acc_layers: accLayers,
  acc_loop: accLoop,
  acc_grad: accGrad,
  acc_majority: accMajority,
  acc_logreg: accLogreg,
});

// %% [markdown]
// ## 2. Dropout and epochs made visible
//
// An epoch is one pass over the training rows. To see over-fitting, give a wide network
// (128-128) only 160 training rows and many epochs, and watch the loss on rows it never
// trains on (a validation part carved out of the training split, stratified). Dropout
// (rate 0.3: each hidden unit is zeroed with probability 0.3 on every training step, the
// survivors scaled by 1/0.7) makes memorising harder. Early stopping keeps the weights of
// the epoch with the lowest validation loss and stops after `patience` epochs without a
// better one.

// %%
const smallIdx = stratifiedShuffleSplit(yTrainArr, { testFraction: 0.75, seed: SEED });
const small = smallIdx.train.slice(0, 160);
const valRows = smallIdx.test;
const pick = (rows: number[][], idx: number[]) => idx.map((i) => rows[i]);
const xSmall = tf.tensor2d(pick(xTrainRows, small));
const ySmall = tf.tensor2d(small.map((i) => yTrainArr[i]), [small.length, 1]);
const xVal = tf.tensor2d(pick(xTrainRows, valRows));
const yVal = tf.tensor2d(valRows.map((i) => yTrainArr[i]), [valRows.length, 1]);
const OVERFIT_EPOCHS = byMode(300, 40);
async function overfitRun(dropout: number, patience: number | null) {
  const params = mlpParams({ ...MLP, hidden: [128, 128], dropout });
  const history = await train(
    {
      params,
      forward: (p: typeof params, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) =>
        mlpForward(p, x, { training: ctx.training, rng: ctx.rng }),
    },
    { x: xSmall, y: ySmall },
    {
      epochs: OVERFIT_EPOCHS,
      batchSize: 32,
      seed: SEED,
      optimizer: "adam",
      lr: 3e-3,
      loss: "bce",
      metrics: ["accuracy"],
      validationData: { x: xVal, y: yVal },
      earlyStopping: patience === null ? undefined : { patience, restoreBest: true },
      progress: false,
    },
  );
  const acc = accuracyScore(yTestArr, await predictClasses((x) => mlpForward(params, x), xTest));
  disposeMlpParams(params);
  return { history, acc };
}

// %%
const noDropout = await overfitRun(0, null);
const withDropout = await overfitRun(0.3, null);
const early = await overfitRun(0, 20);
const minVal = (h: { val_loss: number[] }) => Math.min(...h.val_loss);
const bestEpochOf = (h: { val_loss: number[] }) => h.val_loss.indexOf(minVal(h)) + 1;
console.log(
  `160 training rows, ${OVERFIT_EPOCHS} epochs max. Test accuracy: no dropout ${
    noDropout.acc.toFixed(3)
  }, ` +
    `dropout 0.3 ${withDropout.acc.toFixed(3)}, early stopping ${early.acc.toFixed(3)} ` +
    `(stopped after ${early.history.epoch.length} epochs, best epoch ${early.history.bestEpoch})`,
);
lineFigure({
  x: noDropout.history.epoch.map((e) => e + 1),
  y: {
    "train loss, no dropout": noDropout.history.loss,
    "val loss, no dropout": noDropout.history.val_loss,
    "train loss, dropout 0.3": withDropout.history.loss,
    "val loss, dropout 0.3": withDropout.history.val_loss,
  },
  dashed: ["train loss, no dropout", "train loss, dropout 0.3"],
  logY: true,
  title: `Train (dashed) vs validation loss on 160 rows: best validation loss ` +
    `${minVal(noDropout.history).toFixed(3)} at epoch ${
      bestEpochOf(noDropout.history)
    } without dropout, ` +
    `${minVal(withDropout.history).toFixed(3)} at epoch ${bestEpochOf(withDropout.history)} with`,
  xTitle: "epoch",
  yTitle: "binary cross-entropy",
});

// %%
historyFigure(early.history, {
  title: `Early stopping (patience 20): stopped at epoch ${early.history.epoch.length}, ` +
    `weights restored from epoch ${(early.history.bestEpoch ?? 0) + 1}`,
  logLoss: true,
});

// %% [markdown]
// ## 3. Autodiff Greeks: Black-Scholes differentiated by `tf.grad`
//
// The lecture writes the Black-Scholes price in JAX and asks `jax.grad` for the Greeks. Here
// `blackScholesTensor` is the price in tfjs ops (the normal CDF through `tf.erf`);
// `blackScholesGreeksAutodiff` takes `tf.grads` of the summed prices with respect to S, T, r
// and σ (the price of option i depends only on input i, so the gradient of the sum is the
// vector of per-option derivatives — what `jax.vmap(jax.grad(...))` gives), and `tf.grad` of
// Delta for Gamma. `blackScholesGreeks` is the closed form in float64 for comparison.
//
// Conventions: Vega and Rho per 1.00 of σ and r (divide by 100 for "per 1%"); Theta is
// ∂V/∂t = −∂V/∂T **per year** (divide by 365 for per calendar day).

// %%
const lectureInputs = { S: 100, K: 105, T: 1, r: 0.05, sigma: 0.2 };
const greeksAd = await blackScholesGreeksAutodiff(lectureInputs);
const greeksCf = blackScholesGreeks(lectureInputs);
const GREEK_NAMES = ["price", "delta", "gamma", "vega", "theta", "rho"] as const;
const vmInputs = { S: [90, 100, 110], K: 100, T: [0.5, 1, 1.5], r: 0.05, sigma: 0.2 };
const vmAd = await blackScholesGreeksAutodiff(vmInputs);
const vmCf = blackScholesGreeks(vmInputs);
const putAd = await blackScholesGreeksAutodiff(lectureInputs, "put");
const putCf = blackScholesGreeks(lectureInputs, "put");
let bsMaxAbsErr = 0;
for (const [a, c] of [[greeksAd, greeksCf], [vmAd, vmCf], [putAd, putCf]]) {
  for (const g of GREEK_NAMES) {
    a[g].forEach((v, i) => (bsMaxAbsErr = Math.max(bsMaxAbsErr, Math.abs(v - c[g][i]))));
  }
}
const lectureCheck = [
  [greeksAd.price[0], 8.0214],
  [greeksAd.delta[0], 0.5422],
  [greeksAd.rho[0], 46.2015],
  ...[2.3494, 10.4506, 20.7744].map((v, i) => [vmAd.price[i], v]),
  ...[0.3094, 0.6368, 0.7933].map((v, i) => [vmAd.delta[i], v]),
];
for (const [got, want] of lectureCheck) {
  if (Math.abs(got - want) > 1e-3) {
    throw new Error(`Black-Scholes: ${got} differs from the lecture's ${want}`);
  }
}
htmlTable(
  GREEK_NAMES.map((g) => ({
    quantity: g,
    "call, tf.grad (float32)": greeksAd[g][0],
    "call, closed form (float64)": greeksCf[g][0],
    "|difference|": Math.abs(greeksAd[g][0] - greeksCf[g][0]),
    "put, tf.grad": putAd[g][0],
    "put, closed form": putCf[g][0],
  })),
  { caption: "S=100, K=105, T=1, r=0.05, σ=0.2 (Theta per year, Vega/Rho per unit)", digits: 6 },
);

// %%
htmlTable(
  vmInputs.S.map((s, i) => ({
    S: s,
    T: vmInputs.T[i],
    "price (tf.grad run)": vmAd.price[i],
    "Delta (tf.grad)": vmAd.delta[i],
    "Delta (closed form)": vmCf.delta[i],
    "Gamma (grad of grad)": vmAd.gamma[i],
  })),
  {
    caption: `Vectorised over S and T, K=100 (max |autodiff − closed form| over every table: ${
      bsMaxAbsErr.toExponential(2)
    })`,
    digits: 4,
  },
);

// %% [markdown]
// A Delta surface: one call to the vectorised autodiff on a whole grid of (S, T).

// %%
const gridS = Array.from({ length: 41 }, (_, i) => 60 + 2 * i);
const gridT = Array.from({ length: 30 }, (_, i) => 0.05 + i * 0.1);
const surfaceGreeks = await blackScholesGreeksAutodiff({
  S: gridT.flatMap(() => gridS),
  K: 100,
  T: gridT.flatMap((t) => gridS.map(() => t)),
  r: 0.05,
  sigma: 0.2,
});
surfaceFigure({
  x: gridS,
  y: gridT,
  z: gridT.map((_, i) =>
    Array.from(surfaceGreeks.delta.subarray(i * gridS.length, (i + 1) * gridS.length))
  ),
  title: "Call Delta by tf.grad over spot S and maturity T (K=100, r=5%, σ=20%)",
  xTitle: "S",
  yTitle: "T (years)",
  zTitle: "Delta",
});

// %%
report({
  bs_price: greeksAd.price[0],
  bs_delta: greeksAd.delta[0],
  bs_gamma: greeksAd.gamma[0],
  bs_vega: greeksAd.vega[0],
  bs_theta: greeksAd.theta[0],
  bs_rho: greeksAd.rho[0],
  bs_max_abs_err: bsMaxAbsErr,
});

// %% [markdown]
// ## 4. The hiker in a foggy valley: SGD, momentum, Adam
//
// Backpropagation is the slope meter: it tells the hiker which way is down *here*. Plain SGD
// takes a fixed-size step along the slope; momentum keeps part of the last step, so it rolls
// along a valley floor instead of zig-zagging; Adam divides each coordinate's step by a
// running estimate of its gradient's size, so flat and steep directions move at similar
// speed. Rosenbrock's banana valley, (1 − x)² + 100 (y − x²)², is steep across and nearly
// flat along: the minimum at (1, 1) is easy to find and slow to reach. All three start at
// (−1.2, 1); tfjs's own optimisers do the stepping.

// %%
const HIKER_STEPS = byMode(1000, 300);
const hikerPaths = await runOptimizerPaths(ROSENBROCK, { steps: HIKER_STEPS });
const rosenGrid = evaluateGrid(ROSENBROCK.value, ROSENBROCK.xRange, ROSENBROCK.yRange, 120);
contourFigure({
  ...rosenGrid,
  logScale: true,
  paths: hikerPaths.map((p) => ({ name: p.name, x: p.x, y: p.y })),
  title:
    `Rosenbrock from (−1.2, 1), ${HIKER_STEPS} steps: SGD lr 1e-3, momentum 0.9 lr 1e-3, Adam lr 0.1`,
  xTitle: "x",
  yTitle: "y",
});

// %%
console.log(
  hikerPaths.map((p) =>
    `${p.name}: ends at (${p.x.at(-1)!.toFixed(3)}, ${p.y.at(-1)!.toFixed(3)}), loss ${
      p.loss.at(-1)!.toExponential(2)
    }`
  ).join("\n"),
);
lineFigure({
  y: Object.fromEntries(hikerPaths.map((p) => [p.name, p.loss.map((v) => Math.max(v, 1e-12))])),
  logY: true,
  title: "Loss per step",
  xTitle: "step",
  yTitle: "Rosenbrock loss (log scale)",
});

// %% [markdown]
// ## 5. The same MLP on real data: tomorrow's direction of AAPL
//
// Daily AAPL prices from the StockNet data set (2012-09 to 2017-09, `data/README.md`).
// Features known at today's close: the last five daily log returns, 20-day realised
// volatility, 5- and 20-day momentum, the 20-day z-score of the return and the high-low
// range. Target: 1 when tomorrow's log return is positive. The split is **chronological**
// (70% train, 15% validation for early stopping, 15% test, in time order), and the scaler
// is fitted on the training days only. Daily direction is close to a coin toss: expect
// every model near the share of up days, and be suspicious of anything far above it.

// %%
const aapl = addNextTarget(
  addPriceFeatures(loadStockNetPrices({ tickers: ["AAPL"] }))
    .withColumns(...[1, 2, 3, 4].map((k) => pl.col("log_ret").shift(k).alias(`log_ret_lag${k}`))),
  { col: "log_ret", name: "next_log_ret" },
);
const FEATURES = [
  "log_ret",
  "log_ret_lag1",
  "log_ret_lag2",
  "log_ret_lag3",
  "log_ret_lag4",
  "vol_20",
  "mom_5",
  "mom_20",
  "z_20",
  "hl_range",
];
const realFrame = aapl.select("date", ...FEATURES, "next_log_ret").dropNulls();
const realDates = realFrame.getColumn("date").toArray() as unknown as Date[];
const realRows = realFrame.select(...FEATURES).rows() as number[][];
const realY = (realFrame.getColumn("next_log_ret").toArray() as number[]).map((
  v,
) => (v > 0 ? 1 : 0));
const [realTrainPart, realValPart, realTestPart] = chronologicalSplit(realDates, {
  train: 0.7,
  val: 0.15,
});
const realScaler = new StandardScaler().fit(realTrainPart.indices.map((i) => realRows[i]));
const realX = (part: { indices: number[] }) =>
  realScaler.transform(part.indices.map((i) => realRows[i]));
const realYs = (part: { indices: number[] }) => part.indices.map((i) => realY[i]);
const [rxTrain, rxVal, rxTest] = [realTrainPart, realValPart, realTestPart].map(realX);
const [ryTrain, ryVal, ryTest] = [realTrainPart, realValPart, realTestPart].map(realYs);
console.log(
  `AAPL: ${realRows.length} days with all features; train ${ryTrain.length}, val ${ryVal.length}, test ${ryTest.length}; ` +
    `up days: train ${(ryTrain.filter((v) => v === 1).length / ryTrain.length).toFixed(3)}, ` +
    `test ${(ryTest.filter((v) => v === 1).length / ryTest.length).toFixed(3)}`,
);

// %%
const realParams = mlpParams({ ...MLP, inputDim: FEATURES.length });
const [rxTrainT, ryTrainT, rxValT, ryValT, rxTestT] = [
  tf.tensor2d(rxTrain),
  tf.tensor2d(ryTrain, [ryTrain.length, 1]),
  tf.tensor2d(rxVal),
  tf.tensor2d(ryVal, [ryVal.length, 1]),
  tf.tensor2d(rxTest),
];
const realHistory = await train(
  {
    params: realParams,
    forward: (p: typeof realParams, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) =>
      mlpForward(p, x, { training: ctx.training, rng: ctx.rng }),
  },
  { x: rxTrainT, y: ryTrainT },
  {
    epochs: byMode(100, 10),
    batchSize: 32,
    seed: SEED,
    optimizer: "adam",
    lr: 1e-3,
    loss: "bce",
    metrics: ["accuracy"],
    validationData: { x: rxValT, y: ryValT },
    earlyStopping: { patience: 10, restoreBest: true },
    progress: false,
  },
);
// %%
const realPred = await predictClasses((x) => mlpForward(realParams, x), rxTestT);
const realAcc = accuracyScore(ryTest, realPred);
const realMajority = new MajorityClassifier().fit(ryTrain);
const realAccMajority = realMajority.score(ryTest);
const realLogreg = new LogisticRegression({ C: 1 }).fit(rxTrain, ryTrain);
const realAccLogreg = accuracyScore(ryTest, realLogreg.predict(rxTest));
const realAucMlp = rocAucScore(
  ryTest,
  await predictArray((x) => mlpForward(realParams, x), rxTestT),
);
const realAucLogreg = rocAucScore(ryTest, realLogreg.predictProba(rxTest).map((r) => r[1]));
htmlTable([
  {
    model: `majority class (always ${realMajority.majority === 1 ? "up" : "down"})`,
    "test accuracy": realAccMajority,
    "test ROC AUC": 0.5,
  },
  { model: "logistic regression", "test accuracy": realAccLogreg, "test ROC AUC": realAucLogreg },
  {
    model: `MLP (early stopping, best epoch ${(realHistory.bestEpoch ?? 0) + 1})`,
    "test accuracy": realAcc,
    "test ROC AUC": realAucMlp,
  },
], {
  caption: `AAPL next-day direction, test ${formatTime(realTestPart.start)} to ` +
    `${formatTime(realTestPart.end)} (${ryTest.length} days)`,
  digits: 3,
});

// %%
console.log(
  classificationReport(ryTest, realPred, { targetNames: ["down", "up"], digits: 3 }).toString(),
);
console.log(
  `standard error of a test accuracy near ${realAcc.toFixed(2)} on ${ryTest.length} days: ` +
    `±${(100 * Math.sqrt((realAcc * (1 - realAcc)) / ryTest.length)).toFixed(1)} points`,
);
tf.dispose([rxTrainT, ryTrainT, rxValT, ryValT, rxTestT]);
disposeMlpParams(realParams);
report({ real_acc: realAcc, real_acc_majority: realAccMajority, real_acc_logreg: realAccLogreg });

// %% [markdown]
// Honest reading: a test set of a couple of hundred days gives an accuracy a standard error of
// several points, so differences of that size are noise, and in a rising market "always up" is
// hard to beat. The verdicts below use |t| > 2 with the binomial standard error √(p(1 − p)/n)
// of each accuracy on the test days.

// %%
import { compareEstimates, md, proportionSe } from "@course/lib";
const dirEst = (acc: number) => ({ value: acc, se: proportionSe(acc, ryTest.length) });
const mlpVsMajority = compareEstimates(dirEst(realAcc), dirEst(realAccMajority));
const mlpVsLogreg = compareEstimates(dirEst(realAcc), dirEst(realAccLogreg));
md`On ${ryTest.length} test days the MLP's accuracy is ${realAcc} (standard error
${proportionSe(realAcc, ryTest.length)}), the logistic regression's ${realAccLogreg}, and always
guessing the majority gives ${realAccMajority}. The MLP **${mlpVsMajority}** the majority class
(${mlpVsMajority.rule}) and **${mlpVsLogreg}** the logistic regression (${mlpVsLogreg.rule});
ROC AUCs: MLP ${realAucMlp}, logistic regression ${realAucLogreg}, against 0.5 for no skill. ${
  mlpVsMajority.word === "beats"
    ? "Non-linear capacity found something here; check it on another period before trusting it."
    : "Non-linear capacity does not help when the signal is this weak"
}; chapter 03 asks whether *sequences* (and text) help more.`;

// %% [markdown]
// ## 6. Fully connected vs recurrent networks
//
// | | fully connected (MLP) | recurrent (RNN, LSTM, GRU) |
// |---|---|---|
// | input | a fixed-length vector; feature order carries no meaning | a sequence of any length, read step by step |
// | what it assumes | each row is independent; any interaction between features may matter | the order matters; today depends on a summary (hidden state) of the past |
// | parameters | one weight per input-unit pair: grows with the window length | shared across time steps: the same cell at every step |
// | time series use | hand-made lags and rolling features (as in section 5) | raw windows of the last T observations; learns its own summaries |
// | text use | bag of words (order lost) | token sequences (order kept) |
// | training cost | cheap, parallel over features | sequential over time steps; gradients can vanish over long windows (LSTM/GRU gates help) |
//
// Chapter 03 trains LSTMs and GRUs on financial sentences and on price windows and compares
// them with exactly the baselines used here.

// %%
tf.dispose([
  xTrain,
  xTest,
  yTrain,
  yTest,
  xSmall,
  ySmall,
  xVal,
  yVal,
  ...pureParams,
  ...pureState.m,
  ...pureState.v,
]);
disposeMlpParams(loopParams);
layersModel.optimizer.dispose(); // model.dispose() leaves the compiled optimiser's state
layersModel.dispose();
const leftover = tf.memory().numTensors;
console.log(`tensors still allocated: ${leftover}`);
if (leftover !== 0) throw new Error(`the notebook leaked ${leftover} tensors`);
