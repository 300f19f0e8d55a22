/** Sharpe ratio inference: hand values, Monte Carlo standard errors, PSR/DSR, Jobson–Korkie–Memmel. */
import assert from "node:assert/strict";
import {
  expectedMaxSharpe,
  probabilisticSharpe,
  sharpeDiffTest,
  sharpeStats,
} from "../../../lib/portfolio/mod.ts";
import { pearsonKurtosis, skewness } from "../../../lib/data/stats.ts";
import { normalCdf } from "../../../lib/data/normal.ts";
import { Rng } from "../../../lib/random.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tol ${tol})`);

Deno.test("sharpeStats: hand values on a 5-return series", () => {
  const r = [0.01, -0.02, 0.03, 0, 0.015];
  const mean = 0.035 / 5;
  const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 4);
  const sr = mean / sd;
  const s = sharpeStats(r, { periodsPerYear: 252 });
  close(s.sr, sr, 1e-12);
  close(s.srAnnual, sr * Math.sqrt(252), 1e-10);
  close(s.seLo, Math.sqrt((1 + sr * sr / 2) / 5), 1e-12);
  const g3 = skewness(r), g4 = pearsonKurtosis(r);
  close(s.skew, g3, 1e-12);
  close(s.kurtosis, g4, 1e-12);
  const v = 1 - g3 * sr + (g4 - 1) / 4 * sr * sr;
  close(s.seNonNormal, Math.sqrt(v / 5), 1e-12);
  close(s.psr, normalCdf(sr * 2 / Math.sqrt(v)), 1e-12);
  // one trial: the deflated Sharpe ratio is the PSR against 0
  close(s.sr0, 0, 0);
  close(s.dsr, s.psr, 0);
});

Deno.test("sharpeStats: Lo's SE matches the Monte Carlo spread of SR for normal returns", () => {
  const rng = new Rng(7);
  const T = 250, reps = 1500;
  const srs: number[] = [];
  let seSum = 0;
  for (let k = 0; k < reps; k++) {
    const r = Array.from({ length: T }, () => 0.1 + rng.normal());
    const s = sharpeStats(r);
    srs.push(s.sr);
    seSum += s.seLo;
  }
  const m = srs.reduce((a, b) => a + b, 0) / reps;
  const mcSd = Math.sqrt(srs.reduce((a, b) => a + (b - m) ** 2, 0) / (reps - 1));
  close(seSum / reps / mcSd, 1, 0.08);
});

Deno.test("sharpeStats: for skewed returns the non-normal SE tracks the Monte Carlo spread, Lo's does not", () => {
  const rng = new Rng(11);
  const T = 400, reps = 1200;
  const srs: number[] = [];
  let lo = 0, nn = 0;
  for (let k = 0; k < reps; k++) {
    // lottery-like returns: a large SR (0.5 per period) with strong negative skew
    const r = Array.from(
      { length: T },
      () => (rng.random() < 0.05 ? -3 : 0.5 + 0.3 * rng.normal()),
    );
    const s = sharpeStats(r);
    srs.push(s.sr);
    lo += s.seLo / reps;
    nn += s.seNonNormal / reps;
  }
  const m = srs.reduce((a, b) => a + b, 0) / reps;
  const mcSd = Math.sqrt(srs.reduce((a, b) => a + (b - m) ** 2, 0) / (reps - 1));
  close(nn / mcSd, 1, 0.12);
  assert.ok(Math.abs(lo / mcSd - 1) > 0.3, `Lo ratio ${lo / mcSd}`);
});

Deno.test("expectedMaxSharpe: matches the Monte Carlo mean maximum of N standard normals", () => {
  const rng = new Rng(3);
  for (const N of [10, 100]) {
    let s = 0;
    const reps = 3000;
    for (let k = 0; k < reps; k++) {
      let mx = -Infinity;
      for (let i = 0; i < N; i++) mx = Math.max(mx, rng.normal());
      s += mx / reps;
    }
    close(expectedMaxSharpe(N, 1) / s, 1, 0.04);
    close(expectedMaxSharpe(N, 4), 2 * expectedMaxSharpe(N, 1), 1e-12);
  }
  assert.equal(expectedMaxSharpe(1, 1), 0);
});

