import assert from "node:assert/strict";
import {
  hitRate,
  informationCoefficient,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from "../../../lib/eval/regression.ts";
import { close, sklearnFixture } from "./fixture.ts";

const r = sklearnFixture("metrics.json").regression;

Deno.test("MSE, MAE, R² equal sklearn; IC equals scipy's spearmanr with ties", () => {
  close(meanSquaredError(r.y_true, r.y_pred), r.mse);
  close(meanAbsoluteError(r.y_true, r.y_pred), r.mae);
  close(r2Score(r.y_true, r.y_pred), r.r2);
  close(informationCoefficient(r.y_pred, r.y_true), r.spearman, 1e-12);
});

Deno.test("regression metrics: hand-computed values and sklearn's constant-truth rule", () => {
  close(meanSquaredError([1, 2, 3], [1, 2, 5]), 4 / 3);
  close(meanAbsoluteError([1, 2, 3], [0, 2, 5]), 1);
  close(r2Score([1, 2, 3], [2, 2, 2]), 0);
  assert.equal(r2Score([2, 2], [2, 2]), 1);
  assert.equal(r2Score([2, 2], [1, 2]), 0);
  close(informationCoefficient([1, 2, 3, 4], [10, 30, 20, 40]), 0.8);
});

Deno.test("regression metrics reject bad input", () => {
  assert.throws(
    () => meanSquaredError([1, 2], [1]),
    /meanSquaredError: argument 'yPred' expected length 2/,
  );
  assert.throws(
    () => r2Score([1, NaN], [1, 2]),
    /r2Score: argument 'yTrue' expected finite numbers, received NaN at index 1/,
  );
});

Deno.test("hitRate: sign agreement over non-zero realised values by hand", () => {
  // realised 0 (row 2) is skipped; forecast 0 (row 4) is a miss: hits at rows 0 and 3 of 5
  assert.equal(hitRate([0.5, -1, 2, -0.1, 0, 3], [1, 2, 0, -3, 4, -1]), 2 / 5);
  assert.throws(
    () => hitRate([1], [0]),
    /hitRate: argument 'realised' expected at least one non-zero/,
  );
});
