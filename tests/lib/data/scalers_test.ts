import assert from "node:assert/strict";
import {
  quantileSorted,
  QuantileUniformScaler,
  RankGaussScaler,
  RobustScaler,
  StandardScaler,
  Winsorizer,
} from "../../../lib/data/scalers.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);
const train = [[1, 10], [2, 20], [3, 30], [4, 40], [100, 50]];
const test = [[1000, 0]];

Deno.test("standard scaler: statistics from train only, test values never used", () => {
  const s = new StandardScaler().fit(train);
  close(s.mean[0], 22);
  close(s.std[1], Math.sqrt(200));
  const z = s.transform(test)[0];
  close(z[0], (1000 - 22) / s.std[0]);
  // Refitting with the test row would change the statistics: fitting on train is what counts.
  const leaked = new StandardScaler().fit([...train, ...test]);
  assert.notEqual(leaked.mean[0], s.mean[0]);
  close(s.inverseTransform(s.transform(test))[0][0], 1000);
});

Deno.test("robust scaler: median and IQR (linear quantiles) of the training rows", () => {
  const s = new RobustScaler().fit(train);
  close(s.median[0], 3);
  close(s.iqr[0], 2); // quantiles 0.25 -> 2, 0.75 -> 4
  close(s.transform([[7, 30]])[0][0], 2);
  close(s.inverseTransform([[2, 0]])[0][0], 7);
});

Deno.test("quantile scaler maps training quantiles to uniform, clips outside, inverts", () => {
  const col = Array.from({ length: 101 }, (_, i) => [i]);
  const s = new QuantileUniformScaler(101).fit(col);
  close(s.transform([[25]])[0][0], 0.25);
  close(s.transform([[25.5]])[0][0], 0.255);
  close(s.transform([[-5]])[0][0], 0);
  close(s.transform([[500]])[0][0], 1);
  close(s.inverseTransform([[0.4]])[0][0], 40);
});

Deno.test("rank-gauss: median -> 0, quartiles -> ±0.6745, monotone, inverts", () => {
  const col = Array.from({ length: 101 }, (_, i) => [i * i]);
  const s = new RankGaussScaler(101).fit(col);
  close(s.transform([[2500]])[0][0], 0, 1e-8);
  close(s.transform([[625]])[0][0], -0.6744897501960817, 1e-6);
  close(s.inverseTransform(s.transform([[1600]]))[0][0], 1600, 1e-3); // erf approx 1.5e-7
  assert.ok(s.transform([[10 ** 6]])[0][0] <= 5);
});

Deno.test("winsorizer clips to training quantiles; scalers reject unfitted use and NaN", () => {
  const w = new Winsorizer(0.25, 0.75).fit(train);
  assert.deepEqual(w.transform([[0, 100]]), [[2, 40]]);
  assert.throws(() => new StandardScaler().transform(train), /fitted scaler/);
  assert.throws(() => new StandardScaler().fit([[1], [NaN]]), /NaN at row 1, column 0/);
  assert.throws(() => new StandardScaler().fit(train).transform([[1]]), /rows of 2 features/);
});

Deno.test("quantileSorted: numpy's linear interpolation; empty input and q outside [0, 1] rejected", () => {
  // numpy.quantile([1, 2, 4, 8], [0, 0.25, 0.5, 1]) = 1, 1.75, 3, 8
  close(quantileSorted([1, 2, 4, 8], 0), 1);
  close(quantileSorted([1, 2, 4, 8], 0.25), 1.75);
  close(quantileSorted([1, 2, 4, 8], 0.5), 3);
  close(quantileSorted([1, 2, 4, 8], 1), 8);
  assert.throws(
    () => quantileSorted([], 0.5),
    /quantileSorted: argument 'sorted' expected a non-empty array, received array of length 0/,
  );
  assert.throws(
    () => quantileSorted([1, 2], 1.5),
    /quantileSorted: argument 'q' expected a finite number >= 0 <= 1, received 1.5/,
  );
});
