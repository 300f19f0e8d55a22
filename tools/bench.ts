/**
 * `deno task bench [--only SUBSTR] [--json FILE]`: runs every benchmark exported by the files
 * in tools/bench/, prints a table (ours vs the reference, ratio) and optionally writes JSON.
 */
import { initBackend } from "../lib/backend.ts";
import type { Benchmark, BenchRecord } from "./bench/types.ts";

const args = [...Deno.args];
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag("--only");
const jsonFile = flag("--json");

const info = await initBackend();
const dir = new URL("./bench/", import.meta.url);
const files = [...Deno.readDirSync(dir)]
  .filter((e) => e.isFile && e.name.endsWith("_bench.ts"))
  .map((e) => e.name)
  .sort();
const records: BenchRecord[] = [];
console.log(`backend: ${info.backend} (${info.device})`);
console.log(
  `${"benchmark".padEnd(44)} ${"seconds".padStart(9)} ${"reference".padStart(24)} ${
    "ref s".padStart(9)
  } ${"ratio".padStart(7)}`,
);
for (const f of files) {
  const mod = await import(new URL(f, dir).href) as { benchmarks: Benchmark[] };
  for (const b of mod.benchmarks) {
    if (only && !b.name.includes(only)) continue;
    const r = await b.run();
    const ratio = r.referenceSeconds ? r.seconds / r.referenceSeconds : null;
    records.push({
      name: b.name,
      backend: info.backend,
      seconds: r.seconds,
      reference: r.reference,
      reference_seconds: r.referenceSeconds,
      ratio,
      note: r.note,
    });
    console.log(
      `${b.name.padEnd(44)} ${r.seconds.toFixed(3).padStart(9)} ${
        (r.reference ?? "-").padStart(24)
      } ${(r.referenceSeconds?.toFixed(3) ?? "-").padStart(9)} ${
        (ratio?.toFixed(2) ?? "-").padStart(7)
      }${r.note ? `  ${r.note}` : ""}`,
    );
  }
}
if (jsonFile) {
  await Deno.writeTextFile(jsonFile, JSON.stringify(records, null, 2) + "\n");
  console.log(`wrote ${records.length} records to ${jsonFile}`);
}
