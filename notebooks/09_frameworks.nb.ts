// %% [markdown]
// # 09 · Which framework, and why — the lecture's own questions, answered in TypeScript
//
// A companion to chapter 02 (read it after 02). The lecture "Deep Learning Packages in
// Python: A Financial Perspective" sets five learning objectives. Chapter 02 trains one
// network in three styles; this chapter answers the questions around it:
//
// | lecture objective | where here |
// |---|---|
// | 1. identify TensorFlow/Keras, PyTorch, JAX | §1 the landscape |
// | 2. their philosophy, strengths and weaknesses | §1, §2 (graphs, eager, `jit`, measured) |
// | 3. implement basic models in Keras and PyTorch style | §3 basics, §4 Keras style, §5 PyTorch style |
// | 4. JAX's unique capabilities (`grad`, `jit`, `vmap`) | §2 (what `jit` buys; `grad` + `vmap` on a book of options), §3 (`tf.grad` on activations) |
// | 5. choose a framework for a financial task | §7 when to choose which |
//
// and §6 runs the lecture's eight FinBERT sentences. Every speed statement below is a
// measurement made in this run, on the backend the banner names.
//
// New library pieces (all in `@course/lib`): `activationCurve` / `activationPair`
// (`lib/nn/activations.ts`), `DataLoader` / `batchIndices` (`lib/data/batches.ts`),
// `saveLayersModelToDir` / `loadLayersModelFromDir` (`lib/io/layers_file.ts`).

// %%
import * as tf from "@tensorflow/tfjs";
import {
  accuracyScore,
  ACTIVATION_NAMES,
  activationCurve,
  activationPair,
  backendInfo,
  blackScholesGreeks,
  blackScholesTensor,
  byMode,
  contourFigure,
  COURSE_BERT_ID,
  COURSE_SENTIMENT_ID,
  DataLoader,
  deviceBanner,
  historyFigure,
  htmlTable,
  lineFigure,
  linspace,
  loadLayersModelFromDir,
  loadTaiwanCredit,
  majorityClassAccuracy,
  Markdown,
  report,
  Rng,
  rocAucScore,
  saveLayersModelToDir,
  sentiment,
  StandardScaler,
  stratifiedShuffleSplit,
  subplotsFigure,
  timeTensorOp,
} from "@course/lib";

await deviceBanner();

// %% [markdown]
// ## 1. The landscape, in the course's words
//
// **TensorFlow** (Google, 2015) began as a *static graph* library: you described the whole
// computation first, then a session ran the graph, which let the runtime plan memory, fuse
// operations and place them on devices before anything ran. TensorFlow 2 (2019) made **eager
// execution** the default — each line runs when it is reached — and kept graphs behind
// `tf.function`, which traces Python into a graph that **XLA** can compile. **Keras** is its
// high-level API: layers, `compile`, `fit`, `evaluate`, `save`. Deployment is its strength:
// TF Serving (a model server), TFLite / LiteRT (phones, edge), **TensorFlow.js** (browsers and
// JavaScript runtimes, this course).
//
// **PyTorch** (Meta AI, 2016) was *define-by-run* from the start: the graph is recorded as the
// code runs (a "dynamic graph"), so ordinary control flow, print statements and debuggers just
// work. You write a `Module` class that owns its parameters and a `forward`, a `DataLoader`,
// and the training loop yourself. Deployment goes through TorchScript, `torch.export`,
// ONNX (an open exchange format that runtimes such as ONNX Runtime execute — it is how this
// course runs FinBERT through transformers.js), and `torch.compile` for speed.
//
// **JAX** (Google, 2018) is NumPy plus *composable function transformations*: `grad`
// (derivatives of any pure function), `jit` (trace once, compile with XLA), `vmap`
// (vectorise over a batch axis), `pmap`/sharding (many devices). Functions must be pure —
// parameters and random keys are passed in and returned, never hidden in objects. Neural
// network libraries (Flax, Haiku, Equinox, Optax) sit on top.
//
// **Where TensorFlow.js stands.** It runs the Keras-like Layers API (`tf.sequential`,
// `model.fit`, the same saved-model JSON as Keras' web export) *and* the functional style
// (`tf.grad`, `tf.valueAndGrads`, `tf.customGrad`) on one set of tensors, eagerly, with no
// Python. It has no tracing compiler like XLA: every op is dispatched to a backend kernel as it
// is reached. Its backends are WebGPU and WebGL (shaders on the GPU), WebAssembly (XNNPACK on the
// CPU) and tfjs-node (the TensorFlow C library). It shines where a model must run *inside*
// an application — a browser dashboard, a Deno service, a notebook — and it lags Python in
// new research code, pretrained models and multi-GPU training.
//
// | | TensorFlow / Keras | PyTorch | JAX | TensorFlow.js (this course) |
// |---|---|---|---|---|
// | programming model | eager by default, graphs via `tf.function` | eager, define-by-run | pure functions + transforms | eager, op by op |
// | compilation | XLA (opt-in `jit_compile`) | `torch.compile` (opt-in) | XLA through `jit` (the norm) | none; hand-fused kernels, cached shaders |
// | high-level API | Keras (`fit`, callbacks) | Lightning etc. on top | Flax / Optax on top | Layers API (Keras-like) |
// | derivatives | `GradientTape` | `autograd` (`.backward()`) | `grad`, `jacfwd`, `hessian` | `tf.grad`, `tf.valueAndGrads` |
// | deployment | TF Serving, TFLite, TF.js | TorchScript, ONNX, ExecuTorch | export via StableHLO / TF | browser, Deno/Node, no Python |
// | debugging | easy eagerly; harder inside graphs | easiest: plain Python | tracing hides values inside `jit` | plain TypeScript, but async reads |
//
// ## 2. `jit` and XLA versus what tfjs does instead — measured
//
// An eager framework pays a fixed cost for every operation it dispatches: argument checks,
// output allocation, a kernel launch (on a GPU) or a call into WebAssembly (on a CPU), bookkeeping
// for autodiff. For big tensors the arithmetic dominates; for many *small* operations the
// fixed cost does. XLA's answer is to trace a whole function and **fuse** elementwise chains
// into one kernel. tfjs has no such compiler. What it offers instead: a few hand-written
// fused kernels (`tf.fused.matMul` computes matrix product + bias + activation in one call,
// and the Layers API's Dense layer uses it), and on WebGPU/WebGL one shader per op and shape,
// compiled on its first call and cached after (which is why every timing in the course skips
// warm-up calls). `tf.tidy` frees intermediate tensors; it does not fuse anything. So in tfjs
// the programmer does the fusing: write formulas over whole batches, not loops over rows.
//
// The measurement: the same 12,800 additions done two ways on this backend — as **200 small
// kernels** (add 1 to a 64-number vector, 200 times in a row, the way an eager framework runs a
// long elementwise formula op by op) and as **one kernel** over 12,800 numbers (what a fusing
// compiler or `vmap`-style batching turns it into). Both timings wait for the result and skip
// warm-up calls (`timeTensorOp`), and the two are interleaved so that a busy machine slows both
// alike.

