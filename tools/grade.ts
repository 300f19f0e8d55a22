/**
 * `deno task grade NN [--solutions]`: runs tests/exercises/NN_*_test.ts against the student's
 * exercises/NN_topic (or the reference solutions/NN_topic) and prints each test's pass/fail with a
 * hint taken from the failure. Exits non-zero unless every test passes.
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

/** Grade one chapter against the student's files or the solutions. */
export async function gradeChapter(
  chapter: string,
  target: "exercises" | "solutions",
): Promise<GradeResult> {
  const testFile = testFileFor(chapter);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check", "--reporter=tap", testFile],
    cwd: courseRoot(),
    env: { COURSE_TARGET: target, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const tests = parseTap(stdout);
  let loadError: string | null = null;
  if (!tests.length) {
    const stderr = new TextDecoder().decode(out.stderr);
    loadError = (stderr || stdout).split("\n").filter((l) => l.trim()).slice(0, 12).join("\n");
  }
  return { chapter, testFile, target, tests, loadError };
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
