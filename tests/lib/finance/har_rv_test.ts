/** HAR-RV: realised volatility and HAR regressors by hand, OLS against a hand computation. */
import assert from "node:assert/strict";
import { fitHarRv, harFeatures, olsFit, realisedVol } from "../../../lib/finance/har_rv.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("realisedVol and harFeatures by hand", () => {
  const r = [0.01, -0.02, 0.03];
  close(realisedVol(r, 2, 1), 0.03);
  close(realisedVol(r, 2, 2), Math.sqrt((0.0004 + 0.0009) / 2));
  close(realisedVol(r, 1, 2), Math.sqrt((0.0001 + 0.0004) / 2));
  const f = harFeatures(r, 2, { horizons: [1, 2, 3], log: true, eps: 1e-4 });
  close(f[0], Math.log(0.03 + 1e-4));
  close(f[2], Math.log(Math.sqrt(0.0014 / 3) + 1e-4));
  assert.deepEqual(harFeatures(r, 2, { horizons: [1] }), [0.03]);
  assert.throws(() => realisedVol(r, 1, 3), /realisedVol: argument 'end' expected an integer >= 2/);
  assert.throws(() => harFeatures([0.01, NaN], 1, { horizons: [2] }), /returns\[1\]/);
});

Deno.test("olsFit: one regressor against the hand-computed slope and intercept", () => {
  // x̄ = 1.5, ȳ = 2.75, Sxy = 5.5, Sxx = 5 → slope 1.1, intercept 2.75 − 1.1·1.5 = 1.1
  const fit = olsFit([[0], [1], [2], [3]], [1, 3, 2, 5]);
  close(fit.coef[0], 1.1, 1e-12);
  close(fit.intercept, 1.1, 1e-12);
});

Deno.test("fitHarRv recovers an exact linear law on three regressors and predicts with it", () => {
  const x = [[0.1, 0.2, 0.3], [0.5, 0.1, 0.4], [0.9, 0.7, 0.2], [0.3, 0.8, 0.9], [0.6, 0.4, 0.1], [
    0.2,
    0.9,
    0.5,
  ]];
  const y = x.map(([a, b, c]) => 1 + 2 * a - b + 0.5 * c);
  const m = fitHarRv(x, y);
  close(m.intercept, 1, 1e-10);
  [2, -1, 0.5].forEach((b, i) => close(m.coef[i], b, 1e-10));
  close(m.predict([[1, 1, 1]])[0], 2.5, 1e-10);
  assert.throws(
    () => fitHarRv(x.map(([a]) => [a, 2 * a, 1]), y),
    /olsFit: argument 'x' expected regressors that are not collinear/,
  );
  assert.throws(() => olsFit([[1], [2]], [1, 2]), /more than 2 rows/);
  assert.throws(
    () => m.predict([[1, 2]]),
    /HarRvModel.predict: argument 'x\[0\]' expected 3 values/,
  );
});