// %%
const SEED = 42;
const SEED_BOOK = 7;
const CHAIN = 200;
const CHAIN_ROUNDS = byMode(7, 4);
const tiny = tf.randomNormal([64], 0, 1, "float32", 1);
const wide = tf.randomNormal([CHAIN * 64], 0, 1, "float32", 2);
/** `CHAIN` elementwise additions on 64 numbers, each its own kernel call. */
function manySmallOps(): tf.Tensor {
  let y = tf.add(tiny, 1);
  for (let i = 1; i < CHAIN; i++) {
    const next = tf.add(y, 1);
    y.dispose();
    y = next;
  }
  return y;
}
const chainCheck = tf.tidy(() => tf.max(tf.abs(tf.sub(manySmallOps(), tf.add(tiny, CHAIN)))));
if ((await chainCheck.data())[0] > 1e-3) throw new Error("the op chain computed a wrong sum");
chainCheck.dispose();
const manyRuns: number[] = [];
const oneRuns: number[] = [];
for (let r = 0; r < CHAIN_ROUNDS; r++) {
  const warmup = r === 0 ? 2 : 0;
  manyRuns.push(...(await timeTensorOp(manySmallOps, { warmup, repeats: 3 })).runs);
  oneRuns.push(...(await timeTensorOp(() => tf.add(wide, 1), { warmup, repeats: 3 })).runs);
}
tf.dispose([tiny, wide]);
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const manyMedian = medianOf(manyRuns);
const oneMedian = medianOf(oneRuns);
const usPerOp = (manyMedian / CHAIN) * 1e6;
const manyVsOne = manyMedian / oneMedian;
const backendName = backendInfo()?.backend ?? tf.getBackend();
htmlTable([
  {
    "how": `${CHAIN} kernels × 64 numbers`,
    "median ms": manyMedian * 1e3,
    "runs": manyRuns.length,
  },
  {
    "how": `1 kernel × ${CHAIN * 64} numbers`,
    "median ms": oneMedian * 1e3,
    "runs": oneRuns.length,
  },
], { caption: `The same ${CHAIN * 64} additions on ${backendName}`, digits: 3 });

// %%
new Markdown(
  `On **${backendName}**, ${CHAIN} small kernels took **${manyVsOne.toFixed(1)}×** as long as ` +
    `one kernel doing the same ${CHAIN * 64} additions: about **${usPerOp.toFixed(1)} µs per ` +
    `kernel call**, ${
      manyVsOne > 5
        ? "almost all of it fixed cost rather than arithmetic"
        : "so on this backend the fixed cost is small next to the arithmetic"
    }. That is the whole case ` +
    `for \`jit\`/XLA and \`torch.compile\` — fewer, bigger kernels — and for batching: a risk ` +
    `engine revaluing thousands of small positions should put them in one tensor (what JAX's ` +
    `\`vmap\` does automatically) rather than loop over them op by op.`,
);

