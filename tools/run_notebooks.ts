/**
 * `deno task course [--only 00,02] [--dir notebooks] [--out out] [--timeout S]`: executes
 * every notebook headlessly through Jupyter's own client (nbclient) with the Deno kernel,
 * writes executed notebooks to out/notebooks/, prints a table (notebook, status, seconds,
 * headline metrics), writes out/summary.json, and exits non-zero naming the notebook, cell
 * and error of any failure. COURSE_QUICK=1 runs the quick mode.
 */
import { initBackend } from "../lib/backend.ts";
import { courseRoot, isQuick } from "../lib/config.ts";
import { formatMetric, type MetricValue, readReported } from "../lib/report.ts";
import {
  COURSE_KERNEL,
  ensureCourseKernel,
  findJupyterPython,
  JUPYTER_INSTALL_HELP,
} from "./jupyter.ts";

/** One notebook's outcome in out/summary.json. */
export interface NotebookResult {
  name: string;
  status: "ok" | "error";
  seconds: number;
  metrics: Record<string, MetricValue>;
  outputs: number;
  cell?: number | null;
  error?: string | null;
}

/** The whole run's summary (out/summary.json). */
export interface Summary {
  backend: string;
  device: string;
  quick: boolean;
  notebooks: NotebookResult[];
}

