import assert from "node:assert/strict";
import { ablate } from "../../../lib/eval/ablation.ts";

Deno.test("ablate: every configuration × every seed, in order, runs kept per configuration", async () => {
  const calls: string[] = [];
  const rows = await ablate({ base: 1, double: 2 }, [7, 8, 9], (factor, seed, name) => {
    calls.push(`${name}:${seed}`);
    return Promise.resolve(factor * seed);
  });
  assert.deepEqual(calls, ["base:7", "base:8", "base:9", "double:7", "double:8", "double:9"]);
  assert.deepEqual(rows.map((r) => r.config), ["base", "double"]);
  assert.deepEqual(rows[1].runs, [14, 16, 18]);
  assert.deepEqual(rows[0].seeds, [7, 8, 9]);
  const pairs = await ablate([["b", 3], ["a", 1]] as const, [1], (c) => Promise.resolve(c));
  assert.deepEqual(pairs.map((r) => [r.config, r.runs[0]]), [["b", 3], ["a", 1]]);
});

Deno.test("ablate: bad seeds and empty configurations are named", async () => {
  await assert.rejects(
    () => ablate({ a: 1 }, [1.5], () => Promise.resolve(0)),
    /ablate: argument 'seeds' expected a non-empty array of integer seeds/,
  );
  await assert.rejects(
    () => ablate({}, [1], () => Promise.resolve(0)),
    /ablate: argument 'configs' expected at least one configuration/,
  );
});
