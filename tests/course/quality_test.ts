/**
 * The repository is formatted and lint-clean (deno fmt --check, deno lint). The student's own
 * exercise files (exercises/NN_topic/*.ts edited since the last commit) are theirs: a
 * solution written in another style never turns `deno task test` red.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { runDeno } from "./chapters.ts";

/** Exercise files changed in the working copy (git status), as --ignore values; [] without git. */
async function studentEdits(): Promise<string[]> {
  try {
    const out = await new Deno.Command("git", {
      args: ["status", "--porcelain", "--untracked-files=all", "--", "exercises/"],
      cwd: courseRoot(),
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return [];
    return new TextDecoder().decode(out.stdout).split("\n").map((l) => l.slice(3).trim())
      .filter((p) => p.endsWith(".ts") && !p.endsWith(".nb.ts"));
  } catch {
    return [];
  }
}

/** `--ignore=` with deno.json's excludes for `tool` (the flag replaces them) and the edits. */
async function ignoring(tool: "fmt" | "lint"): Promise<string[]> {
  const edits = await studentEdits();
  if (!edits.length) return [];
  const cfg = JSON.parse(Deno.readTextFileSync(`${courseRoot()}/deno.json`));
  const excludes: string[] = [...(cfg.exclude ?? []), ...(cfg[tool]?.exclude ?? [])];
  return [`--ignore=${[...new Set([...excludes, ...edits])].join(",")}`];
}

Deno.test("deno fmt --check is clean", async () => {
  const r = await runDeno(courseRoot(), ["fmt", "--check", ...await ignoring("fmt")]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

Deno.test("deno lint is clean", async () => {
  const r = await runDeno(courseRoot(), ["lint", ...await ignoring("lint")]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});