Deno.test("sharpeStats: DSR falls with the number of trials and uses the given SR variance", () => {
  const rng = new Rng(5);
  const r = Array.from({ length: 500 }, () => 0.08 + rng.normal());
  const one = sharpeStats(r);
  const many = sharpeStats(r, { trials: 50 });
  assert.ok(many.dsr < one.dsr && many.sr0 > 0);
  close(many.sr0, expectedMaxSharpe(50, 1 / 500), 1e-12);
  const given = sharpeStats(r, { trials: 50, trialsSrVariance: 0.002 });
  close(given.sr0, expectedMaxSharpe(50, 0.002), 1e-12);
  const sharpes = [0.01, 0.05, -0.02, 0.03];
  const est = sharpeStats(r, { trials: 4, trialSharpes: sharpes });
  const mu = 0.0175;
  const v = sharpes.reduce((a, x) => a + (x - mu) ** 2, 0) / 3;
  close(est.sr0, expectedMaxSharpe(4, v), 1e-12);
  close(
    probabilisticSharpe(one.sr, many.sr0, 500, one.skew, one.kurtosis),
    many.dsr,
    1e-12,
  );
});

Deno.test("sharpeDiffTest: hand value of the Memmel statistic; identical series give p = 1", () => {
  const rng = new Rng(9);
  const a = Array.from({ length: 300 }, () => 0.05 + rng.normal());
  const b = a.map((x) => 0.5 * x + 0.02 + rng.normal());
  const res = sharpeDiffTest(a, b);
  const stats = (x: number[]) => {
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    return { m, sd: Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1)) };
  };
  const sa = stats(a), sb = stats(b);
  const cov = a.reduce((s, v, i) => s + (v - sa.m) * (b[i] - sb.m), 0) / 299;
  const rho = cov / (sa.sd * sb.sd);
  const A = sa.m / sa.sd, B = sb.m / sb.sd;
  const theta = (2 - 2 * rho + 0.5 * (A * A + B * B) - A * B * rho * rho) / 300;
  close(res.z, (A - B) / Math.sqrt(theta), 1e-10);
  close(res.p, 2 * (1 - normalCdf(Math.abs(res.z))), 1e-12);
  assert.equal(sharpeDiffTest(a, a).p, 1);
});

Deno.test("sharpeDiffTest: about 5% rejections at 5% under the null, many under an alternative", () => {
  const rng = new Rng(13);
  let nullRej = 0, altRej = 0;
  const reps = 400, T = 250;
  for (let k = 0; k < reps; k++) {
    const common = Array.from({ length: T }, () => rng.normal());
    const a = common.map((c) => 0.05 + 0.7 * c + 0.71 * rng.normal());
    const b = common.map((c) => 0.05 + 0.7 * c + 0.71 * rng.normal());
    if (sharpeDiffTest(a, b).p < 0.05) nullRej++;
    const c2 = common.map((c) => 0.3 + 0.7 * c + 0.71 * rng.normal());
    if (sharpeDiffTest(c2, b).p < 0.05) altRej++;
  }
  assert.ok(nullRej / reps > 0.02 && nullRej / reps < 0.09, `null rate ${nullRej / reps}`);
  assert.ok(altRej / reps > 0.8, `power ${altRej / reps}`);
});

Deno.test("sharpeStats / sharpeDiffTest: reject bad input with named messages", () => {
  assert.throws(
    () => sharpeStats([0.1, 0.2]),
    /sharpeStats: argument 'returns' expected at least 3/,
  );
  assert.throws(
    () => sharpeStats([0.1, NaN, 0.2]),
    /'returns' expected finite numbers, received NaN at index 1/,
  );
  assert.throws(() => sharpeStats([1, 1, 1]), /'returns' expected a series with non-zero variance/);
  assert.throws(() => sharpeStats([1, 2, 3], { trials: 0 }), /'trials' expected an integer > 0/);
  assert.throws(
    () => sharpeStats([1, 2, 3], { trialSharpes: [1] }),
    /'trialSharpes' expected at least 2/,
  );
  assert.throws(
    () => sharpeDiffTest([1, 2, 3], [1, 2]),
    /sharpeDiffTest: argument 'b' expected length 3/,
  );
  assert.throws(() => expectedMaxSharpe(0, 1), /expectedMaxSharpe: argument 'trials'/);
});
