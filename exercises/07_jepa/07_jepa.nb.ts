// %% [markdown]
// # Exercise 07 · The pieces of a JEPA, by hand
//
// Chapter 07 pre-trained encoders without labels and judged them by linear probes and
// clusters. Here you write four of its pieces yourself, in `jepa.ts` next to this notebook:
//
// 1. `emaUpdate` — the target encoder's weights follow the online ones: t ← τ·t + (1 − τ)·w;
// 2. `latentPredictionLoss` — MSE in embedding space with a **stop-gradient** on the target;
// 3. `rocAuc` — the AUC of a probe's scores (Mann-Whitney, ties count one half);
// 4. `silhouette` — how well separated a clustering is.
//
// Each cell compares your function with the course library. Then grade yourself:
//
// ```
// deno task grade 07
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import {
  deviceBanner,
  emaUpdate as libEma,
  kMeans,
  linearProbe,
  loadTaiwanCredit,
  rocAucScore,
  silhouetteScore,
  stratifiedShuffleSplit,
  taiwanSequences,
} from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const jepaFile: typeof import("./jepa.ts") = await import(`./jepa.ts?v=${Date.now()}`);
const { emaUpdate, latentPredictionLoss, rocAuc, silhouette } = jepaFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. EMA of weights
//
// After n updates towards fixed online weights w, the target is w + τⁿ(t₀ − w): with τ = 0.99
// it takes about 460 steps to cover 99% of the way. Your update should match the library's.

// %%
const mine = [tf.tidy(() => tf.variable(tf.tensor1d([0, 5]), false))];
const ref = [tf.tidy(() => tf.variable(tf.tensor1d([0, 5]), false))];
const online = [tf.tensor1d([1, -1])];
for (let i = 0; i < 100; i++) {
  emaUpdate(mine, online, 0.99);
  libEma(ref, online, 0.99);
}
console.log("yours", Array.from(mine[0].dataSync()), "library", Array.from(ref[0].dataSync()));

// %% [markdown]
// ## 2. Latent loss with a stop-gradient
//
// The gradient with respect to the target must be zero: the target encoder learns only
// through the EMA, never by moving its outputs towards the prediction (that way lies collapse).

// %%
const [gPred, gTarget] = tf.grads((p: tf.Tensor, t: tf.Tensor) => latentPredictionLoss(p, t))([
  tf.tensor1d([1, 2]),
  tf.tensor1d([0, 0]),
]);
console.log("d/dpred", Array.from(gPred.dataSync()), "d/dtarget", Array.from(gTarget.dataSync()));

// %% [markdown]
// ## 3. AUC of a probe on real credit data, and 4. silhouette of K-means segments

// %%
const credit = loadTaiwanCredit();
const y = credit.getColumn("default_payment_next_month").toArray() as number[];
const split = stratifiedShuffleSplit(y, { testFraction: 0.2, seed: 42 });
const train = split.train.slice(0, 3000);
const test = split.test.slice(0, 1000);
const seq = taiwanSequences(credit, train);
const probe = linearProbe(
  train.map((i) => seq.flat[i]),
  train.map((i) => y[i]),
  test.map((i) => seq.flat[i]),
  test.map((i) => y[i]),
  { ci: false },
);
const yTest = test.map((i) => y[i]);
console.log(
  "AUC yours",
  rocAuc(yTest, probe.scores as number[]),
  "library",
  rocAucScore(yTest, probe.scores as number[]),
);
const rows = test.slice(0, 400).map((i) => seq.flat[i]);
const km = kMeans(rows, 4, { seed: 1 });
console.log(
  "silhouette yours",
  silhouette(rows, km.labels),
  "library",
  silhouetteScore(rows, km.labels),
);