function parseArgs(args: string[]) {
  const opts = { only: [] as string[], dir: "notebooks", out: "out", timeout: 0 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = () => {
      const x = args[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--only") opts.only.push(...v().split(",").map((s) => s.trim()).filter(Boolean));
    else if (a === "--dir") opts.dir = v();
    else if (a === "--out") opts.out = v();
    else if (a === "--timeout") opts.timeout = Number(v());
    else throw new Error(`unknown argument ${a} (use --only, --dir, --out, --timeout)`);
  }
  return opts;
}

function abs(p: string): string {
  return p.startsWith("/") ? p : `${courseRoot()}/${p}`;
}

/** Run the notebooks; returns the summary (and writes it). */
export async function runNotebooks(args: string[]): Promise<Summary> {
  const opts = parseArgs(args);
  const dir = abs(opts.dir);
  const out = abs(opts.out);
  removeIfPresent(`${out}/summary.json`); // a failed run must not leave the last run's summary
  const all = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => e.name).sort();
  const chosen = opts.only.length
    ? all.filter((n) => opts.only.some((o) => n.startsWith(o) || n === o))
    : all;
  if (!chosen.length) {
    throw new Error(`no notebook in ${dir} matches --only ${opts.only.join(",")}`);
  }
  const python = await findJupyterPython();
  if (!python) throw new Error(JUPYTER_INSTALL_HELP);
  console.log(await ensureCourseKernel(python));
  // Cache npm dependencies first: a kernel's first cell times out if it must download them.
  // The test suite sets COURSE_SKIP_INSTALL=1: it installed already, and a `deno install`
  // running beside other test files can briefly unlink files they are loading.
  if (Deno.env.get("COURSE_SKIP_INSTALL") !== "1") {
    const inst = await new Deno.Command(Deno.execPath(), {
      args: ["install"],
      cwd: courseRoot(),
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!inst.success) {
      throw new Error(`deno install failed:\n${new TextDecoder().decode(inst.stderr)}`);
    }
  }

  const info = await initBackend();
  const quick = isQuick();
  Deno.mkdirSync(`${out}/notebooks`, { recursive: true });
  Deno.mkdirSync(`${out}/metrics`, { recursive: true });
  const timeout = opts.timeout || (quick ? 300 : 3600);
  const results: NotebookResult[] = [];
  for (const file of chosen) {
    const name = file.replace(/\.ipynb$/, "");
    const metricsFile = `${out}/metrics/${name}.json`;
    removeIfPresent(metricsFile);
    console.log(`running ${name}${quick ? " (quick)" : ""} ...`);
    const t0 = performance.now();
    const exec = () =>
      execNotebook(python, `${dir}/${file}`, `${out}/notebooks/${file}`, dir, timeout, {
        NO_COLOR: "1",
        COURSE_METRICS_FILE: metricsFile,
        COURSE_QUICK: quick ? "1" : "0",
      });
    let parsed = await exec();
    if (isKernelPlumbingFailure(parsed)) {
      // The kernel's messaging failed, not the notebook: a port taken by another process at
      // start-up, or (seen once in a full run) a message with a bad signature mid-run. Once more.
      console.log(
        `  kernel messaging failed (${parsed.error!.match(KERNEL_PLUMBING)![0]}); retrying`,
      );
      removeIfPresent(metricsFile);
      parsed = await exec();
    }
    const seconds = (performance.now() - t0) / 1000;
    const r: NotebookResult = {
      name,
      status: parsed.status,
      seconds: Math.round(seconds * 10) / 10,
      metrics: readReported(metricsFile),
      outputs: parsed.outputs,
      cell: parsed.cell,
      error: parsed.error,
    };
    results.push(r);
    if (r.status === "error") {
      console.error(
        `FAILED ${name}: cell ${r.cell === null ? "?" : r.cell! + 1} (of the notebook's cells, ` +
          `counting markdown): ${r.error}`,
      );
    }
  }
  const summary: Summary = {
    backend: info.backend,
    device: info.device,
    quick,
    notebooks: results,
  };
  Deno.writeTextFileSync(`${out}/summary.json`, JSON.stringify(summary, null, 2) + "\n");
  printTable(summary);
  return summary;
}

/** Delete a file; a missing one is fine. */
function removeIfPresent(path: string): void {
  try {
    Deno.removeSync(path);
  } catch { /* absent */ }
}

/** Failures of the kernel's messaging rather than of a cell (see tools/nbexec.py's lock). */
const KERNEL_PLUMBING =
  /Invalid Signature|Address already in use|Kernel died before replying to kernel_info/;

/** Outcome line of tools/nbexec.py. */
export interface ExecOutcome {
  status: "ok" | "error";
  cell: number | null;
  error: string | null;
  outputs: number;
}

/** Whether a run failed in the kernel's messaging (worth one retry), not in a notebook cell. */
export function isKernelPlumbingFailure(o: ExecOutcome): boolean {
  return o.status === "error" && o.cell === null && KERNEL_PLUMBING.test(o.error ?? "");
}

/** Execute one notebook with tools/nbexec.py (nbclient, Deno kernel) in `dir`. */
async function execNotebook(
  python: string,
  src: string,
  dst: string,
  dir: string,
  timeout: number,
  env: Record<string, string>,
): Promise<ExecOutcome> {
  const proc = await new Deno.Command(python, {
    args: [`${courseRoot()}/tools/nbexec.py`, src, dst, dir, COURSE_KERNEL, String(timeout)],
    cwd: dir,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(proc.stdout).trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(stdout) as ExecOutcome;
  } catch {
    const err = new TextDecoder().decode(proc.stderr).split("\n").filter((l) =>
      !l.includes('"deno jupyter" is unstable')
    ).slice(-8).join("\n");
    return { status: "error", cell: null, error: `runner crashed: ${err}`, outputs: 0 };
  }
}

function printTable(s: Summary) {
  console.log(`\nbackend ${s.backend} · ${s.device}${s.quick ? " · quick mode" : ""}`);
  const w = Math.max(8, ...s.notebooks.map((n) => n.name.length));
  console.log(`${"notebook".padEnd(w)}  status  seconds  metrics`);
  for (const n of s.notebooks) {
    const m = Object.entries(n.metrics).map(([k, v]) => `${k}=${formatMetric(v)}`).join(" ");
    console.log(
      `${n.name.padEnd(w)}  ${n.status.padEnd(6)}  ${n.seconds.toFixed(1).padStart(7)}  ${m}`,
    );
  }
}

if (import.meta.main) {
  try {
    const s = await runNotebooks(Deno.args);
    const failed = s.notebooks.filter((n) => n.status !== "ok");
    if (failed.length) {
      console.error(
        `\n${failed.length} notebook(s) failed: ${failed.map((f) => f.name).join(", ")}`,
      );
      Deno.exit(1);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(1);
  }
}
