/**
 * Tests about the course itself: notebooks agree with their sources and carry no outputs,
 * absolute paths or colour codes; every chapter has notebook, exercise, solution and grader
 * tests; the README lists every chapter.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { allSources, buildText, ipynbPath, parsePercent, toIpynb } from "../../tools/notebook.ts";
import { parseTap } from "../../tools/grade.ts";
import { chaptersWithNotebooks } from "./chapters.ts";

const root = courseRoot();
const sources = allSources();

Deno.test("every .ipynb is built from its .nb.ts source (run tools/notebook.ts build)", async () => {
  assert.ok(sources.length > 0);
  for (const src of sources) {
    const committed = await Deno.readTextFile(ipynbPath(src));
    assert.equal(committed, await buildText(src), `${ipynbPath(src)} is stale`);
  }
});

Deno.test("committed notebooks carry no outputs, absolute paths or ANSI colour codes", async () => {
  for (const src of sources) {
    const text = await Deno.readTextFile(ipynbPath(src));
    const nb = JSON.parse(text) as { cells: { outputs?: unknown[]; execution_count?: unknown }[] };
    for (const c of nb.cells) {
      assert.deepEqual(c.outputs ?? [], [], `${src}: outputs committed`);
      assert.ok(!c.execution_count, `${src}: execution count committed`);
    }
    assert.ok(!text.includes("\\u001b[") && !text.includes("\u001b["), `${src}: ANSI codes`);
    assert.doesNotMatch(
      text,
      /(\/work\/|\/home\/|\/root\/|\/Users\/|[A-Z]:\\\\)/,
      `${src}: absolute path`,
    );
  }
});

Deno.test("every chapter has a notebook, an exercise, its solution and grader tests", () => {
  const chapters = chaptersWithNotebooks(root);
  assert.ok(chapters.includes("00"));
  const list = (d: string) => [...Deno.readDirSync(`${root}/${d}`)].map((e) => e.name);
  for (const nn of chapters) {
    const ex = list("exercises").find((n) => n.startsWith(`${nn}_`));
    const sol = list("solutions").find((n) => n.startsWith(`${nn}_`));
    const test = list("tests/exercises").find((n) =>
      n.startsWith(`${nn}_`) && n.endsWith("_test.ts")
    );
    assert.ok(ex, `chapter ${nn}: no exercises/${nn}_*`);
    assert.equal(sol, ex, `chapter ${nn}: solutions/ folder must mirror exercises/${ex}`);
    assert.ok(test, `chapter ${nn}: no tests/exercises/${nn}_*_test.ts`);
    const tsFiles = (d: string) =>
      list(`${d}/${ex}`).filter((n) => n.endsWith(".ts") && !n.endsWith(".nb.ts")).sort();
    assert.deepEqual(tsFiles("solutions"), tsFiles("exercises"), `chapter ${nn}: same files`);
    for (const f of tsFiles("exercises")) {
      const exportNames = (d: string): string[] =>
        [
          ...Deno.readTextFileSync(`${root}/${d}/${ex}/${f}`).matchAll(
            /export (?:async )?(?:function|const|class|interface|type) (\w+)/g,
          ),
        ].map((m) => m[1]).sort();
      assert.deepEqual(
        exportNames("exercises"),
        exportNames("solutions"),
        `${ex}/${f}: same exports`,
      );
      assert.match(
        Deno.readTextFileSync(`${root}/exercises/${ex}/${f}`),
        /throw new Error\("TODO/,
        `${ex}/${f}: stubs throw TODO`,
      );
    }
    assert.ok(
      list(`exercises/${ex}`).some((n) => n.endsWith(".ipynb")),
      `chapter ${nn}: exercise notebook missing`,
    );
  }
});

Deno.test("README's chapter table lists every chapter notebook", () => {
  const readme = Deno.readTextFileSync(`${root}/README.md`);
  for (
    const f of [...Deno.readDirSync(`${root}/notebooks`)].filter((e) => e.name.endsWith(".ipynb"))
  ) {
    assert.ok(readme.includes(`notebooks/${f.name}`), `README does not link notebooks/${f.name}`);
  }
});

Deno.test("percent format: markdown and code cells parse and build to nbformat 4", async () => {
  const cells = parsePercent("// %% [markdown]\n// # Title\n// text\n// %%\nconst x = 1;\nx;\n");
  assert.deepEqual(cells, [
    { kind: "markdown", source: "# Title\ntext" },
    { kind: "code", source: "const x = 1;\nx;" },
  ]);
  const nb = JSON.parse(await toIpynb(cells, "t"));
  assert.equal(nb.nbformat, 4);
  assert.equal(nb.metadata.kernelspec.name, "deno");
  assert.deepEqual(nb.cells[1].source, ["const x = 1;\n", "x;"]);
  assert.throws(() => parsePercent("// %% [markdown]\nnot a comment\n"), /not a \/\/ comment/);
});

Deno.test("grader parses Deno's TAP report with hints from failures", () => {
  const tap = [
    "TAP version 14",
    "ok 1 - adds",
    "not ok 2 - multiplies",
    "  ---",
    '  {"message":"Error: TODO: multiply\\n  at x","severity":"fail"}',
    "  ...",
  ].join("\n");
  assert.deepEqual(parseTap(tap), [
    { name: "adds", ok: true, hint: null },
    { name: "multiplies", ok: false, hint: "TODO: multiply" },
  ]);
});