// %% [markdown]
// ### `grad` + `vmap` for a risk engine: the Delta of every option in a book
//
// The lecture's JAX example differentiates a Black-Scholes price with `grad` and maps it over
// several options with `vmap`. The same idea in tfjs: because each option's price depends only
// on its own spot, the gradient of the **sum** of the book's prices with respect to the vector
// of spots is the vector of Deltas — one backward pass for the whole book instead of one per
// option. The book is synthetic (seeded: spots 100, strikes 80–120, maturities 0.1–2 years,
// r = 5 %, σ = 20 %); both ways are checked against the closed-form Delta and timed.

// %%
const BOOK = byMode(400, 150);
const bookRng = new Rng(SEED_BOOK);
const book = {
  S: Array.from({ length: BOOK }, () => 100),
  K: Array.from({ length: BOOK }, () => bookRng.uniform(80, 120)),
  T: Array.from({ length: BOOK }, () => bookRng.uniform(0.1, 2)),
  r: Array.from({ length: BOOK }, () => 0.05),
  sigma: Array.from({ length: BOOK }, () => 0.2),
};
const bookT = {
  S: tf.tensor1d(book.S),
  K: tf.tensor1d(book.K),
  T: tf.tensor1d(book.T),
  r: tf.tensor1d(book.r),
  sigma: tf.tensor1d(book.sigma),
};
/** Deltas in one backward pass: d(sum of prices)/d(spots). */
const deltaBatched = () =>
  tf.grad((s: tf.Tensor) => tf.sum(blackScholesTensor(s, bookT.K, bookT.T, bookT.r, bookT.sigma)))(
    bookT.S,
  );
/** Deltas one option at a time: BOOK backward passes on scalars (what a loop over trades does). */
const deltaLoop = () =>
  tf.tidy(() =>
    tf.stack(book.S.map((s, i) =>
      tf.grad((x: tf.Tensor) =>
        blackScholesTensor(
          x,
          tf.scalar(book.K[i]),
          tf.scalar(book.T[i]),
          tf.scalar(0.05),
          tf.scalar(0.2),
        )
      )(tf.scalar(s))
    ))
  );
const closedDelta = blackScholesGreeks(book).delta;
let deltaMaxErr = 0;
for (const f of [deltaBatched, deltaLoop]) {
  const d = f();
  const v = await d.data();
  d.dispose();
  v.forEach((x, i) => (deltaMaxErr = Math.max(deltaMaxErr, Math.abs(x - closedDelta[i]))));
}
if (deltaMaxErr > 1e-4) {
  throw new Error(`autodiff Deltas differ from closed form by ${deltaMaxErr}`);
}
const loopTime = await timeTensorOp(deltaLoop, { warmup: 1, repeats: 3 });
const batchTime = await timeTensorOp(deltaBatched, { warmup: 1, repeats: 3 });
tf.dispose(Object.values(bookT));
const greeksLoopVsBatch = loopTime.median / batchTime.median;
new Markdown(
  `${BOOK} Deltas: **${(loopTime.median * 1e3).toFixed(1)} ms** one option at a time, ` +
    `**${(batchTime.median * 1e3).toFixed(2)} ms** in one batched backward pass ` +
    `(**${greeksLoopVsBatch.toFixed(0)}×**), both within ${
      deltaMaxErr.toExponential(1)
    } of the closed form. ` +
    `The arithmetic is the same; the loop pays the per-kernel cost measured above ${BOOK} times ` +
    `over. JAX's \`vmap\` writes the batched version for you; in tfjs you write it yourself.`,
);

// %% [markdown]
// ## 3. Basics with pictures: a neuron, activations, losses
//
// A **neuron** takes inputs x₁…xₙ, forms a weighted sum z = w·x + b, and passes it through an
// **activation** a = f(z). With a sigmoid, one neuron is logistic regression: the picture shows
// a neuron with two inputs — say a client's standardised credit utilisation and months of late
// payment — and made-up weights w = (1.5, 2.0), b = −1 (for illustration, not fitted). The
// output is a probability that rises across a straight line: one neuron can only draw straight
// boundaries; **layers** of neurons with non-linear activations bend them.

