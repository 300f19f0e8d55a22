/** The shape of one benchmark in `deno task bench`; files in tools/bench/ export `benchmarks`. */

/** What one benchmark measured: our seconds and, when a reference ran, its seconds. */
export interface BenchResult {
  seconds: number;
  /** Name of the reference implementation (e.g. "pytorch-cpu-2threads"), null when absent. */
  reference: string | null;
  referenceSeconds: number | null;
  /** Free-form detail shown beside the row (sizes, per-epoch times, why a reference is absent). */
  note?: string;
}

/** One named benchmark. */
export interface Benchmark {
  name: string;
  /** It exercises lib/fast: bench also runs it with the fast paths off (the tfjs reference). */
  fast?: boolean;
  run(): Promise<BenchResult>;
}

/** The JSON record written per benchmark by `deno task bench --json FILE`. */
export interface BenchRecord {
  name: string;
  backend: string;
  seconds: number;
  reference: string | null;
  reference_seconds: number | null;
  ratio: number | null;
  /** Seconds with the fast paths off (COURSE_FAST=0: plain tfjs), for `fast` benchmarks. */
  tfjs_reference_seconds: number | null;
  /** tfjs_reference_seconds / seconds: the fast paths' gain. */
  fast_gain: number | null;
  note?: string;
}

/** Run a Python reference script with Debian's python3 if `module` imports there; else null. */
export async function runPythonReference(
  script: string,
  args: string[],
  module: string,
): Promise<{ stdout: string } | null> {
  for (const py of ["/usr/bin/python3", "python3"]) {
    try {
      const probe = await new Deno.Command(py, { args: ["-c", `import ${module}`] }).output();
      if (!probe.success) continue;
      const out = await new Deno.Command(py, { args: [script, ...args] }).output();
      if (!out.success) {
        throw new Error(`${script} failed: ${new TextDecoder().decode(out.stderr)}`);
      }
      return { stdout: new TextDecoder().decode(out.stdout) };
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
  }
  return null;
}
