/**
 * `deno task bench [--only SUBSTR] [--json FILE]`: runs every benchmark exported by the files
 * in tools/bench/, prints a table and optionally writes JSON. A benchmark that exercises lib/fast
 * runs twice, with the fast paths on and off (the plain tfjs reference, as COURSE_FAST=0), so
 * the table shows both times and the gain; `reference` is an outside one (e.g. PyTorch).
 */
import { initBackend } from "../lib/backend.ts";
import { fastPaths, setFastPaths } from "../lib/fast/switch.ts";
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
const fastOn = fastPaths();
console.log(`fast paths: ${fastOn ? "on" : "off (COURSE_FAST=0): no fast/reference pairs"}`);
console.log(
  `${"benchmark".padEnd(46)} ${"fast s".padStart(8)} ${"tfjs s".padStart(8)} ${
    "gain".padStart(6)
  } ${"reference".padStart(22)} ${"ref s".padStart(8)} ${"ratio".padStart(6)}`,
);
for (const f of files) {
  const mod = await import(new URL(f, dir).href) as { benchmarks: Benchmark[] };
  for (const b of mod.benchmarks) {
    if (only && !b.name.includes(only)) continue;
    const r = await b.run();
    let plain: number | null = null;
    if (b.fast && fastOn) {
      setFastPaths(false);
      try {
        plain = (await b.run()).seconds;
      } finally {
        setFastPaths(true);
      }
    }
    const ratio = r.referenceSeconds ? r.seconds / r.referenceSeconds : null;
    const gain = plain !== null ? plain / r.seconds : null;
    records.push({
      name: b.name,
      backend: info.backend,
      seconds: r.seconds,
      reference: r.reference,
      reference_seconds: r.referenceSeconds,
      ratio,
      tfjs_reference_seconds: plain,
      fast_gain: gain,
      note: r.note,
    });
    const num = (v: number | null, d: number, w: number) => (v?.toFixed(d) ?? "-").padStart(w);
    console.log(
      `${b.name.padEnd(46)} ${num(r.seconds, 3, 8)} ${num(plain, 3, 8)} ${num(gain, 2, 6)} ${
        (r.reference ?? "-").padStart(22)
      } ${num(r.referenceSeconds, 3, 8)} ${num(ratio, 2, 6)}${r.note ? `  ${r.note}` : ""}`,
    );
  }
}
if (jsonFile) {
  await Deno.writeTextFile(jsonFile, JSON.stringify(records, null, 2) + "\n");
  console.log(`wrote ${records.length} records to ${jsonFile}`);
}