// %%
const NEURON_W = [1.5, 2.0];
const NEURON_B = -1;
const grid = linspace(-3, 3, 61);
const neuronZ = tf.tidy(() => {
  const [gx, gy] = tf.meshgrid(tf.tensor1d(grid), tf.tensor1d(grid));
  return tf.sigmoid(gx.mul(NEURON_W[0]).add(gy.mul(NEURON_W[1])).add(NEURON_B));
});
const neuronRows = await neuronZ.array() as number[][];
neuronZ.dispose();
contourFigure({
  x: grid,
  y: grid,
  z: neuronRows,
  levels: 10,
  title: "One neuron: sigmoid(1.5·x₁ + 2.0·x₂ − 1) (illustrative weights)",
  xTitle: "x₁ (standardised utilisation)",
  yTitle: "x₂ (standardised late months)",
});

// %% [markdown]
// **Activations and their derivatives.** Backpropagation multiplies the derivatives of every
// layer's activation, so their shape matters as much as the functions'. Each derivative below
// is computed twice — by `tf.grad` (autodiff) and from its closed form — and the cell stops if
// they disagree. Note the sigmoid's slope never exceeds its value at 0 (the vanishing-gradient
// problem of deep sigmoid stacks) while ReLU passes gradients through unchanged where x > 0.

// %%
const actX = linspace(-4, 4, 161);
const curves = await Promise.all(ACTIVATION_NAMES.map((n) => activationCurve(n, actX)));
const activationGradErr = Math.max(...curves.map((c) => c.maxAbsDiff));
if (activationGradErr > 1e-5) {
  throw new Error(`tf.grad and the closed forms differ by ${activationGradErr}`);
}
const sigmoidSlopeMax = Math.max(...curves.find((c) => c.name === "sigmoid")!.dyAutodiff);
htmlTable(
  curves.map((c) => ({
    activation: c.name,
    formula: activationPair(c.name).formula,
    "max |tf.grad − closed form|": c.maxAbsDiff,
  })),
  { digits: 9 },
);

// %%
subplotsFigure([
  lineFigure({
    x: actX,
    y: Object.fromEntries(curves.map((c) => [c.name, c.y])),
    title: "activation f(x)",
  }),
  lineFigure({
    x: actX,
    y: Object.fromEntries(curves.map((c) => [c.name, c.dyAutodiff])),
    title: "derivative f′(x) by tf.grad",
  }),
], {
  cols: 2,
  title: `Activations and derivatives (max sigmoid slope ${sigmoidSlopeMax.toFixed(4)})`,
  height: 440,
});

// %% [markdown]
// **Losses on one plot.** For a target of 1, how much does each loss charge a prediction p?
// MSE (p − 1)² grows quadratically both ways; Huber (δ = 1) is quadratic near the target and
// linear beyond, so one outlier cannot dominate (chapter 06); binary cross-entropy −log p is
// defined for probabilities only (0 < p ≤ 1, a gap beyond) and charges a confident wrong
// answer without limit. All three come from `tf.losses` with no reduction and are checked
// against the formulas.

// %%
const lossP = linspace(0.02, 2.5, 125);
const lossTensors = tf.tidy(() => {
  const p = tf.tensor1d(lossP);
  const y = tf.onesLike(p);
  const none = tf.Reduction.NONE;
  const clipped = tf.clipByValue(p, 1e-7, 1 - 1e-7);
  return [
    tf.losses.meanSquaredError(y, p, undefined, none),
    tf.losses.huberLoss(y, p, undefined, 1, none),
    tf.losses.logLoss(y, clipped, undefined, 0, none),
  ];
});
const [mseV, huberV, bceV] = await Promise.all(lossTensors.map((t) => t.data()));
tf.dispose(lossTensors);
let lossMaxErr = 0;
lossP.forEach((p, i) => {
  const r = Math.abs(p - 1);
  lossMaxErr = Math.max(
    lossMaxErr,
    Math.abs(mseV[i] - r * r),
    Math.abs(huberV[i] - (r <= 1 ? 0.5 * r * r : r - 0.5)),
    p < 1 ? Math.abs(bceV[i] + Math.log(p)) : 0,
  );
});
if (lossMaxErr > 1e-4) throw new Error(`tf.losses and the formulas differ by ${lossMaxErr}`);
lineFigure({
  x: lossP,
  y: {
    "MSE": Array.from(mseV),
    "Huber (δ = 1)": Array.from(huberV),
    "binary cross-entropy": Array.from(bceV, (v, i) => (lossP[i] < 1 ? v : NaN)),
  },
  title: "Loss charged to a prediction p when the target is 1 (computed by tf.losses)",
  xTitle: "prediction p",
  yTitle: "loss",
});

