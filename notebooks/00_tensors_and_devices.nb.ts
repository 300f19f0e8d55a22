// %% [markdown]
// # 00 · Tensors and devices
//
// Every chapter of this course starts the same way: load the course library and ask it which
// device the tensors will run on. In Python you would print `tf.config.list_physical_devices()`
// or `torch.cuda.is_available()`; here the library walks a **backend ladder** — CUDA through
// `tfjs-node-gpu`, a hardware WebGPU adapter (NVIDIA, AMD, Apple), native TensorFlow on CPU,
// WebAssembly, plain JavaScript — and tells you which rung it stood on and why it skipped
// the better ones. Set `COURSE_BACKEND=cpu` (or `wasm`, `webgpu`, ...) to force one.

// %%
import * as tf from "@tensorflow/tfjs";
import {
  barFigure,
  byMode,
  deviceBanner,
  htmlTable,
  matmulGflops,
  report,
  rng,
  timeTensorOp,
  useBackend,
} from "@course/lib";

const banner = await deviceBanner();
banner;

// %% [markdown]
// ## Tensors: shape, dtype, broadcasting, reductions
//
// A tensor is an n-dimensional array with a **shape** and a **dtype** (`float32`, `int32`,
// `bool`). Operations broadcast like NumPy: a `[3, 1]` column and a `[1, 4]` row combine into a
// `[3, 4]` matrix. Reductions (`sum`, `mean`, `max`) collapse an axis.

// %%
const prices = tf.tensor2d([[100, 101, 99, 102], [50, 51, 52, 50], [20, 19, 21, 22]]);
const firstDay = prices.slice([0, 0], [3, 1]); // shape [3, 1]
const relative = prices.div(firstDay); // broadcast [3, 4] / [3, 1]
const meanPerAsset = relative.mean(1); // reduce over days
console.log("shape", prices.shape, "dtype", prices.dtype);
// Reading values back is asynchronous: `await t.data()` (flat) or `await t.array()` (nested).
// The synchronous `dataSync()` / `toString()` work on CPU backends but fail on WebGPU.
console.log("relative to day 0:", await relative.array());
console.log(
  "mean relative price per asset:",
  Array.from(await meanPerAsset.data()).map((v) => v.toFixed(4)),
);
const column = tf.tensor2d([[1], [2], [3]]);
const row = tf.tensor2d([[10, 20, 30, 40]]);
console.log("broadcast [3,1] + [1,4] ->", column.add(row).shape);
tf.dispose([firstDay, relative, meanPerAsset, column, row]);

// %% [markdown]
// ## Memory: why `tf.tidy` and `dispose` matter in JavaScript
//
// JavaScript's garbage collector does not see the memory behind a tensor (a WebAssembly heap,
// GPU buffers). Every intermediate tensor stays allocated until you `dispose` it. `tf.tidy`
// disposes everything created inside its function except what the function returns.
// `tf.memory().numTensors` is the leak detector: the course's tests assert it is unchanged
// after every training run.

// %%
function leakyZScore(x: tf.Tensor): tf.Tensor {
  const mean = x.mean(); // never disposed
  const centered = x.sub(mean); // never disposed
  return centered.div(x.sub(mean).square().mean().sqrt()); // three more leaks
}
function tidyZScore(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const centered = x.sub(x.mean());
    return centered.div(centered.square().mean().sqrt());
  });
}
const returns = tf.tensor1d([0.01, -0.02, 0.015, 0.003, -0.007]);
let before = tf.memory().numTensors;
for (let i = 0; i < 100; i++) leakyZScore(returns).dispose();
const leakedByLeaky = tf.memory().numTensors - before;
before = tf.memory().numTensors;
for (let i = 0; i < 100; i++) tidyZScore(returns).dispose();
const leakedByTidy = tf.memory().numTensors - before;
console.log(
  `100 calls: leaky version left ${leakedByLeaky} tensors behind, tidy version ${leakedByTidy}`,
);
if (leakedByTidy !== 0) throw new Error(`tidyZScore leaked ${leakedByTidy} tensors`);
if (leakedByLeaky < 100) throw new Error("the leaky version was expected to leak");

