/** The repository is formatted and lint-clean (deno fmt --check, deno lint). */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { runDeno } from "./chapters.ts";

Deno.test("deno fmt --check is clean", async () => {
  const r = await runDeno(courseRoot(), ["fmt", "--check"]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});

Deno.test("deno lint is clean", async () => {
  const r = await runDeno(courseRoot(), ["lint"]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
});