// %% [markdown]
// Optimisers and backpropagation — the lecture's hiker in the fog — are chapter 02's §5 (SGD,
// momentum and Adam walking down Rosenbrock's valley).
//
// ## 4. The Keras style, in full
//
// A credit-scoring task on real data: the UCI Taiwan credit-card clients (30,000 clients,
// 2005; `data/README.md`), predicting default next month from the credit limit, age, six months
// of repayment status, bills and payments (20 numeric columns). A stratified 80/20 split,
// features standardised with the training part's statistics only.
//
// The Keras workflow, line for line: `tf.sequential` + `model.summary()`; `compile`; `fit` with
// `validationSplit` (Keras and tfjs take the **last** fraction of the rows, before any shuffling —
// so we shuffle the training rows once with the course's seeded generator and pass
// `shuffle: false`, because `fit`'s own shuffle uses an unseeded `Math.random`) and two
// callbacks (early stopping on the validation loss, and our own logger); `evaluate` on the test
// part; `save` to a folder and load it back.

// %%
const credit = loadTaiwanCredit();
const CREDIT_FEATURES = credit.columns.filter((c) =>
  !["ID", "SEX", "EDUCATION", "MARRIAGE", "default_payment_next_month"].includes(c)
);
const creditRows = byMode(credit.height, 6000);
const creditIdx = new Rng(SEED).permutation(credit.height).slice(0, creditRows);
const allX = credit.select(...CREDIT_FEATURES).rows() as number[][];
const allY = credit.getColumn("default_payment_next_month").toArray() as number[];
const rowsX = creditIdx.map((i) => allX[i].map(Number));
const rowsY = creditIdx.map((i) => allY[i]);
const creditSplit = stratifiedShuffleSplit(rowsY, { testFraction: 0.2, seed: SEED });
const trainOrder = new Rng(SEED + 1).shuffle([...creditSplit.train]);
const creditScaler = new StandardScaler().fit(trainOrder.map((i) => rowsX[i]));
const cTrainY = trainOrder.map((i) => rowsY[i]);
const cTestY = creditSplit.test.map((i) => rowsY[i]);
const cXTrain = tf.tensor2d(creditScaler.transform(trainOrder.map((i) => rowsX[i])));
const cYTrain = tf.tensor2d(cTrainY, [cTrainY.length, 1]);
const cXTest = tf.tensor2d(creditScaler.transform(creditSplit.test.map((i) => rowsX[i])));
const cYTest = tf.tensor2d(cTestY, [cTestY.length, 1]);
const accMajority = majorityClassAccuracy(cTrainY, cTestY);
console.log(
  `${CREDIT_FEATURES.length} features; train ${cTrainY.length} rows, test ${cTestY.length}; ` +
    `default rate in training ${
      (cTrainY.reduce((a, b) => a + b, 0) / cTrainY.length).toFixed(3)
    }; majority-class test accuracy ${accMajority.toFixed(3)}`,
);

// %%
const EPOCHS = byMode(20, 8);
const BATCH = byMode(128, 64);
const keras = tf.sequential({ name: "credit_mlp" });
keras.add(tf.layers.dense({
  inputShape: [CREDIT_FEATURES.length],
  units: 32,
  activation: "relu",
  kernelInitializer: tf.initializers.glorotUniform({ seed: SEED }),
  name: "hidden1",
}));
keras.add(tf.layers.dense({
  units: 16,
  activation: "relu",
  kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 1 }),
  name: "hidden2",
}));
keras.add(tf.layers.dense({
  units: 1,
  activation: "sigmoid",
  kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 2 }),
  name: "default_prob",
}));
const summaryLines: string[] = [];
keras.summary(80, undefined, (line: string) => summaryLines.push(line));
console.log(summaryLines.join("\n"));

// %%
keras.compile({
  optimizer: tf.train.adam(1e-3),
  loss: "binaryCrossentropy",
  metrics: ["accuracy"],
});
const epochLog: Record<string, number[]> = { epoch: [] };
const logger = new tf.CustomCallback({
  onEpochEnd: (epoch: number, logs?: tf.Logs) => {
    epochLog.epoch.push(epoch + 1);
    for (const [k, v] of Object.entries(logs ?? {})) (epochLog[k] ??= []).push(v as number);
  },
});
const t0Keras = performance.now();
await keras.fit(cXTrain, cYTrain, {
  epochs: EPOCHS,
  batchSize: BATCH,
  validationSplit: 0.2,
  shuffle: false,
  verbose: 0,
  callbacks: [tf.callbacks.earlyStopping({ monitor: "val_loss", patience: 3 }), logger],
});
const secKeras = (performance.now() - t0Keras) / 1000;
const evalOut = keras.evaluate(cXTest, cYTest) as tf.Scalar[];
const [testLoss, testAccKeras] = await Promise.all(evalOut.map(async (s) => (await s.data())[0]));
tf.dispose(evalOut);
const kerasProbT = keras.predict(cXTest) as tf.Tensor;
const kerasProb = Array.from(await kerasProbT.data());
kerasProbT.dispose();
const accKeras = accuracyScore(cTestY, kerasProb.map((p) => (p > 0.5 ? 1 : 0)));
const aucKeras = rocAucScore(cTestY, kerasProb);
if (Math.abs(accKeras - testAccKeras) > 1e-6) {
  throw new Error(`evaluate's accuracy ${testAccKeras} differs from ours ${accKeras}`);
}
console.log(
  `${epochLog.epoch.length} epochs run (early stopping may end before ${EPOCHS}) in ` +
    `${secKeras.toFixed(1)} s; test loss ${testLoss.toFixed(4)}, accuracy ${
      accKeras.toFixed(3)
    } (majority ${accMajority.toFixed(3)}), ROC AUC ${aucKeras.toFixed(3)}`,
);
historyFigure(epochLog, { title: "Keras-style fit: training and validation (last 20%) curves" });

