/**
 * The grader (issue #19): a student's syntax or type error is shown with file:line instead of
 * "Test failed", and a test that never ends is stopped after the time limit with a hint that
 * names it.
 */
import assert from "node:assert/strict";
import { compileErrors, gradeChapter, parseCheckOutput, timeoutHint } from "../../tools/grade.ts";

async function files(entries: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "grade_test_" });
  for (const [name, body] of Object.entries(entries)) {
    await Deno.writeTextFile(`${dir}/${name}`, body);
  }
  return dir;
}

Deno.test("compile errors come back located: file, line, column and the compiler's message", async () => {
  const dir = await files({
    "typed.ts":
      'export const a: number = "x";\nexport function f(x: number): string {\n  return x;\n}\n',
    "parse.ts": "export const b = 1;\nfunction (\n",
  });
  const typed = await compileErrors([`${dir}/typed.ts`]);
  assert.deepEqual(
    typed.map((e) => [e.file, e.line, e.column, e.message]),
    [
      [`${dir}/typed.ts`, 1, 14, "Type 'string' is not assignable to type 'number'. (TS2322)"],
      [`${dir}/typed.ts`, 3, 3, "Type 'number' is not assignable to type 'string'. (TS2322)"],
    ],
  );
  const parse = await compileErrors([`${dir}/parse.ts`]);
  assert.equal(parse.length, 1);
  assert.equal(`${parse[0].file}:${parse[0].line}:${parse[0].column}`, `${dir}/parse.ts:2:10`);
  assert.deepEqual(await compileErrors([`${dir}/typed.ts`].slice(1)), []);
  // The parser ignores lines that locate nothing (summaries, backtraces).
  assert.deepEqual(
    parseCheckOutput("error: Type checking failed.\nStack backtrace:\n   0: <unknown>"),
    [],
  );
});

Deno.test("a graded chapter with a compile error reports it and does not run the tests", async () => {
  const dir = await files({ "ex.ts": "export const c: string = 1;\n", "ex_test.ts": "" });
  const r = await gradeChapter("99", "exercises", {
    testFile: `${dir}/ex_test.ts`,
    checkFiles: [`${dir}/ex.ts`],
  });
  assert.deepEqual(r.tests, []);
  assert.equal(r.compileErrors.length, 1);
  assert.equal(r.compileErrors[0].line, 1);
  assert.match(r.compileErrors[0].message, /Type 'number' is not assignable to type 'string'/);
});

Deno.test("an endless test is stopped after the time limit, named, with a hint", async () => {
  const dir = await files({
    "loop_test.ts": [
      'Deno.test("quick one", () => {});',
      'Deno.test("endless loop", () => {',
      "  let i = 0;",
      "  while (i >= 0) i = (i + 1) % 10;",
      "});",
      'Deno.test("never reached", () => {});',
    ].join("\n"),
  });
  const t0 = performance.now();
  const r = await gradeChapter("99", "exercises", {
    testFile: `${dir}/loop_test.ts`,
    checkFiles: [],
    timeoutS: 4,
  });
  assert.ok(performance.now() - t0 < 20_000, "the grader returned instead of hanging");
  assert.deepEqual(r.tests.map((t) => [t.name, t.ok]), [["quick one", true], [
    "endless loop",
    false,
  ]]);
  assert.equal(r.tests[1].hint, timeoutHint(4));
  assert.match(r.tests[1].hint!, /endless loop or recursion\?.*COURSE_GRADE_TIMEOUT/);
});
