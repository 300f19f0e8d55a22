import assert from "node:assert/strict";
import { classificationReport, formatFixedPy } from "../../../lib/eval/classification_report.ts";
import { JUPYTER_DISPLAY } from "../../../lib/report.ts";
import { sklearnFixture } from "./fixture.ts";

const fx = sklearnFixture("metrics.json");

Deno.test("classificationReport text equals sklearn's classification_report", () => {
  const m = fx.multiclass;
  assert.equal(classificationReport(m.y_true, m.y_pred).toString(), m.report);
  assert.equal(
    classificationReport(m.y_true, m.y_pred, { digits: 4 }).toString(),
    m.report_digits4,
  );
  const s = fx.strings;
  assert.equal(classificationReport(s.y_true, s.y_pred, { labels: s.labels }).toString(), s.report);
  assert.equal(
    classificationReport(s.y_true, s.y_pred, { labels: ["positive", "negative"] }).toString(),
    s.report_subset,
  );
});

Deno.test("classificationReport: target names and an HTML table for Jupyter", () => {
  const r = classificationReport([0, 1, 1, 0], [0, 1, 0, 0], { targetNames: ["down", "up"] });
  const bundle = r[JUPYTER_DISPLAY]();
  assert.match(bundle["text/html"], /<td style="text-align:left">down<\/td>/);
  assert.match(bundle["text/html"], /<td style="text-align:right">0\.67<\/td>/); // precision of down
  assert.equal(bundle["text/plain"], r.toString());
  assert.match(r.toString(), /^ {8}down {7}0\.67 {6}1\.00 {6}0\.80 {9}2$/m);
  assert.throws(
    () => classificationReport([0, 1], [0, 1], { targetNames: ["a"] }),
    /classificationReport: argument 'targetNames' expected 2 names/,
  );
});

Deno.test("formatFixedPy rounds exact ties to even as Python does", () => {
  assert.equal(formatFixedPy(0.125, 2), "0.12"); // JS toFixed gives 0.13
  assert.equal(formatFixedPy(0.375, 2), "0.38");
  assert.equal(formatFixedPy(-0.625, 2), "-0.62");
  assert.equal(formatFixedPy(2.5, 0), "2");
  assert.equal(formatFixedPy(0.1 + 0.2, 2), "0.30");
  assert.equal(formatFixedPy(2 / 3, 4), "0.6667");
});
