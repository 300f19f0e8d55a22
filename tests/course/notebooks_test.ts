/**
 * Notebook execution through Jupyter (nbclient + the Deno kernel) in quick mode: every
 * notebook runs top to bottom and reports its headline metrics, which must satisfy the quick-mode
 * floors of tests/course/chapters.ts; a canary notebook must fail; the same seed gives every
 * chapter the same metrics twice in a row (the second run reuses the first test's run). Synchronous tensor reads are forbidden
 * in these runs (COURSE_SYNC_READS=forbid), as they fail on WebGPU under Deno: every notebook
 * must read with `await data()`, so it also runs on a GPU through WebGPU.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import type { Summary } from "../../tools/run_notebooks.ts";
import {
  brokenFloors,
  chaptersWithNotebooks,
  QUICK_FLOORS,
  REQUIRED_METRICS,
  runDeno,
  TIMING_METRICS,
} from "./chapters.ts";
import { chromiumDumpDom, findChromium } from "../../lib/plot/chromium.ts";
import { COURSE_KERNEL, ensureCourseKernel, findJupyterPython } from "../../tools/jupyter.ts";
import { buildSite } from "../../tools/site.ts";
import { chartCounts } from "../../tools/site_render.ts";

const root = courseRoot();

async function runCourse(
  args: string[],
): Promise<{ code: number; summary: Summary; log: string; out: string }> {
  const out = await Deno.makeTempDir({ prefix: "course-run-" });
  const r = await runDeno(root, ["run", "-A", "tools/run_notebooks.ts", "--out", out, ...args], {
    COURSE_QUICK: "1",
    COURSE_SKIP_INSTALL: "1",
    COURSE_SYNC_READS: "forbid",
  });
  let summary: Summary;
  try {
    summary = JSON.parse(await Deno.readTextFile(`${out}/summary.json`));
  } catch {
    throw new Error(`the runner wrote no summary:\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, summary, log: r.stdout + r.stderr, out };
}

let firstRun: Summary | null = null;
let firstOut: string | null = null;

Deno.test("every notebook runs through Jupyter in quick mode and reports its metrics", async () => {
  const { code, summary, log, out } = await runCourse([]);
  firstRun = summary;
  firstOut = out;
  const failed = summary.notebooks.filter((n) => n.status !== "ok");
  assert.equal(
    failed.length,
    0,
    failed.map((f) => `${f.name}: cell ${f.cell} ${f.error}`).join("\n") + `\n${log}`,
  );
  assert.equal(code, 0, log);
  assert.equal(summary.quick, true);
  assert.ok(summary.backend.length > 0);
  const names = summary.notebooks.map((n) => n.name.slice(0, 2));
  assert.deepEqual(names, chaptersWithNotebooks(root));
  for (const nb of summary.notebooks) {
    const required = REQUIRED_METRICS[nb.name.slice(0, 2)] ?? [];
    const missing = required.filter((k) => !(k in nb.metrics));
    assert.deepEqual(missing, [], `${nb.name} did not report ${missing.join(", ")}`);
  }
  const broken = summary.notebooks.flatMap((nb) =>
    brokenFloors(nb.metrics, QUICK_FLOORS[nb.name.slice(0, 2)] ?? []).map((b) => `${nb.name}: ${b}`)
  );
  assert.deepEqual(broken, [], "quick-mode values broke their floors (tests/course/chapters.ts)");
});

Deno.test("a failing notebook fails the run, naming the notebook, the cell and the error", async () => {
  const { code, summary, log } = await runCourse(["--dir", "tests/fixtures/notebooks"]);
  assert.notEqual(code, 0);
  const canary = summary.notebooks.find((n) => n.name === "canary_fail");
  assert.ok(canary, "canary notebook missing from the summary");
  assert.equal(canary.status, "error");
  assert.equal(canary.cell, 2);
  assert.match(canary.error ?? "", /canary: expected 43, got 42/);
  assert.equal(canary.metrics.canary_reached, 1);
  assert.equal("canary_after_failure" in canary.metrics, false, "cells after the error ran");
  assert.match(log, /FAILED canary_fail: cell 3/);
});

Deno.test("same seed, same metrics: every chapter run twice reports identical numbers", async () => {
  const first = firstRun ?? (await runCourse([])).summary;
  const { summary: again } = await runCourse([]);
  assert.deepEqual(again.notebooks.map((n) => n.name), first.notebooks.map((n) => n.name));
  for (const nb of again.notebooks) {
    const before = first.notebooks.find((n) => n.name === nb.name)!;
    assert.equal(nb.status, "ok", `${nb.name}: ${nb.error}`);
    assert.ok(Object.keys(nb.metrics).length > 0, `${nb.name} reported nothing`);
    const timed = TIMING_METRICS[nb.name.slice(0, 2)] ?? [];
    const computed = (m: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(m).filter(([k]) => !timed.includes(k)));
    assert.deepEqual(
      computed(nb.metrics),
      computed(before.metrics),
      `${nb.name}: a second run with the same seed differs`,
    );
    for (const k of timed) assert.ok(k in nb.metrics, `${nb.name}: timing ${k} not reported`);
  }
});

const chromium = findChromium();

Deno.test({
  name: chromium
    ? "the book of the quick run (deno task site): every chart of every chapter draws in Chromium"
    : "the book's charts in Chromium: SKIPPED, no Chromium found (apt-get install -y chromium)",
  ignore: !chromium,
  fn: async () => {
    const out = firstOut ?? (await runCourse([])).out;
    const pages = buildSite({ input: out, site: `${out}/site` });
    assert.equal(pages.length, chaptersWithNotebooks(root).length);
    const bad: string[] = [];
    let drawn = 0;
    for (const p of pages) {
      const dom = await chromiumDumpDom("notebooks_test", `${out}/site/${p.file}`, {
        budgetMs: 40_000,
      });
      const c = chartCounts(dom);
      drawn += c.drawn;
      if (c.total !== p.charts || c.drawn !== p.charts || c.errors !== 0) {
        bad.push(`${p.file}: ${JSON.stringify(c)}, expected ${p.charts} drawn`);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(drawn >= pages.length, `only ${drawn} charts in ${pages.length} chapters`);
  },
});

Deno.test("an exercise file edited in the kernel's session is picked up when its cell re-runs", async () => {
  const python = await findJupyterPython();
  assert.ok(python, "Jupyter's client is needed (see README)");
  await ensureCourseKernel(python);
  const dir = `${root}/tests/fixtures/generated/reload_${crypto.randomUUID().slice(0, 8)}`;
  Deno.mkdirSync(dir, { recursive: true });
  try {
    Deno.writeTextFileSync(`${dir}/yours.ts`, "export const answer = 1;\n");
    // The import cell the exercise notebooks use, run, then the file edited, then run again.
    const importCell = 'const yoursFile: typeof import("./yours.ts") = await import(' +
      "`./yours.ts?v=${Date.now()}`);\nconst { answer } = yoursFile;\nanswer;";
    const code = (source: string) => ({
      cell_type: "code",
      execution_count: null,
      metadata: {},
      outputs: [],
      source,
    });
    const nb = {
      cells: [
        code(importCell),
        code('Deno.writeTextFileSync("yours.ts", "export const answer = 2;\\n");'),
        code(importCell),
        code("if (answer !== 2) throw new Error(`still the old file: answer = ${answer}`);"),
      ],
      metadata: {
        kernelspec: { display_name: "Deno (course)", language: "typescript", name: COURSE_KERNEL },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    Deno.writeTextFileSync(`${dir}/reload.ipynb`, JSON.stringify(nb));
    const r = await new Deno.Command(python, {
      args: [
        `${root}/tools/nbexec.py`,
        `${dir}/reload.ipynb`,
        `${dir}/ran.ipynb`,
        dir,
        COURSE_KERNEL,
        "120",
      ],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const outcome = new TextDecoder().decode(r.stdout).trim().split("\n").pop() ?? "";
    assert.equal(JSON.parse(outcome).status, "ok", outcome + new TextDecoder().decode(r.stderr));
    const ran = JSON.parse(Deno.readTextFileSync(`${dir}/ran.ipynb`));
    const value = (i: number) => [ran.cells[i].outputs[0]?.data?.["text/plain"]].flat().join("");
    assert.deepEqual([value(0), value(2)], ["1", "2"], JSON.stringify(ran.cells, null, 1));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
