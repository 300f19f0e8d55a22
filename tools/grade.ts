/**
 * `deno task grade NN [--solutions]`: runs tests/exercises/NN_*_test.ts against the student's
 * exercises/NN_topic (or the reference solutions/NN_topic) and prints each test's pass/fail with a
 * hint taken from the failure. The student's files are type-checked first (compile errors are
 * shown with file:line) and a test that runs longer than a time limit is stopped with a hint.
 * Exits non-zero unless every test passes.
 */
import { courseRoot } from "../lib/config.ts";

/** One graded test. */
export interface GradedTest {
  name: string;
  ok: boolean;
  hint: string | null;
}

/** The outcome of grading one chapter. */
export interface GradeResult {
  chapter: string;
  testFile: string;
  target: "exercises" | "solutions";
  tests: GradedTest[];
  /** Set when the test file could not run at all (syntax or type error in the graded code). */
  loadError: string | null;
  /** Syntax and type errors in the graded files (the tests are not run when there are any). */
  compileErrors: CompileError[];
}

/** One syntax or type error, located in a file. */
export interface CompileError {
  /** Path relative to the course root when inside it. */
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Options of `gradeChapter` (defaults: the chapter's own test file and folder). */
export interface GradeOptions {
  /** Seconds one test may run before the grader stops it (default COURSE_GRADE_TIMEOUT or 120). */
  timeoutS?: number;
  /** The test file to run instead of tests/exercises/NN_*_test.ts. */
  testFile?: string;
  /** The files to type-check instead of <target>/NN_topic/*.ts. */
  checkFiles?: string[];
}

const rel = (path: string) => path.replace(courseRoot() + "/", "");

/** Parse `deno check` output into located errors (TS diagnostics and parse errors). */
export function parseCheckOutput(text: string): CompileError[] {
  const out: CompileError[] = [];
  let message: string | null = null;
  for (const line of text.split("\n")) {
    const head = line.match(/^(?:(TS\d+) \[ERROR\]: |error: (?:\w*Error: )?)(.*)$/);
    if (head) {
      message = head[1] ? `${head[2]} (${head[1]})` : head[2];
      continue;
    }
    const at = line.match(/^\s+at (file:\/\/\S+):(\d+):(\d+)$/);
    if (at && message !== null) {
      const file = rel(decodeURIComponent(new URL(at[1]).pathname));
      out.push({ file, line: Number(at[2]), column: Number(at[3]), message });
      message = null;
    }
  }
  return out;
}

/** Type-check `files` (deno check) and return their syntax and type errors. */
export async function compileErrors(files: string[]): Promise<CompileError[]> {
  if (files.length === 0) return [];
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", ...files],
    cwd: courseRoot(),
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.success) return [];
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  const errs = parseCheckOutput(text);
  return errs.length ? errs : [{
    file: files.map(rel).join(", "),
    line: 0,
    column: 0,
    message: text.trim().split("\n")[0],
  }];
}

/** The graded files of a chapter: <target>/NN_topic/*.ts without the notebook sources. */
function chapterFiles(chapter: string, target: "exercises" | "solutions"): string[] {
  const root = `${courseRoot()}/${target}`;
  const dir = [...Deno.readDirSync(root)].find((e) =>
    e.isDirectory && e.name.startsWith(`${chapter}_`)
  );
  if (!dir) return [];
  return [...Deno.readDirSync(`${root}/${dir.name}`)]
    .filter((e) => e.isFile && e.name.endsWith(".ts") && !e.name.endsWith(".nb.ts"))
    .map((e) => `${root}/${dir.name}/${e.name}`).sort();
}

/** Test names in source order (`Deno.test("name"`), to name the test a time limit stopped. */
function testNames(testFile: string): string[] {
  const src = Deno.readTextFileSync(testFile);
  return [...src.matchAll(/Deno\.test\(\s*(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((m) => m[2]);
}

/** The hint of a test stopped by the time limit. */
export function timeoutHint(seconds: number): string {
  return `stopped after ${seconds} s: an endless loop or recursion? (a loop whose condition ` +
    "never changes, a recursion without a base case); if your code is just slow, set " +
    `COURSE_GRADE_TIMEOUT=<seconds> (now ${seconds})`;
}

/** Find the grader test file of chapter NN (e.g. "00" → tests/exercises/00_tensors_test.ts). */
export function testFileFor(chapter: string): string {
  if (!/^\d\d$/.test(chapter)) {
    throw new Error(`grade: argument 'chapter' expected two digits like 00, received "${chapter}"`);
  }
  const dir = `${courseRoot()}/tests/exercises`;
  const hits = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    n.startsWith(`${chapter}_`) && n.endsWith("_test.ts")
  );
  if (hits.length !== 1) {
    const all = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.endsWith("_test.ts"))
      .map((n) => n.slice(0, 2)).sort().join(", ");
    throw new Error(`grade: no exercise ${chapter} (exercises with tests: ${all})`);
  }
  return `${dir}/${hits[0]}`;
}

/** Parse Deno's TAP report into graded tests. */
export function parseTap(tap: string): GradedTest[] {
  const lines = tap.split("\n");
  const tests: GradedTest[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^(not ok|ok) \d+ - (.*)$/);
    if (!m) continue;
    let hint: string | null = null;
    if (m[1] === "not ok" && lines[i + 1]?.trim() === "---") {
      try {
        const msg = JSON.parse(lines[i + 2].trim()).message as string;
        hint = msg.split("\n")[0].replace(/^(Assertion)?Error: /, "");
      } catch {
        hint = lines[i + 2]?.trim() ?? null;
      }
    }
    tests.push({ name: m[2].replace(/ # .*$/, ""), ok: m[1] === "ok", hint });
  }
  return tests;
}

/** Run the test file, stopping it when one test runs past `timeoutS`; returns TAP and stderr. */
async function runTests(
  testFile: string,
  target: string,
  timeoutS: number,
): Promise<{ stdout: string; stderr: string; timedOut: boolean }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check", "--reporter=tap", testFile],
    cwd: courseRoot(),
    env: { COURSE_TARGET: target, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stdout = "";
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutS * 1000);
  };
  arm();
  const stderrText = new Response(child.stderr).text();
  const decoder = new TextDecoder();
  let finished = 0;
  for await (const chunk of child.stdout) {
    stdout += decoder.decode(chunk, { stream: true });
    const done = stdout.match(/^(not ok|ok) \d+ - /gm)?.length ?? 0;
    if (done > finished) arm(); // a test finished: the next one gets a full limit
    finished = done;
  }
  await child.status;
  clearTimeout(timer);
  return { stdout, stderr: await stderrText, timedOut };
}

/** Grade one chapter against the student's files or the solutions. */
export async function gradeChapter(
  chapter: string,
  target: "exercises" | "solutions",
  opts: GradeOptions = {},
): Promise<GradeResult> {
  const testFile = opts.testFile ?? testFileFor(chapter);
  const timeoutS = opts.timeoutS ?? Number(Deno.env.get("COURSE_GRADE_TIMEOUT") ?? 120);
  const errors = await compileErrors(opts.checkFiles ?? chapterFiles(chapter, target));
  if (errors.length) {
    return { chapter, testFile, target, tests: [], loadError: null, compileErrors: errors };
  }
  const run = await runTests(testFile, target, timeoutS);
  const tests = parseTap(run.stdout);
  if (run.timedOut) {
    const name = testNames(testFile)[tests.length] ?? `the test after ${tests.length} finished`;
    tests.push({ name, ok: false, hint: timeoutHint(timeoutS) });
  }
  let loadError: string | null = null;
  if (!tests.length) {
    const located = parseCheckOutput(run.stderr);
    loadError = located.length
      ? located.map((e) => `${e.file}:${e.line}:${e.column}  ${e.message}`).join("\n")
      : (run.stderr || run.stdout).split("\n")
        .filter((l) => l.trim() && !/^(Stack backtrace:|\s+\d+: <unknown>)/.test(l))
        .slice(0, 12).join("\n");
  }
  return { chapter, testFile, target, tests, loadError, compileErrors: [] };
}

if (import.meta.main) {
  const args = Deno.args.filter((a) => a !== "--solutions");
  const target = Deno.args.includes("--solutions") ? "solutions" : "exercises";
  if (args.length !== 1) {
    console.error("usage: deno task grade NN [--solutions]   e.g. deno task grade 00");
    Deno.exit(2);
  }
  try {
    const r = await gradeChapter(args[0], target);
    console.log(
      `Grading exercise ${r.chapter} (${r.target}/) with ${
        r.testFile.replace(courseRoot() + "/", "")
      }`,
    );
    if (r.compileErrors.length) {
      console.log(`\nYour code does not compile yet (fix these first; the tests did not run):`);
      for (const e of r.compileErrors) {
        console.log(`  ${e.file}:${e.line}:${e.column}  ${e.message}`);
      }
      Deno.exit(1);
    }
    if (r.loadError) {
      console.log(`\nThe tests could not load your code:\n${r.loadError}`);
      Deno.exit(1);
    }
    for (const t of r.tests) {
      console.log(
        `${t.ok ? "  PASS" : "  FAIL"}  ${t.name}${t.hint ? `\n        hint: ${t.hint}` : ""}`,
      );
    }
    const passed = r.tests.filter((t) => t.ok).length;
    console.log(
      `\n${passed}/${r.tests.length} tests pass${passed === r.tests.length ? " — well done!" : ""}`,
    );
    if (passed !== r.tests.length) Deno.exit(1);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(2);
  }
}
