/**
 * Where a Hugging Face model comes from, in order: a local folder (COURSE_MODELS_DIR, in the
 * transformers.js layout: config.json, tokenizer files, onnx/model.onnx) → the transformers.js
 * file cache → the Hub, only when it answers a short probe (asked once per session; a download
 * announces its size). Offline mode (COURSE_OFFLINE=1 or `offline: true`) never touches the
 * network. A missing or unusable model raises one clear message with the reason per place.
 */
import { env } from "@huggingface/transformers";
import { require } from "../errors.ts";
import { coursePath } from "../config.ts";
import { hfFolderProblem } from "./model_files.ts";

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

/** Where a model was found. */
export interface HfModelLocation {
  id: string;
  source: "local" | "cache" | "hub";
  /** The folder holding the files (null for the Hub: transformers.js downloads into the cache). */
  dir: string | null;
  /** transformers.js dtype matching the ONNX file found: "fp32" (model.onnx) or "q8". */
  dtype: "fp32" | "q8";
}

/** How to look for a model. */
export interface HfResolveOptions {
  /** Never use the network (default: COURSE_OFFLINE=1). */
  offline?: boolean;
  /** Local models folder (default: COURSE_MODELS_DIR, else <course>/models/hf). */
  modelsDir?: string;
  /** transformers.js cache folder (default: COURSE_HF_CACHE, else transformers.js's own). */
  cacheDir?: string;
  /** Hub probe timeout in milliseconds (default 2500). */
  timeoutMs?: number;
  /** What the course uses instead, named in the error message. */
  fallback?: string;
}

/** Raised when a model is in none of the places looked at. */
export class ModelUnavailableError extends Error {
  constructor(readonly modelId: string, readonly looked: string[], readonly fallback: string) {
    super(
      `Model ${modelId} is not available.\n` +
        `  looked in: ${looked.join("; ")}\n` +
        `  get it (once, online): deno eval "import { pipeline } from '@huggingface/transformers'; ` +
        `await pipeline('feature-extraction', '${modelId}', { dtype: 'fp32' })"\n` +
        `    (or copy a transformers.js folder with config.json, tokenizer files and ` +
        `onnx/model.onnx to $COURSE_MODELS_DIR/${modelId})\n` +
        `  using instead: ${fallback}`,
    );
    this.name = "ModelUnavailableError";
  }
}

/** True when COURSE_OFFLINE is 1/true/yes. */
export function isOffline(): boolean {
  const v = (Deno.env.get("COURSE_OFFLINE") ?? "").toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}

/** The local models folder in effect. */
export function hfModelsDir(opts: HfResolveOptions = {}): string {
  return opts.modelsDir ?? Deno.env.get("COURSE_MODELS_DIR") ?? coursePath("models", "hf");
}

/** What the Hub said about a model id this session (the probe runs once per id). */
export interface HubAnswer {
  /** The Hub answered that the model exists. */
  ok: boolean;
  /** Bytes of the files transformers.js would download (null when the Hub did not say). */
  bytes: number | null;
  /** Why not, when not ok. */
  reason: string;
}

const hubAnswers = new Map<string, HubAnswer>();
let hubUnreachable: string | null = null;

/** Forget the session's Hub answers (tests; after reconnecting). */
export function resetHubProbe(): void {
  hubAnswers.clear();
  hubUnreachable = null;
}

const DOWNLOADED = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"];

/**
 * Ask the Hub (once per session and id) whether `id` exists and how big its files are, giving
 * up after `timeoutMs`; a network failure is remembered, so later ids do not wait again.
 */
export async function probeHub(id: string, timeoutMs = 2500): Promise<HubAnswer> {
  const known = hubAnswers.get(id);
  if (known) return known;
  if (hubUnreachable) return { ok: false, bytes: null, reason: hubUnreachable };
  let answer: HubAnswer;
  try {
    const url = `${env.remoteHost.replace(/\/$/, "")}/api/models/${id}?blobs=true`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = res.ok ? await res.json().catch(() => null) : await res.body?.cancel();
    const files = (body as { siblings?: { rfilename?: string; size?: number }[] } | null)
      ?.siblings ?? [];
    const sizes = files.filter((f) => DOWNLOADED.includes(f.rfilename ?? ""))
      .map((f) => f.size);
    const bytes = sizes.length && sizes.every((v) => typeof v === "number")
      ? (sizes as number[]).reduce((x, y) => x + y, 0)
      : null;
    answer = { ok: res.ok, bytes, reason: res.ok ? "" : `the Hub answered ${res.status}` };
  } catch (e) {
    hubUnreachable = `unreachable earlier in this session (${(e as Error).name}); ` +
      "not asked again";
    answer = { ok: false, bytes: null, reason: `unreachable within ${timeoutMs} ms` };
  }
  hubAnswers.set(id, answer);
  return answer;
}

/** The line announcing a download: its size and how to refuse it. */
export function downloadNotice(id: string, bytes: number | null, cacheDir: string): string {
  const size = bytes === null ? "size unknown" : `about ${(bytes / 1e6).toFixed(0)} MB`;
  return `Downloading ${id} from the Hub (${size}) into ${cacheDir}; ` +
    "set COURSE_OFFLINE=1 to refuse downloads and use the course's offline models.";
}

/**
 * Find a model and configure transformers.js for it (allowRemoteModels, localModelPath,
 * cacheDir). Throws `ModelUnavailableError` naming the places looked at.
 */
export async function resolveHfModel(
  id: string,
  opts: HfResolveOptions = {},
): Promise<HfModelLocation> {
  require(
    typeof id === "string" && /^[\w.-]+\/[\w.-]+$/.test(id),
    "resolveHfModel",
    "id",
    'a Hub id like "Xenova/finbert"',
    id,
  );
  const offline = opts.offline ?? isOffline();
  const modelsDir = hfModelsDir(opts);
  const cacheDir = opts.cacheDir ?? Deno.env.get("COURSE_HF_CACHE") ?? env.cacheDir;
  if (cacheDir) env.cacheDir = cacheDir.endsWith("/") ? cacheDir : `${cacheDir}/`;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const looked: string[] = [];
  for (const [source, root] of [["local", modelsDir], ["cache", env.cacheDir]] as const) {
    if (!root) continue;
    const dir = `${root.replace(/\/$/, "")}/${id}`;
    const where = `${dir} (${source === "local" ? "COURSE_MODELS_DIR" : "transformers.js cache"})`;
    if (!isDir(dir)) {
      looked.push(where);
      continue;
    }
    const { problem, dtype } = hfFolderProblem(dir);
    if (problem === null) {
      env.localModelPath = `${root.replace(/\/$/, "")}/`;
      return { id, source, dir, dtype };
    }
    looked.push(`${where}: unusable, ${problem}`);
  }
  if (offline) {
    looked.push("the Hub (skipped: offline mode, COURSE_OFFLINE=1)");
  } else {
    const hub = await probeHub(id, opts.timeoutMs ?? 2500);
    if (hub.ok) {
      console.warn(downloadNotice(id, hub.bytes, env.cacheDir ?? "the transformers.js cache"));
      env.allowRemoteModels = true;
      return { id, source: "hub", dir: null, dtype: "fp32" };
    }
    looked.push(`the Hub at ${env.remoteHost} (${hub.reason})`);
  }
  throw new ModelUnavailableError(id, looked, opts.fallback ?? "none");
}