// %% [markdown]
// **Save and load.** `model.save("file://...")` needs tfjs-node; under Deno the course hands
// `model.save` a small handler of its own (`tf.io.withSaveHandler`) that writes the same two
// files Keras' web export writes — `model.json` (architecture, training config, weight manifest)
// and `weights.bin` — and loads them back through `tf.io.fromMemory`. The loaded model must
// predict exactly what the saved one did.

// %%
const saveDir = await Deno.makeTempDir({ prefix: "course09_" });
const saved = await saveLayersModelToDir(keras, `${saveDir}/credit_mlp`);
const reloaded = await loadLayersModelFromDir(`${saveDir}/credit_mlp`);
const rtDiff = tf.tidy(() =>
  tf.max(tf.abs(tf.sub(keras.predict(cXTest) as tf.Tensor, reloaded.predict(cXTest) as tf.Tensor)))
);
const roundtripMaxDiff = (await rtDiff.data())[0];
rtDiff.dispose();
if (roundtripMaxDiff !== 0) throw new Error(`reloaded model differs by ${roundtripMaxDiff}`);
console.log(
  `saved ${
    saved.files.join(" + ")
  } (${saved.weightBytes} bytes of weights = ${keras.countParams()} float32 parameters); reloaded predictions differ by at most ${roundtripMaxDiff}`,
);
reloaded.dispose();
await Deno.remove(saveDir, { recursive: true });

// %% [markdown]
// ## 5. The PyTorch style: a module that owns its parameters, a data loader, your loop
//
// The same network written the way the lecture writes PyTorch: a class holding its own
// parameters with a `forward`, a `DataLoader` that reshuffles every epoch from a seed, and a
// loop we write ourselves. The two styles side by side:
//
// | step | Keras (`tf.keras` / tfjs Layers) | PyTorch | here (tfjs, PyTorch style) |
// |---|---|---|---|
// | model | `Sequential([Dense(32, "relu"), ...])` | `class Net(nn.Module)` + `forward` | `class CreditNet` + `forward` |
// | parameters | created by layers | `nn.Linear` in `__init__` | `tf.variable` in the constructor |
// | batches | inside `fit` | `DataLoader(ds, batch_size, shuffle=True)` | `new DataLoader(x, y, BATCH, {seed})` |
// | one step | inside `fit` | `loss.backward(); opt.step(); opt.zero_grad()` | `opt.minimize(() => loss)` |
// | evaluate | `model.evaluate` | `with torch.no_grad(): model(x)` | `tf.tidy(() => net.forward(x))` |

// %%
/** A PyTorch-style module: parameters created (seeded) in the constructor, and a forward. */
class CreditNet {
  readonly params: tf.Variable[] = [];
  readonly #layers: { w: tf.Variable; b: tf.Variable }[] = [];

  constructor(sizes: number[], seed: number) {
    const rng = new Rng(seed);
    for (let i = 0; i + 1 < sizes.length; i++) {
      const lim = Math.sqrt(6 / (sizes[i] + sizes[i + 1]));
      const w = tf.variable(
        tf.randomUniform([sizes[i], sizes[i + 1]], -lim, lim, "float32", rng.seedInt()),
      );
      const b = tf.variable(tf.zeros([sizes[i + 1]]));
      this.#layers.push({ w, b });
      this.params.push(w, b);
    }
  }

  /** Logits of default: relu hidden layers, a linear output. */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      this.#layers.forEach(({ w, b }, i) => {
        h = tf.add(tf.matMul(h, w), b);
        if (i < this.#layers.length - 1) h = tf.relu(h);
      });
      return h;
    });
  }

  /** Free the parameters. */
  dispose(): void {
    tf.dispose(this.params);
  }
}

