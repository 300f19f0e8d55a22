/**
 * Both directions for every exercise: all grader tests pass on solutions/, and every single
 * test fails on the untouched stubs in exercises/ (a test that passes on a stub is vacuous).
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { gradeChapter } from "../../tools/grade.ts";

const chapters = [...Deno.readDirSync(`${courseRoot()}/tests/exercises`)]
  .map((e) => e.name)
  .filter((n) => /^\d\d_.*_test\.ts$/.test(n))
  .map((n) => n.slice(0, 2))
  .sort();

for (const nn of chapters) {
  Deno.test(`exercise ${nn}: every grader test passes on the solution`, async () => {
    const r = await gradeChapter(nn, "solutions");
    assert.equal(r.loadError, null, r.loadError ?? "");
    assert.ok(r.tests.length >= 3, `exercise ${nn} has only ${r.tests.length} tests`);
    const failed = r.tests.filter((t) => !t.ok);
    assert.deepEqual(failed, []);
  });
  Deno.test(`exercise ${nn}: every grader test fails on the untouched stub`, async () => {
    const r = await gradeChapter(nn, "exercises");
    assert.equal(r.loadError, null, r.loadError ?? "");
    const passing = r.tests.filter((t) => t.ok).map((t) => t.name);
    assert.deepEqual(passing, [], `vacuous tests (pass on the stub): ${passing.join("; ")}`);
  });
}
