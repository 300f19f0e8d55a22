/**
 * tools/bench_table.ts: README's Performance table is generated from docs/bench.json (one
 * `deno task bench --json` run) and the two must agree; every ratio in the file is its seconds
 * over its reference's.
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import type { BenchRecord } from "../../tools/bench/types.ts";
import {
  benchTableAgrees,
  checkRecords,
  currentBenchSection,
  renderBenchSection,
  replaceBenchSection,
} from "../../tools/bench_table.ts";

const root = courseRoot();
const load = () =>
  checkRecords(JSON.parse(Deno.readTextFileSync(`${root}/docs/bench.json`)), "docs/bench.json");
const readme = () => Deno.readTextFileSync(`${root}/README.md`);

Deno.test("README's Performance table agrees with docs/bench.json", () => {
  assert.ok(
    benchTableAgrees(readme(), load()),
    "README's Performance table is stale: run `deno run -A tools/bench_table.ts`",
  );
});

Deno.test("a number changed in docs/bench.json makes README disagree", () => {
  const records = load();
  const jepa = records.findIndex((r) => r.name.startsWith("jepa gru"));
  assert.ok(jepa >= 0, "docs/bench.json has the JEPA GRU epoch");
  const changed = records.map((r, i) => i === jepa ? { ...r, ratio: (r.ratio ?? 0) + 0.5 } : r);
  assert.equal(benchTableAgrees(readme(), changed), false);
  const renamed = records.map((r, i) => i === jepa ? { ...r, seconds: r.seconds + 0.01 } : r);
  assert.equal(benchTableAgrees(readme(), renamed), false);
});

Deno.test("docs/bench.json: every ratio is seconds / reference seconds, every gain plain / fast", () => {
  const records = load();
  for (const name of ["jepa gru epoch", "jepa patch-transformer epoch", "mlp 20000x10"]) {
    const r = records.find((x) => x.name.startsWith(name));
    assert.ok(r, `docs/bench.json has "${name}"`);
    assert.ok(r.reference_seconds !== null && r.reference_seconds > 0, `${name}: a reference ran`);
  }
  for (const r of records) {
    if (r.reference_seconds !== null) {
      assert.ok(Math.abs(r.ratio! - r.seconds / r.reference_seconds) < 1e-9, r.name);
    } else assert.equal(r.ratio, null, r.name);
    if (r.tfjs_reference_seconds !== null) {
      assert.ok(Math.abs(r.fast_gain! - r.tfjs_reference_seconds / r.seconds) < 1e-9, r.name);
    }
  }
});

Deno.test("bench records → README section, by hand on two records", () => {
  const records: BenchRecord[] = [
    {
      name: "a | b",
      backend: "wasm",
      seconds: 0.5,
      reference: "pytorch-cpu-2threads",
      reference_seconds: 0.25,
      ratio: 2,
      tfjs_reference_seconds: 1.5,
      fast_gain: 3,
    },
    {
      name: "data only",
      backend: "wasm",
      seconds: 0.1234,
      reference: null,
      reference_seconds: null,
      ratio: null,
      tfjs_reference_seconds: null,
      fast_gain: null,
    },
  ];
  const section = renderBenchSection(records);
  const lines = section.split("\n");
  assert.ok(
    lines.includes("| a \\| b | 0.500 | 1.500 | 3.00 | PyTorch CPU, 2 threads | 0.250 | 2.00 |"),
  );
  assert.ok(lines.includes("| data only | 0.123 | — | — | — | — | — |"));
  assert.match(section, /tfjs backend `wasm`/);
  const doc = replaceBenchSection(`top\n${section.replace("0.500", "0.900")}\nbottom`, section);
  assert.equal(doc, `top\n${section}\nbottom`);
  assert.equal(currentBenchSection(doc), section);
  assert.ok(benchTableAgrees(doc, records));
  assert.throws(() => replaceBenchSection("no markers", section), /needs one "<!-- bench:start/);
  assert.throws(
    () => checkRecords([{ name: "x" }], "f.json"),
    /f\.json record 0 expected \{name, seconds, \.\.\.\}/,
  );
  assert.throws(() => checkRecords([], "f.json"), /f\.json expected a non-empty array/);
});