const net = new CreditNet([CREDIT_FEATURES.length, 32, 16, 1], SEED);
const optimizer = tf.train.adam(1e-3);
const loader = new DataLoader(cXTrain, cYTrain, BATCH, { seed: SEED });
const moduleLoss: number[] = [];
const t0Module = performance.now();
for (let epoch = 0; epoch < epochLog.epoch.length; epoch++) {
  let sum = 0;
  for (const { x, y } of loader) {
    const loss = optimizer.minimize(
      () => tf.losses.sigmoidCrossEntropy(y, net.forward(x)) as tf.Scalar,
      true,
      net.params,
    )!;
    sum += (await loss.data())[0] * x.shape[0];
    loss.dispose();
  }
  moduleLoss.push(sum / loader.n);
}
const secModule = (performance.now() - t0Module) / 1000;
const moduleProbT = tf.tidy(() => tf.sigmoid(net.forward(cXTest)));
const moduleProb = Array.from(await moduleProbT.data());
moduleProbT.dispose();
const accModule = accuracyScore(cTestY, moduleProb.map((p) => (p > 0.5 ? 1 : 0)));
const aucModule = rocAucScore(cTestY, moduleProb);
console.log(
  `${loader.epoch} epochs (as many as the Keras run used) of ${loader.length} batches in ` +
    `${secModule.toFixed(1)} s; training loss ${moduleLoss[0].toFixed(4)} → ${
      moduleLoss.at(-1)!.toFixed(4)
    }; test accuracy ${accModule.toFixed(3)}, ROC AUC ${aucModule.toFixed(3)}`,
);
htmlTable([
  { model: "majority class (baseline)", accuracy: accMajority, "ROC AUC": 0.5 },
  { model: "Keras style (Layers, fit)", accuracy: accKeras, "ROC AUC": aucKeras },
  { model: "PyTorch style (module, loader, loop)", accuracy: accModule, "ROC AUC": aucModule },
], { caption: "Taiwan credit default, test part", digits: 3 });

// %%
const styleGap = Math.abs(aucKeras - aucModule);
new Markdown(
  `Same data, same architecture, same optimiser, different code (and different initial draws ` +
    `and batch orders, so not identical numbers): test ROC AUC ${aucKeras.toFixed(3)} in the ` +
    `Keras style and ${aucModule.toFixed(3)} in the PyTorch style, ${
      styleGap < 0.02 ? "within 0.02 of each other" : `${styleGap.toFixed(3)} apart`
    }. In *accuracy* the networks gain ${(accKeras - accMajority).toFixed(3)} and ${
      (accModule - accMajority).toFixed(3)
    } over always answering "no default" (${accMajority.toFixed(3)}) — most clients do not ` +
    `default, so accuracy flatters everyone, and the AUC (0.5 = chance) is the number to read.`,
);

// %% [markdown]
// ## 6. The lecture's eight FinBERT sentences
//
// The lecture runs `ProsusAI/finbert` in PyTorch on eight sentences, with the label it expected
// written as a comment beside each. Here `sentiment()` runs FinBERT (`Xenova/finbert`, an ONNX
// port) when its files are on this machine, else the course's own model that is best on
// PhraseBank validation (chapter 04), and the model that ran is named. The lecture's own printed output stops after the fourth sentence (its cell output is
// cut off); those four FinBERT labels are quoted from it.

// %%
const LECTURE_SENTENCES = [
  "The company announced strong quarterly earnings, exceeding analyst expectations.",
  "Despite record sales, the stock price plummeted due to market uncertainty.",
  "Analysts maintain a 'neutral' rating on the company's shares.",
  "Inflation concerns are growing as commodity prices continue to rise.",
  "A new strategic partnership is expected to boost revenue significantly.",
  "The board approved a new share buyback program, delighting investors.",
  "Company X filed for bankruptcy today.",
  "Market shows no significant movement today.",
];
/** The lecture's comments ("Negative/Mixed" for sentence 2 counts as negative). */
const LECTURE_EXPECTED = [
  "positive",
  "negative",
  "neutral",
  "negative",
  "positive",
  "positive",
  "negative",
  "neutral",
];
/** What the lecture's FinBERT printed (label, P(label)); null where its output was cut off. */
const LECTURE_FINBERT: ([string, number] | null)[] = [
  ["positive", 0.9531],
  ["negative", 0.9722],
  ["neutral", 0.5627],
  ["positive", 0.8338],
  null,
  null,
  null,
  null,
];
const eight = await sentiment(LECTURE_SENTENCES);
const eightPred = eight.predicted;
const agreeIdx = eightPred.map((l, i) => l === LECTURE_EXPECTED[i]);
const lectureAgreement = agreeIdx.filter(Boolean).length;
const lectureFinbertWrong = LECTURE_FINBERT.map((r, i) =>
  r !== null && r[0] !== LECTURE_EXPECTED[i] ? i : -1
).filter((i) => i >= 0);
console.log(`model that ran: ${eight.model}${eight.note ? ` (${eight.note})` : ""}`);
htmlTable(
  LECTURE_SENTENCES.map((s, i) => ({
    "#": i + 1,
    sentence: s,
    "lecture expects": LECTURE_EXPECTED[i],
    "lecture's FinBERT": LECTURE_FINBERT[i] === null
      ? "(not printed)"
      : `${LECTURE_FINBERT[i]![0]} (${LECTURE_FINBERT[i]![1].toFixed(2)})`,
    [`${eight.model}`]: eightPred[i],
    agrees: agreeIdx[i] ? "yes" : "no",
    ...Object.fromEntries(eight.labels.map((l, j) => [`P(${l})`, eight.probs[i][j]])),
  })),
  { caption: `The lecture's eight sentences — model that ran: ${eight.model}`, digits: 3 },
);

