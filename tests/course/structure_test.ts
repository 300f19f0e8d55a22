/**
 * Tests about the course itself: notebooks agree with their sources (cells only: a student's
 * run-and-saved notebook still agrees) and the committed ones carry no outputs,
 * absolute paths or colour codes; every chapter has notebook, exercise, solution and grader
 * tests; the README lists every chapter.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import {
  allSources,
  buildText,
  cellMismatch,
  ipynbPath,
  parsePercent,
  toIpynb,
} from "../../tools/notebook.ts";
import { parseTap } from "../../tools/grade.ts";
import { chaptersWithNotebooks } from "./chapters.ts";

const root = courseRoot();
const sources = allSources();

/**
 * A notebook's text in git's index (what is committed or staged), or null outside a git
 * checkout or for an untracked file. A student's run-and-saved working copy is never read here.
 */
async function indexedText(path: string): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args: ["show", `:${path.slice(root.length + 1)}`],
      cwd: root,
      stdout: "piped",
      stderr: "null",
    }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null; // no git here
  }
}

/** Outputs, execution counts, ANSI codes or absolute paths in a notebook text or source. */
function leaks(label: string, text: string, isIpynb: boolean): string[] {
  const bad: string[] = [];
  if (isIpynb) {
    const nb = JSON.parse(text) as { cells: { outputs?: unknown[]; execution_count?: unknown }[] };
    if (nb.cells.some((c) => (c.outputs ?? []).length > 0)) bad.push(`${label}: outputs`);
    if (nb.cells.some((c) => c.execution_count)) bad.push(`${label}: execution counts`);
  }
  if (text.includes("\\u001b[") || text.includes("\u001b[")) bad.push(`${label}: ANSI codes`);
  if (/(\/work\/|\/home\/|\/root\/|\/Users\/|[A-Z]:\\\\)/.test(text)) {
    bad.push(`${label}: absolute path`);
  }
  return bad;
}

Deno.test("every .ipynb's cells match its .nb.ts source (run tools/notebook.ts build)", async () => {
  assert.ok(sources.length > 0);
  for (const src of sources) {
    const why = await cellMismatch(src, await Deno.readTextFile(ipynbPath(src)));
    assert.equal(why, null, `${ipynbPath(src)} is stale: ${why}`);
  }
});

Deno.test("a notebook run and saved in Jupyter still matches; an edited cell does not", async () => {
  const src = sources.find((s) => s.includes("/notebooks/00_"))!;
  const built = await buildText(src);
  const nb = JSON.parse(built);
  // What Jupyter's autosave writes after "Run All": outputs, counts, cell and kernel metadata.
  nb.metadata.language_info.version = "5.6.2";
  nb.metadata.widgets = {};
  let n = 0;
  for (const c of nb.cells) {
    c.metadata = { trusted: true, collapsed: false };
    if (c.cell_type !== "code") continue;
    c.execution_count = ++n;
    c.outputs = [
      { output_type: "stream", name: "stderr", text: ["ok\n"] },
      {
        output_type: "display_data",
        metadata: {},
        data: { "text/html": ["<div id='x'></div>"], "text/plain": ["Figure"] },
      },
    ];
  }
  const saved = JSON.stringify(nb, null, 1);
  assert.notEqual(saved, built);
  assert.equal(await cellMismatch(src, saved), null);
  assert.equal(await cellMismatch(src, JSON.stringify(nb)), null, "Jupyter's own indentation");
  // The same saved copy with one code line edited, or a cell deleted, is stale.
  const firstCode = nb.cells.findIndex((c: { cell_type: string }) => c.cell_type === "code");
  nb.cells[firstCode].source.push("\nconst extra = 1;");
  assert.match(
    (await cellMismatch(src, JSON.stringify(nb))) ?? "",
    new RegExp(`cell ${firstCode + 1} \\(code\\) differs`),
  );
  nb.cells[firstCode].source.pop();
  assert.equal(await cellMismatch(src, JSON.stringify(nb)), null);
  nb.cells.pop();
  assert.match((await cellMismatch(src, JSON.stringify(nb))) ?? "", /is missing/);
  // The leak check flags the saved copy (were it ever committed) and passes the built one.
  assert.deepEqual(leaks("built", built, true), []);
  assert.deepEqual(leaks("saved", saved, true), ["saved: outputs", "saved: execution counts"]);
});

Deno.test("committed notebooks carry no outputs, absolute paths or ANSI colour codes", async () => {
  // The sources and the copies in git's index are checked; the working copy a student ran and
  // saved in Jupyter (outputs, counts) is theirs and is not.
  const bad: string[] = [];
  let indexed = 0;
  for (const src of sources) {
    bad.push(...leaks(src, await Deno.readTextFile(src), false));
    bad.push(...leaks(`${ipynbPath(src)} (built)`, await buildText(src), true));
    const committed = await indexedText(ipynbPath(src));
    if (committed === null) continue;
    indexed++;
    bad.push(...leaks(`${ipynbPath(src)} (in git)`, committed, true));
  }
  assert.deepEqual(bad, []);
  if (indexed === 0) console.log("not a git checkout: checked the sources and their builds only");
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
  // Chapters are the sources in notebooks/ (a student's "Untitled.ipynb" or copy is not one).
  const readme = Deno.readTextFileSync(`${root}/README.md`);
  const chapters = sources.filter((s) => s.startsWith(`${root}/notebooks/`));
  assert.ok(chapters.length > 0);
  for (const src of chapters) {
    const name = ipynbPath(src).split("/").pop();
    assert.ok(readme.includes(`notebooks/${name}`), `README does not link notebooks/${name}`);
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
