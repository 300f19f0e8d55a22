import assert from "node:assert/strict";
import {
  autocorrelation,
  averageRanks,
  excessKurtosis,
  pearsonKurtosis,
  rollingExcessKurtosis,
  rollingPearsonKurtosis,
  rollingSkewness,
  rollingStd,
  seriesStd,
  skewness,
  spearmanCorrelation,
} from "../../../lib/data/stats.ts";
import { normalCdf, normalPdf, normalQuantile } from "../../../lib/data/normal.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} != ${b} (tol ${tol})`);

Deno.test("kurtosis of 1..5: Pearson 1.7, excess -1.3 (population moments)", () => {
  // m2 = (4+1+0+1+4)/5 = 2, m4 = (16+1+0+1+16)/5 = 6.8, kurtosis = 6.8 / 4.
  close(pearsonKurtosis([1, 2, 3, 4, 5]), 1.7);
  close(excessKurtosis([1, 2, 3, 4, 5]), -1.3);
});

Deno.test("skewness and kurtosis of [0,0,0,3]: 2/sqrt(3) and 7/3", () => {
  close(skewness([0, 0, 0, 3]), 2 / Math.sqrt(3));
  close(pearsonKurtosis([0, 0, 0, 3]), 7 / 3);
  close(skewness([1, 2, 3]), 0);
});

Deno.test("rolling moments equal the full-sample ones on each window, NaN before", () => {
  const xs = [0.3, -1.2, 0.5, 2.2, -0.7, 0.1, 1.4, -0.2];
  const k = rollingPearsonKurtosis(xs, 4), e = rollingExcessKurtosis(xs, 4);
  const s = rollingSkewness(xs, 4), sd = rollingStd(xs, 4);
  for (let i = 0; i < 3; i++) assert.ok(Number.isNaN(k[i]) && Number.isNaN(s[i]));
  for (let i = 3; i < xs.length; i++) {
    const w = xs.slice(i - 3, i + 1);
    close(k[i], pearsonKurtosis(w), 1e-10);
    close(e[i], pearsonKurtosis(w) - 3, 1e-10);
    close(s[i], skewness(w), 1e-10);
    close(sd[i], seriesStd(w), 1e-10);
  }
});

Deno.test("autocorrelation of 1,2,3,4: 1, 0.25, -0.3", () => {
  const r = autocorrelation([1, 2, 3, 4], 2);
  close(r[0], 1);
  close(r[1], 0.25);
  close(r[2], -0.3);
});

Deno.test("spearman: average ranks for ties and the hand-computed 8/sqrt(95)", () => {
  assert.deepEqual([...averageRanks([10, 20, 20, 30])], [1, 2.5, 2.5, 4]);
  close(spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 8 / Math.sqrt(95));
  close(spearmanCorrelation([1, 2, 3], [1, 8, 27]), 1);
  close(spearmanCorrelation([1, 2, 3], [3, 2, 1]), -1);
});

Deno.test("normal CDF and quantile: known values and round trip", () => {
  close(normalQuantile(0.975), 1.959963984540054, 1e-8);
  close(normalQuantile(0.5), 0, 1e-12);
  close(normalCdf(1.959963984540054), 0.975, 2e-7);
  close(normalCdf(0), 0.5, 1e-9);
  for (const p of [0.001, 0.02, 0.3, 0.7, 0.99]) close(normalCdf(normalQuantile(p)), p, 2e-7);
});

Deno.test("stats reject NaN, constant and short input with clear messages", () => {
  assert.throws(
    () => skewness([1, NaN, 2]),
    /skewness: argument 'xs' expected finite numbers, received NaN at index 1/,
  );
  assert.throws(() => pearsonKurtosis([2, 2, 2]), /zero variance/);
  assert.throws(() => pearsonKurtosis([1]), /at least 2 values/);
  assert.throws(() => spearmanCorrelation([1, 2], [1, 2, 3]), /length 2/);
  assert.throws(() => normalQuantile(1), /probability in \(0, 1\)/);
});

Deno.test("normalPdf: 1/√(2π) at 0, e^{-1/2}/√(2π) at ±1; NaN rejected", () => {
  close(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
  close(normalPdf(-1), Math.exp(-0.5) / Math.sqrt(2 * Math.PI), 1e-15);
  close(normalPdf(1), normalPdf(-1), 0);
  assert.throws(
    () => normalPdf(NaN),
    /normalPdf: argument 'x' expected a finite number, received NaN/,
  );
});
