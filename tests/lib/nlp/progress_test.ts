/** withProgress reports after every chunk and ends at total; the work sees every text once. */
import assert from "node:assert/strict";
import { withProgress } from "../../../lib/nlp/progress.ts";

Deno.test("withProgress: chunks in order, progress (done, total) after each, results concatenated", async () => {
  const calls: [number, number][] = [];
  const parts: string[][] = [];
  const out = await withProgress(
    ["a", "b", "c", "d", "e"],
    2,
    (d, t) => calls.push([d, t]),
    (p) => {
      parts.push(p);
      return Promise.resolve(p.map((x) => x.toUpperCase()));
    },
  );
  assert.deepEqual(out, ["A", "B", "C", "D", "E"]);
  assert.deepEqual(parts, [["a", "b"], ["c", "d"], ["e"]]);
  assert.deepEqual(calls, [[2, 5], [4, 5], [5, 5]]);
});
