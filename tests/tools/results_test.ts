/**
 * `deno task results`: README's results table is generated from docs/results.json, and the two
 * must agree; the generator turns a run's summary into both, refusing failed runs.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import {
  currentSection,
  normaliseSection,
  renderReadmeSection,
  replaceSection,
  type Results,
  resultsFromSummary,
} from "../../tools/results.ts";
import type { Summary } from "../../tools/run_notebooks.ts";

const root = courseRoot();

Deno.test("README's results table agrees with docs/results.json", () => {
  const results: Results = JSON.parse(Deno.readTextFileSync(`${root}/docs/results.json`));
  const readme = Deno.readTextFileSync(`${root}/README.md`);
  assert.equal(
    normaliseSection(currentSection(readme)),
    normaliseSection(renderReadmeSection(results)),
    "README's table is stale: run `deno task results` on a full run's out/summary.json",
  );
  assert.ok(results.chapters.length >= 8);
  assert.ok(results.machine.length > 0 && results.backend.length > 0);
});

Deno.test("a number changed in docs/results.json makes README disagree", () => {
  const results: Results = JSON.parse(Deno.readTextFileSync(`${root}/docs/results.json`));
  const readme = Deno.readTextFileSync(`${root}/README.md`);
  const ch = results.chapters.find((c) => c.notebook.startsWith("07"))!;
  const changed: Results = {
    ...results,
    chapters: results.chapters.map((c) =>
      c === ch ? { ...c, metrics: { ...c.metrics, auc_jepa_gru: 0.9 } } : c
    ),
  };
  assert.notEqual(
    normaliseSection(currentSection(readme)),
    normaliseSection(renderReadmeSection(changed)),
  );
});

Deno.test("summary → results → README section, by hand on a tiny summary", () => {
  const summary: Summary = {
    backend: "wasm",
    device: "test CPU",
    quick: false,
    notebooks: [
      {
        name: "03_recurrent_networks",
        status: "ok",
        seconds: 12.4,
        outputs: 3,
        metrics: { vol_r2_lstm: 0.17, vol_r2_baseline: -0.076, vol_r2_har: 0.21 },
      },
      { name: "99_new", status: "ok", seconds: 1, outputs: 1, metrics: { sharpe: 1.25 } },
    ],
  };
  const r = resultsFromSummary(summary, "a test machine", "out/summary.json");
  const section = renderReadmeSection(r);
  const row3 = section.split("\n").find((l) => l.startsWith("| 03_recurrent_networks"))!;
  assert.match(row3, /volatility R² LSTM 0\.170 vs strongest reported baseline HAR-RV 0\.210/);
  assert.match(row3, /\(yesterday's vol −0\.076\)/);
  assert.match(row3, /\| 12 \|$/);
  assert.match(section, /\| 99_new \| sharpe 1\.250 \| 1 \|/);
  assert.match(section, /on a test machine;/);
  const readme = replaceSection(`top\n${section.replace("0.170", "0.999")}\nbottom`, section);
  assert.equal(readme, `top\n${section}\nbottom`);
  assert.throws(
    () =>
      resultsFromSummary(
        { ...summary, notebooks: [{ ...summary.notebooks[0], status: "error" }] },
        "m",
        "s",
      ),
    /notebooks failed in s: 03_recurrent_networks/,
  );
  assert.throws(() => replaceSection("no markers", section), /README needs one/);
});

Deno.test("normaliseSection ignores column padding and prose wrapping, not content", () => {
  const a = "text one\ntwo\n\n| a | b |\n| - | -: |\n| 1 | x \\| y |";
  const b = "text one two\n\n| a   | b |\n| --- | ---: |\n| 1   | x \\| y |";
  assert.equal(normaliseSection(a), normaliseSection(b));
  assert.notEqual(normaliseSection(a), normaliseSection(b.replace("1 ", "2 ")));
});
