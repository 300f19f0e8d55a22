/**
 * Markdown never types a result: every notebook and exercise notebook is scanned for
 * result-looking numbers (tools/markdown_numbers.ts states the rule), with an explicit allowlist
 * of parameters and literature constants (tests/course/markdown_allowlist.ts). The scan fails on
 * chapter 07 as it stood before its commentary was rendered, and on a planted number.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { allSources } from "../../tools/notebook.ts";
import { resultNumbers, scanMarkdown } from "../../tools/markdown_numbers.ts";
import { ALLOWED_NUMBERS } from "./markdown_allowlist.ts";

const root = courseRoot();
const FIXTURES = "tests/fixtures/markdown";

Deno.test("no notebook or exercise notebook types a result into markdown", () => {
  const files = allSources(root).filter((f) => !f.includes("/tests/fixtures/"));
  assert.ok(files.some((f) => f.includes("/exercises/")), "exercise notebooks are scanned");
  assert.ok(files.length >= 16, `only ${files.length} notebook sources found`);
  const { hits, unused } = scanMarkdown(root, files, ALLOWED_NUMBERS);
  assert.deepEqual(
    hits.map((h) => `${h.file} cell ${h.cell}: "${h.token}" in: ${h.line}`),
    [],
    "render these from the run's values (md in a code cell), or allowlist a parameter/constant",
  );
  assert.deepEqual(unused.map((a) => `${a.file}: ${a.text}`), [], "stale allowlist entries");
  for (const a of ALLOWED_NUMBERS) assert.ok(a.why.length > 5, `${a.text}: say why`);
});

Deno.test("the scan fails on chapter 07 as it stood, with its hand-typed AUCs", () => {
  const { hits } = scanMarkdown(root, [`${FIXTURES}/07_jepa_before.txt`], []);
  const tokens = hits.map((h) => h.token);
  for (const t of ["0.752", "0.757", "0.763", "0.005", "24,000", "0.254", "0.114"]) {
    assert.ok(tokens.includes(t), `${t} not caught: ${tokens.join(" ")}`);
  }
});

Deno.test("a planted hand-typed number fails the scan; the clean cell and code cells pass", () => {
  const allow = [{ file: `${FIXTURES}/planted.txt`, text: "a 95% bootstrap", why: "parameter" }];
  const { hits, unused } = scanMarkdown(root, [`${FIXTURES}/planted.txt`], allow);
  assert.deepEqual(hits.map((h) => [h.cell, h.token]), [[2, "0.741"]]);
  assert.deepEqual(unused, []);
  // the same number planted into today's chapter 07 is caught too
  const src = Deno.readTextFileSync(`${root}/notebooks/07_jepa.nb.ts`);
  const planted = src.replace(
    "// **Reading the table.** On this data",
    "// **Reading the table.** The JEPA GRU reached 0.757. On this data",
  );
  assert.notEqual(planted, src, "the anchor sentence of chapter 07 moved");
  const tmp = Deno.makeTempFileSync({ suffix: ".nb.ts" });
  try {
    Deno.writeTextFileSync(tmp, planted);
    const mine = ALLOWED_NUMBERS.filter((a) => a.file === "notebooks/07_jepa.nb.ts")
      .map((a) => ({ ...a, file: tmp }));
    assert.deepEqual(scanMarkdown(root, [tmp], mine).hits.map((h) => h.token), ["0.757"]);
  } finally {
    Deno.removeSync(tmp);
  }
});

Deno.test("the rule: what looks like a result, and what passes", () => {
  const flagged = (s: string) => resultNumbers(s);
  assert.deepEqual(flagged("AUC 0.752 [0.736, 0.767]"), ["0.752", "0.736", "0.767"]);
  assert.deepEqual(flagged("norms up to ~10¹³ and 2.7e13"), ["2.7e13", "10¹³"]);
  assert.deepEqual(flagged("blew up in 2 of 3 runs"), ["2 of 3"]);
  assert.deepEqual(flagged("a head 512 → 128"), ["512 → 128"]);
  assert.deepEqual(flagged("accuracy 64% on 24,000 clients"), ["64%", "24,000"]);
  assert.deepEqual(flagged("about 460 steps"), ["about 460"]);
  assert.deepEqual(flagged("an error of ±3.5 points"), ["±3.5"]);
  assert.deepEqual(flagged("1000 rows"), ["1000"]);
  assert.deepEqual(flagged("K = 5 segments, 32-day windows, chapter 03, 1928–1991, 2016"), []);
  assert.deepEqual(flagged("the S&P 500 and Corsi (2009)"), []);
  assert.deepEqual(resultNumbers("margin 0.5 here", ["margin 0.5"]), []);
});
