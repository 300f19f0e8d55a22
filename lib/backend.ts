/**
 * The backend ladder: picks the best tfjs backend that loads and works here, in the order
 * tfjs-node-gpu (CUDA) → webgpu (hardware adapter) → tfjs-node → wasm → cpu, and explains
 * in a banner which one runs, on what device, and why the better ones were skipped.
 * COURSE_BACKEND=<name> forces one (tensorflow-gpu | webgpu | tensorflow | wasm | cpu);
 * COURSE_SYNC_READS=forbid makes synchronous tensor reads throw on any backend (lib/sync_reads.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError } from "./errors.ts";
import { courseRoot } from "./config.ts";
import { escapeHtml, JUPYTER_DISPLAY } from "./report.ts";
import { setSyncReads, syncReadMode } from "./sync_reads.ts";
import { wasmMatMulForSwitch } from "./fast/wasm_matmul.ts";
import { installAdamFit } from "./fast/fit_adam.ts";
import { wasmIdentityForSwitch } from "./fast/wasm_identity.ts";

/** The backends of the ladder, best first. */
export const BACKEND_LADDER = ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"] as const;
/** One rung of the ladder. */
export type BackendName = typeof BACKEND_LADDER[number];

/** What runs, on what, and why the better rungs were skipped. */
export interface BackendInfo {
  backend: BackendName;
  /** tfjs's own name of the registered backend (tfjs-node registers as "tensorflow"). */
  tfBackend: string;
  device: string;
  threads: number;
  forced: boolean;
  skipped: { backend: BackendName; reason: string }[];
}

/** The banner shown at the top of every notebook (rich in Jupyter, a line in a terminal). */
export class DeviceBanner {
  constructor(readonly info: BackendInfo) {}

  /** One-paragraph text form. */
  toString(): string {
    const i = this.info;
    const head = `tfjs ${tf.version.tfjs} · backend ${i.backend}${i.forced ? " (forced)" : ""} · ` +
      `device ${i.device} · ${i.threads} thread${i.threads === 1 ? "" : "s"}`;
    const skipped = i.skipped.map((s) => `  skipped ${s.backend}: ${s.reason}`);
    return [head, ...skipped].join("\n");
  }

  /** Jupyter mime bundle. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const i = this.info;
    const gpu = i.backend === "webgpu" || i.backend === "tensorflow-gpu";
    const items = i.skipped.map((s) => `<li><b>${s.backend}</b>: ${escapeHtml(s.reason)}</li>`)
      .join("");
    return {
      "text/html": `<div style="border-left:4px solid ${gpu ? "#2a9d8f" : "#e9c46a"};` +
        `padding:4px 10px"><b>${gpu ? "GPU available" : "Running on CPU"}</b> — ` +
        `tfjs ${escapeHtml(tf.version.tfjs)}, backend <code>${i.backend}</code>` +
        `${i.forced ? " (forced)" : ""}, device ${escapeHtml(i.device)}, ` +
        `${i.threads} thread(s)${items ? `<ul style="margin:2px 0">${items}</ul>` : ""}</div>`,
      "text/plain": this.toString(),
    };
  }
}

let current: BackendInfo | null = null;

function hasPackage(name: string): boolean {
  try {
    return Deno.statSync(`${courseRoot()}/node_modules/${name}/package.json`).isFile;
  } catch {
    return false;
  }
}

function cpuName(): string {
  try {
    const txt = Deno.readTextFileSync("/proc/cpuinfo");
    const m = txt.match(/model name\s*:\s*(.+)/);
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall through
  }
  return `${Deno.build.os} ${Deno.build.arch}`;
}

function cores(): number {
  return navigator.hardwareConcurrency ?? 1;
}

async function tryNative(pkg: string): Promise<string> {
  if (!hasPackage(pkg)) {
    throw new Error(`not installed (optional: deno add npm:${pkg}@4.22.0)`);
  }
  await import(`npm:${pkg}@4.22.0`);
  const ok = await tf.setBackend("tensorflow");
  if (!ok) throw new Error("installed but its native library failed to initialise");
  return "tensorflow";
}

async function gpuAdapter(): Promise<GPUAdapter | null> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  return await gpu.requestAdapter({ powerPreference: "high-performance" });
}

function adapterIsSoftware(a: GPUAdapter): boolean {
  const info = a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${info.description} ${info.vendor} ${info.architecture}`.toLowerCase();
  return info.isFallbackAdapter === true || /llvmpipe|swiftshader|softpipe|lavapipe/.test(text);
}

/** Try one rung; returns the device description, or throws with the reason it was skipped. */
async function tryBackend(name: BackendName, forced: boolean): Promise<string> {
  switch (name) {
    case "tensorflow-gpu": {
      await tryNative("@tensorflow/tfjs-node-gpu");
      return "CUDA GPU (tfjs-node-gpu)";
    }
    case "tensorflow": {
      await tryNative("@tensorflow/tfjs-node");
      return `${cpuName()} (libtensorflow)`;
    }
    case "webgpu": {
      const adapter = await gpuAdapter();
      if (!adapter) throw new Error("no WebGPU adapter (navigator.gpu absent or none found)");
      const desc = adapter.info.description || adapter.info.vendor || "unknown adapter";
      if (adapterIsSoftware(adapter) && !forced) {
        throw new Error(
          `only a software adapter (${desc}): correct but slow; COURSE_BACKEND=webgpu forces it`,
        );
      }
      await import("@tensorflow/tfjs-backend-webgpu");
      if (!(await tf.setBackend("webgpu"))) throw new Error("tfjs-backend-webgpu failed to start");
      return `${desc} (WebGPU)`;
    }
    case "wasm": {
      await import("@tensorflow/tfjs-backend-wasm");
      if (!(await tf.setBackend("wasm"))) throw new Error("tfjs-backend-wasm failed to start");
      wasmMatMulForSwitch(); // lib/fast's patches, unless COURSE_FAST=0
      wasmIdentityForSwitch();
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      return `${cpuName()} (WebAssembly${simd ? " SIMD" : ""})`;
    }
    case "cpu": {
      if (!(await tf.setBackend("cpu"))) throw new Error("tfjs cpu backend failed to start");
      // tfjs's cpu backend prints an "install our node backend" advert on its first tensor
      // under Deno (it sees Node.js); the banner already says what runs and why.
      (tf.backend() as { firstUse?: boolean }).firstUse = false;
      return `${cpuName()} (plain JavaScript)`;
    }
  }
}

async function threadsOf(name: BackendName): Promise<number> {
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    return wasm.getThreadsCount();
  }
  if (name === "tensorflow" || name === "tensorflow-gpu") return cores();
  return 1;
}

