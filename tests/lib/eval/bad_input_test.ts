/**
 * Bad input to the linear probe and the logistic-regression baseline (issue #19): string labels
 * work and unseen or one-sided test labels are named, NaN features name their row and column,
 * and a fit that ran out of iterations says so (warning by default, error on request).
 */
import assert from "node:assert/strict";
import { initBackend } from "../../../lib/backend.ts";
import { CourseInputError } from "../../../lib/errors.ts";
import { linearProbe } from "../../../lib/eval/probe.ts";
import { fitLogisticRegression } from "../../../lib/models/logistic.ts";

await initBackend();

const X = [[0, 1], [1, 0], [0.2, 0.9], [0.9, 0.1], [0.1, 1.1], [1.2, 0.1]];
const Y = ["up", "down", "up", "down", "up", "down"];

Deno.test("linearProbe: string labels score like numbers; bad test labels are named", () => {
  const r = linearProbe(X, Y, X, Y, { ci: false });
  assert.equal(r.accuracy, 1);
  assert.equal(r.auc, 1);
  assert.deepEqual(r.model.classes, ["down", "up"]);
  assert.throws(
    () => linearProbe(X, Y, X, Y.map(() => "up"), { ci: false }),
    /'yTest' expected both classes \("down" and "up"\) for the AUC, received only "up" in all 6/,
  );
  assert.throws(
    () => linearProbe(X, Y, X, [...Y.slice(0, 5), "flat"], { ci: false }),
    (e: unknown) =>
      e instanceof CourseInputError && /"flat" at index 5/.test(e.message) &&
      /labels seen in yTrain \("down", "up"\)/.test(e.message),
  );
  assert.throws(
    () => linearProbe(X, [1, 0, 1, 0, 1, 0], X, ["1", "0", "1", "0", "1", "0"], { ci: false }),
    /"1" at index 0 \(same type\? 1 and "1" differ\)/,
  );
});

Deno.test("linearProbe and LogisticRegression name the row and column of a NaN feature", () => {
  assert.throws(
    () =>
      linearProbe([[0, 1], [1, 0], [NaN, 1], [1, 1]], [0, 1, 0, 1], X.slice(0, 2), [0, 1], {
        ci: false,
      }),
    /LogisticRegression.fit: argument 'X\[2\]\[0\]' expected a finite number, received NaN/,
  );
  const rows = X.map((r) => [...r]);
  rows[3][1] = Infinity;
  assert.throws(() => fitLogisticRegression(rows, Y), /'X\[3\]\[1\]' expected a finite number/);
});

Deno.test("a logistic fit that hits maxIter warns, or throws under onNotConverged: error", () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const m = fitLogisticRegression(X, Y, { C: 1e6, maxIter: 2 });
    assert.equal(m.fitInfo?.converged, false);
    fitLogisticRegression(X, Y, { C: 1 }); // converges: no warning
    fitLogisticRegression(X, Y, { C: 1e6, maxIter: 2, onNotConverged: "ignore" });
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /did not converge: L-BFGS stopped \(max_iter\) after 2 iterations/);
  assert.throws(
    () => fitLogisticRegression(X, Y, { C: 1e6, maxIter: 2, onNotConverged: "error" }),
    /did not converge.*raise maxIter \(now 2\)/,
  );
});
