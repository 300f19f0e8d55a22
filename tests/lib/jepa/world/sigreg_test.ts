import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { randomDirections, sigregLoss } from "../../../../lib/jepa/losses.ts";
import { Rng } from "../../../../lib/random.ts";

await initBackend();

const N = 1000;
const D = 6;

async function stat(rows: number[][], seed: number): Promise<number> {
  const z = tf.tensor2d(rows);
  const dirs = randomDirections(D, 64, new Rng(seed));
  const s = sigregLoss(z, dirs);
  const v = (await s.data())[0];
  tf.dispose([z, dirs, s]);
  return v;
}

// ∫ (1 − e^{−t²}) e^{−t²/2} dt = √(2π) − √(2π/3): the statistic's expectation under N(0, I)
const NULL_MEAN = Math.sqrt(2 * Math.PI) - Math.sqrt((2 * Math.PI) / 3);

Deno.test("SIGReg: O(1) under N(0, I) (its null mean ≈ 1.06), i.e. ≈ 0 per sample", async () => {
  const before = tf.memory().numTensors;
  const vals: number[] = [];
  for (let s = 0; s < 4; s++) {
    const rng = new Rng(100 + s);
    vals.push(await stat(Array.from({ length: N }, () => Array.from(rng.normals(D))), s));
  }
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  assert.ok(Math.abs(mean - NULL_MEAN) < 0.5, `mean ${mean} vs ${NULL_MEAN}`);
  assert.ok(mean / N < 0.002);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("SIGReg: large for a collapsed batch and for a bimodal one of unit variance", async () => {
  const rng = new Rng(7);
  const gauss = await stat(Array.from({ length: N }, () => Array.from(rng.normals(D))), 1);
  const collapsed = await stat(Array.from({ length: N }, () => new Array(D).fill(0.3)), 1);
  // each coordinate ±1 with small noise: mean 0, variance ≈ 1, but two modes
  const bimodal = await stat(
    Array.from(
      { length: N },
      () =>
        Array.from({ length: D }, () => (rng.uniform() < 0.5 ? -1 : 1) * 0.99 + 0.1 * rng.normal()),
    ),
    1,
  );
  assert.ok(collapsed > 100 * gauss, `collapsed ${collapsed} vs gaussian ${gauss}`);
  assert.ok(bimodal > 5 * gauss, `bimodal ${bimodal} vs gaussian ${gauss}`);
  // doubling N doubles a non-Gaussian batch's statistic (the ×N scaling)
  const half = await stat(Array.from({ length: N / 2 }, () => new Array(D).fill(0.3)), 1);
  assert.ok(Math.abs(collapsed / half - 2) < 1e-3, `${collapsed / half}`);
});