/**
 * Pick and initialise the backend (once per process; later calls return the same info).
 * `prefer` (or COURSE_BACKEND) forces one rung; a forced rung that fails is an error.
 */
export async function initBackend(prefer?: BackendName): Promise<BackendInfo> {
  const wanted = prefer ?? (Deno.env.get("COURSE_BACKEND") || undefined) as
    | BackendName
    | undefined;
  if (current && (!wanted || wanted === current.backend)) return current;
  if (wanted !== undefined && !BACKEND_LADDER.includes(wanted)) {
    throw new CourseInputError(
      "initBackend",
      prefer ? "prefer" : "COURSE_BACKEND",
      `one of ${BACKEND_LADDER.join(", ")}`,
      `"${wanted}"`,
    );
  }
  const skipped: BackendInfo["skipped"] = [];
  const rungs = wanted ? [wanted] : BACKEND_LADDER;
  for (const name of rungs) {
    try {
      const device = await tryBackend(name, wanted !== undefined);
      await tf.ready();
      installAdamFit(); // lib/fast's flat Adam in every model.fit (checks COURSE_FAST per call)
      // Synchronous reads fail on WebGPU: say why and what to do. COURSE_SYNC_READS=forbid bans
      // them everywhere (the notebook tests, to keep every notebook WebGPU-safe).
      if (Deno.env.get("COURSE_SYNC_READS") === "forbid") setSyncReads("forbidden");
      else setSyncReads(name === "webgpu" ? "explained" : "allowed");
      current = {
        backend: name,
        tfBackend: tf.getBackend(),
        device,
        threads: await threadsOf(name),
        forced: wanted !== undefined,
        skipped,
      };
      return current;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (wanted) {
        throw new Error(`initBackend: COURSE_BACKEND=${wanted} could not start: ${reason}`);
      }
      skipped.push({ backend: name, reason });
    }
  }
  throw new Error(
    `initBackend: no tfjs backend could start:\n${
      skipped.map((s) => `  ${s.backend}: ${s.reason}`).join("\n")
    }`,
  );
}

let pending: Promise<BackendInfo> | null = null;

/**
 * The backend, initialised on first use (COURSE_BACKEND respected): library functions that
 * need tensors call this, so a plain script needs no set-up. Concurrent calls share one start.
 */
export async function ensureBackend(): Promise<BackendInfo> {
  if (current) return current;
  pending ??= initBackend().finally(() => (pending = null));
  return await pending;
}

/** Initialise the backend and return the device banner to display at the top of a notebook. */
export async function deviceBanner(prefer?: BackendName): Promise<DeviceBanner> {
  return new DeviceBanner(await initBackend(prefer));
}

/** The backend info if `initBackend` already ran, else null. */
export function backendInfo(): BackendInfo | null {
  return current;
}

/** Switch to another rung for a measurement (e.g. timing a matmul per backend); returns info. */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  current = null;
  return await initBackend(name);
}

/**
 * Run `f` on a host backend (wasm, else cpu) and switch back afterwards, with synchronous reads
 * allowed inside: for tfjs code that reads tensors synchronously and cannot be changed, notably
 * graph models (tfjs-converter reads op parameters with `dataSync`, which fails on WebGPU under
 * Deno). Models used inside must be loaded inside too; results must leave as plain arrays.
 */
export async function withHostBackend<T>(f: () => Promise<T>): Promise<T> {
  await ensureBackend();
  const prev = tf.getBackend();
  const mode = syncReadMode();
  const onHost = prev === "wasm" || prev === "cpu" || prev === "tensorflow";
  if (!onHost) {
    try {
      await tryBackend("wasm", true);
    } catch {
      await tryBackend("cpu", true);
    }
  }
  setSyncReads("allowed");
  try {
    return await f();
  } finally {
    if (!onHost) await tf.setBackend(prev);
    setSyncReads(mode);
  }
}