// %% [markdown]
// ## One seed makes a run repeatable
//
// TensorFlow.js has no global seed, and `model.fit` shuffles with `Math.random`. The course
// draws every random number from a seeded generator (`rng(seed)`): initial weights, shuffles,
// splits, dropout. Below, a tiny linear regression (synthetic data with known coefficients
// 2 and -1) is fitted by gradient descent; run the notebook twice and the loss is identical to
// the last digit, which is what lets the test suite compare runs.

// %%
const r = rng(42);
const n = 256;
const xs = Array.from({ length: n }, () => [r.normal(), r.normal()]);
const ys = xs.map(([a, b]) => 2 * a - 1 * b + 0.1 * r.normal());
const X = tf.tensor2d(xs);
const y = tf.tensor2d(ys, [n, 1]);
const w = tf.variable(tf.randomNormal([2, 1], 0, 1, "float32", r.seedInt()));
const opt = tf.train.sgd(0.1);
const steps = byMode(100, 50);
for (let s = 0; s < steps; s++) {
  opt.minimize(() => tf.losses.meanSquaredError(y, X.matMul(w)) as tf.Scalar);
}
const lossT = tf.tidy(() => tf.losses.meanSquaredError(y, X.matMul(w)));
const finalLoss = (await lossT.data())[0];
lossT.dispose();
const learned = Array.from(await w.data());
console.log(
  `learned w = [${learned.map((v) => v.toFixed(3)).join(", ")}] (true [2, -1]), MSE ${
    finalLoss.toFixed(5)
  }`,
);
if (Math.abs(learned[0] - 2) > 0.05 || Math.abs(learned[1] + 1) > 0.05) {
  throw new Error(`gradient descent missed the true coefficients: ${learned}`);
}
tf.dispose([X, y, w]);
opt.dispose();

// %% [markdown]
// ## Timing a matrix product on each backend
//
// The same `matMul` runs on every backend that loads here. A fair timing waits for the result
// (`await data()`) and skips warm-up runs, which compile kernels. A software WebGPU adapter
// (llvmpipe) is correct but slow: that is why the ladder never picks one by itself.

// %%
const sizes = byMode([64, 128, 256, 512], [64, 128]);
const timings: { backend: string; n: number; ms: number; gflops: number }[] = [];
const startBackend = banner.info.backend;
for (const name of ["wasm", "cpu", "webgpu"] as const) {
  try {
    await useBackend(name);
  } catch (e) {
    console.log(`${name}: not available (${(e as Error).message})`);
    continue;
  }
  for (const size of sizes) {
    if (name !== startBackend && size > 256) continue; // keep slow backends short
    const a = tf.randomNormal([size, size], 0, 1, "float32", 1);
    const t = await timeTensorOp(() => tf.matMul(a, a), { warmup: 1, repeats: 3 });
    a.dispose();
    timings.push({
      backend: name,
      n: size,
      ms: t.median * 1000,
      gflops: matmulGflops(size, t.median),
    });
  }
}
await useBackend(startBackend);
htmlTable(
  timings.map((t) => ({ backend: t.backend, n: t.n, ms: t.ms, "GFLOP/s": t.gflops })),
  { caption: "median of 3 timed runs after 1 warm-up", digits: 2 },
);

// %%
const largest = Math.max(...timings.map((t) => t.n));
const atLargest = timings.filter((t) => t.n === Math.min(largest, 256));
barFigure({
  x: atLargest.map((t) => t.backend),
  y: atLargest.map((t) => t.gflops),
  title: `matMul ${Math.min(largest, 256)}×${
    Math.min(largest, 256)
  } on each backend (this machine)`,
  xTitle: "backend",
  yTitle: "GFLOP/s",
});

// %% [markdown]
// ## Headline numbers
//
// Every notebook ends by reporting its headline metrics through one helper, so `deno task
// course` can collect them into `out/summary.json` and the tests can check them.

// %%
report({
  linreg_loss_seeded: Number(finalLoss.toFixed(6)),
  leaked_tensors: leakedByTidy,
  backend: startBackend,
});

// %% [markdown]
// ## Exercise
//
// Open `exercises/00_tensors/00_tensors.ipynb`: standardise a feature matrix column-wise with
// statistics from the training rows only (the first leak-free habit of this course) and
// compute a covariance matrix with tensors. Check your work with `deno task grade 00`.
