// %% [markdown]
// # Exercise 05 · Pairs, a contrastive loss and the similarity gap
//
// The three building blocks of chapter 05, written by you next to this notebook:
//
// 1. `pairs.ts` — `makeQuintilePairs`: pairs of items, positive when both are in the same
//    return quintile, with an exact share of positives and a seeded generator.
// 2. `contrastive_loss.ts` — `contrastiveLoss`: y·(1 − cos)² + (1 − y)·max(0, cos − margin)²
//    in tfjs, so that gradients flow into a projection head.
// 3. `similarity.ts` — `avgSimilarityByGroup`: mean cosine similarity within groups, across
//    groups, and the gap between them.
//
// The cells below use them on **synthetic** embeddings (labelled synthetic: five noisy
// clusters, one per "quintile", where the answer is known), compare with the course library,
// then train a linear head with your loss. Grade yourself with:
//
// ```
// deno task grade 05
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import {
  avgSimilarityByGroup as libSimilarity,
  cosineContrastiveLoss,
  deviceBanner,
  rng,
} from "@course/lib";
// Your files, imported afresh each time this cell runs: after editing them, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const pairsFile: typeof import("./pairs.ts") = await import(`./pairs.ts?v=${Date.now()}`);
const { makeQuintilePairs } = pairsFile;
const contrastiveLossFile: typeof import("./contrastive_loss.ts") = await import(
  `./contrastive_loss.ts?v=${Date.now()}`
);
const { contrastiveLoss } = contrastiveLossFile;
const similarityFile: typeof import("./similarity.ts") = await import(
  `./similarity.ts?v=${Date.now()}`
);
const { avgSimilarityByGroup } = similarityFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## Synthetic embeddings with a known answer
//
// 200 items in 16 dimensions: each quintile has a centre, and every item is its centre plus a
// lot of noise (the signal-to-noise of real return labels is far worse).

// %%
const r = rng(5);
const dim = 16;
const centres = Array.from({ length: 5 }, () => Array.from(r.normals(dim)));
const labels = Array.from({ length: 200 }, (_, i) => i % 5);
const points = labels.map((q) => centres[q].map((c) => 0.5 * c + r.normal()));

// %% [markdown]
// ## 1. Pairs with an exact share of positives

// %%
const pairs = makeQuintilePairs(labels, { nPairs: 400, positiveRatio: 0.25, seed: 1 });
const positives = pairs.label.filter((y) => y === 1).length;
const consistent = pairs.label.every((y, k) =>
  (labels[pairs.left[k]] === labels[pairs.right[k]]) === (y === 1)
);
console.log(`${positives} positives of 400 (expected 100); labels consistent: ${consistent}`);

// %% [markdown]
// ## 2. Your loss against the library's

// %%
const a = tf.tensor2d(pairs.left.map((i) => points[i]));
const b = tf.tensor2d(pairs.right.map((i) => points[i]));
const mine = contrastiveLoss(a, b, pairs.label, 0.5);
const reference = cosineContrastiveLoss(a, b, pairs.label, 0.5);
console.log(
  `your loss ${mine.dataSync()[0].toFixed(6)}, library ${reference.dataSync()[0].toFixed(6)}`,
);
tf.dispose([a, b, mine, reference]);

// %% [markdown]
// ## 3. The similarity gap, before and after a trained linear head
//
// A 16 → 8 linear map trained with your loss on fresh pairs every step. On this synthetic data
// the gap should grow clearly; in the chapter, on real tweets and returns, it hardly moves on
// the test period.

// %%
const before = avgSimilarityByGroup(points, labels);
const libBefore = libSimilarity(points, labels);
console.log(
  `gap before: yours ${before.gap.toFixed(4)}, library ${libBefore.gap.toFixed(4)} ` +
    `(within ${before.within.toFixed(3)}, across ${before.across.toFixed(3)})`,
);
const w = tf.variable(tf.randomNormal([dim, 8], 0, 0.3, "float32", 7));
const x = tf.tensor2d(points);
const optimizer = tf.train.adam(0.02);
for (let step = 0; step < 150; step++) {
  const p = makeQuintilePairs(labels, { nPairs: 128, positiveRatio: 0.5, seed: 100 + step });
  // gather the inputs, then project: the wasm backend has no gradient for a gather
  optimizer.minimize(() =>
    contrastiveLoss(
      tf.matMul(tf.gather(x, p.left), w),
      tf.matMul(tf.gather(x, p.right), w),
      p.label,
      0.5,
    )
  );
}
const projected = tf.tidy(() => tf.matMul(x, w).arraySync() as number[][]);
const after = avgSimilarityByGroup(projected, labels);
console.log(`gap after training the head: ${after.gap.toFixed(4)}`);
tf.dispose([w, x]);
optimizer.dispose();
