/** Commentary helper: formatting, verdict rules by hand-worked cases, templates, mime bundle. */
import assert from "node:assert/strict";
import {
  compareEstimates,
  comparePairedLosses,
  fmt,
  Markdown,
  markdownFrom,
  md,
  plainText,
  proportionSe,
  withInterval,
} from "../../../lib/report/commentary.ts";

Deno.test("fmt: fixed decimals, a true minus sign, exponent when tiny or huge, n/a for null", () => {
  assert.equal(fmt(0.75234), "0.752");
  assert.equal(fmt(-0.0279, 3), "−0.028");
  assert.equal(fmt(12, 3), "12");
  assert.equal(fmt(2.7e13), "2.7e+13");
  assert.equal(fmt(5.6e-5, 3), "5.6e-5");
  assert.equal(fmt(null), "n/a");
  assert.throws(() => fmt(NaN), /fmt: argument 'x' expected a number/);
});

Deno.test("withInterval and proportionSe by hand", () => {
  assert.equal(withInterval({ value: 0.752, lower: 0.736, upper: 0.767 }), "0.752 [0.736, 0.767]");
  assert.equal(withInterval({ value: 0.5, se: 0.05 }, 2), "0.50 ± 0.05");
  // p = 0.5 on 100 cases: sqrt(0.25 / 100) = 0.05
  assert.equal(proportionSe(0.5, 100), 0.05);
  assert.throws(() => proportionSe(1.5, 10), /proportionSe: argument 'p'/);
});

Deno.test("compareEstimates, rule ci: overlap is noise, a gap decides, 'lower' flips", () => {
  const base = { value: 0.752, lower: 0.736, upper: 0.767 };
  const v1 = compareEstimates({ value: 0.763, lower: 0.746, upper: 0.777 }, base);
  assert.equal(v1.word, "is within noise of");
  assert.equal(v1.rule, "the intervals overlap");
  const v2 = compareEstimates({ value: 0.80, lower: 0.78, upper: 0.82 }, base);
  assert.equal(v2.word, "beats");
  assert.equal(`${v2}`, "beats");
  const v3 = compareEstimates({ value: 0.70, lower: 0.68, upper: 0.72 }, base);
  assert.equal(v3.word, "loses to");
  const v4 = compareEstimates({ value: 0.70, lower: 0.68, upper: 0.72 }, base, { better: "lower" });
  assert.equal(v4.word, "beats");
});

Deno.test("compareEstimates, rule t: |t| > 2 on the difference, hand-computed", () => {
  // diff 0.10, se sqrt(0.03² + 0.04²) = 0.05 → t = 2.0: not above 2
  const tie = compareEstimates({ value: 0.6, se: 0.03 }, { value: 0.5, se: 0.04 });
  assert.equal(tie.word, "is within noise of");
  assert.equal(tie.rule, "|t| = 2.00 ≤ 2");
  // diff 0.11 → t = 2.2
  const win = compareEstimates({ value: 0.61, se: 0.03 }, { value: 0.5, se: 0.04 });
  assert.equal(win.word, "beats");
  assert.equal(win.sign, 1);
  const lose = compareEstimates({ value: 0.39, se: 0.03 }, { value: 0.5, se: 0.04 });
  assert.equal(lose.word, "loses to");
  // a constant baseline (no se) against a model with se
  assert.equal(
    compareEstimates({ value: 0.515, se: 0.01 }, { value: 0.5 }).word,
    "is within noise of",
  );
  assert.equal(
    compareEstimates({ value: 0.6, se: 0.01 }, { value: 0.5 }, { tCrit: 3 }).word,
    "beats",
  );
  assert.throws(
    () => compareEstimates({ value: 0.6 }, { value: 0.5 }),
    /compareEstimates: argument 'a, b' expected a standard error/,
  );
  assert.throws(
    () => compareEstimates({ value: 0.6, lower: 0.7, upper: 0.5 }, { value: 0.5, se: 1 }),
    /lower <= upper/,
  );
});

Deno.test("md and markdownFrom render the run's values; templates and values must agree", () => {
  const v = compareEstimates({ value: 0.61, se: 0.03 }, { value: 0.5, se: 0.04 });
  const m = md`**Model** ${0.61234} ${v} the baseline (${"n = 200"}).`;
  assert.ok(m instanceof Markdown);
  assert.equal(m.text, "**Model** 0.612 beats the baseline (n = 200).");
  assert.equal(
    markdownFrom("AUC {auc:2} vs {base}", { auc: 0.7561, base: 0.7 }).text,
    "AUC 0.76 vs 0.700",
  );
  assert.throws(() => markdownFrom("AUC {auc}", {}), /a value for placeholder \{auc\}/);
  assert.throws(
    () => markdownFrom("AUC {auc}", { auc: 1, extra: 2 }),
    /only names the template uses, received extra/,
  );
});

Deno.test("Markdown displays text/markdown with a text/plain twin", () => {
  const m = new Markdown("## Verdict\n**JEPA** `beats` the [baseline](x.md), *barely*.");
  const display = (m as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = display.call(m);
  assert.deepEqual(Object.keys(bundle).sort(), ["text/markdown", "text/plain"]);
  assert.equal(bundle["text/markdown"], m.text);
  assert.equal(bundle["text/plain"], "Verdict\nJEPA beats the baseline, barely.");
  assert.equal(plainText("a **b** c"), "a b c");
  assert.equal(String(m), bundle["text/plain"]);
});

Deno.test("comparePairedLosses: t on the mean loss difference, by hand", () => {
  // d = [1, 1, 2, 2]: mean 1.5, sample sd √(1/3), se √(1/3)/2, t = 3√3 ≈ 5.196
  const v = comparePairedLosses([1, 2, 3, 4], [2, 3, 5, 6]);
  assert.equal(v.word, "beats");
  assert.ok(Math.abs(v.t - 3 * Math.sqrt(3)) < 1e-12);
  assert.equal(v.n, 4);
  assert.equal(comparePairedLosses([2, 3, 5, 6], [1, 2, 3, 4]).word, "loses to");
  assert.equal(comparePairedLosses([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9]).word, "is within noise of");
  assert.throws(() => comparePairedLosses([1, 2], [1]), /lossB' expected 2 losses/);
});