// %%
const wrongI = lectureFinbertWrong[0];
const oursOnWrong = eightPred[wrongI];
new Markdown(
  `**${eight.model}** agrees with the lecture's expected label on **${lectureAgreement} of 8** ` +
    `sentences (disagreeing on ${
      agreeIdx.map((a, i) => (a ? "" : `#${i + 1} (${eightPred[i]} vs ${LECTURE_EXPECTED[i]})`))
        .filter(Boolean).join(", ") || "none"
    }). Of the four sentences the lecture's FinBERT printed, it got ` +
    `${lectureFinbertWrong.length} wrong: #${wrongI + 1}, "${LECTURE_SENTENCES[wrongI]}", ` +
    `which the lecture expects to be **${LECTURE_EXPECTED[wrongI]}** and FinBERT called ` +
    `**${LECTURE_FINBERT[wrongI]![0]}** with probability ${
      LECTURE_FINBERT[wrongI]![1]
    }. The model that ran here calls it **${oursOnWrong}** ` +
    `(P = ${Math.max(...eight.probs[wrongI]).toFixed(3)})${
      [COURSE_SENTIMENT_ID, COURSE_BERT_ID].includes(eight.model)
        ? "; it was trained on the same Financial PhraseBank, so it inherits the same reading"
        : ""
    }.\n\n` +
    `Why a finance-trained model can say "positive": FinBERT was fine-tuned on the Financial ` +
    `PhraseBank, sentences from company news, where "prices continue to rise" and "growing" ` +
    `usually describe a company's own prices, sales or profits — good news for its shareholders. ` +
    `The sentence is macroeconomic: rising commodity prices feed inflation, which is bad for ` +
    `bonds and for consumers, yet good for a commodity producer. The label depends on *whose* ` +
    `position you hold, and a sentence-level classifier cannot know it. Eight sentences are an ` +
    `anecdote; chapter 04 measures sentiment models on a held-out PhraseBank split.`,
);

// %% [markdown]
// ## 7. When to choose which — for finance tasks
//
// | task | a good first choice | why |
// |---|---|---|
// | research on a new architecture (a new sequence model for order books, a generative model for scenarios) | **PyTorch** | most new papers and pretrained models appear there first; the loop is yours, debugging is plain Python |
// | a standard model in production (credit scoring, fraud flags, news sentiment) | **TensorFlow/Keras** or a PyTorch model exported to **ONNX** | mature serving (TF Serving, ONNX Runtime), one saved file per model, monitoring tools |
// | risk engines that need derivatives (Greeks of a book, calibration, XVA sensitivities) | **JAX** | `grad` of any pure pricing function, `vmap` over thousands of trades, `jit` fuses the arithmetic — §2 measured why fusion and batching matter |
// | the model must run inside an app (a browser dashboard, a Deno/Node service, no Python) | **TensorFlow.js** (or ONNX Runtime Web / transformers.js) | same language as the app; Keras models and ONNX exports load directly |
// | learning the ideas (this course) | any one of them, well | the concepts — tensors, autodiff, layers, losses, optimisers, data hygiene — transfer; the syntax is a weekend |
//
// What decides in practice: **who maintains it** (the team's language and existing systems),
// **where it runs** (server, phone, browser, an exchange's colocated box), **whether you need
// derivatives of things that are not neural networks** (JAX, or `tf.grad` here — chapter 02
// prices an option and its Greeks that way), and **what pretrained models exist** (FinBERT is a
// PyTorch checkpoint first; its ONNX port is what runs in JavaScript).
//
// ## 8. Headline numbers

// %%
net.dispose();
keras.dispose();
optimizer.dispose();
tf.dispose([cXTrain, cYTrain, cXTest, cYTest]);
report({
  backend: backendName,
  us_per_small_op: usPerOp,
  many_vs_one_ratio: manyVsOne,
  greeks_loop_vs_batch: greeksLoopVsBatch,
  delta_max_err: deltaMaxErr,
  activation_grad_max_err: activationGradErr,
  loss_max_err: lossMaxErr,
  acc_keras: accKeras,
  auc_keras: aucKeras,
  acc_module: accModule,
  auc_module: aucModule,
  acc_majority: accMajority,
  roundtrip_max_diff: roundtripMaxDiff,
  sentiment_model: eight.model,
  lecture_agreement: lectureAgreement,
  inflation_label: oursOnWrong,
});
