/**
 * Where a Hugging Face model comes from, in order: a local folder (COURSE_MODELS_DIR, in the
 * transformers.js layout: config.json, tokenizer files, onnx/model.onnx) → the transformers.js
 * file cache → the Hub, only when it answers a short probe. Offline mode (COURSE_OFFLINE=1 or
 * `offline: true`) never touches the network. A missing model raises one clear message.
 */
import { env } from "@huggingface/transformers";
import { require } from "../errors.ts";
import { coursePath } from "../config.ts";

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

function onnxIn(dir: string): "fp32" | "q8" | null {
  const has = (f: string) => {
    try {
      return Deno.statSync(`${dir}/${f}`).isFile;
    } catch {
      return false;
    }
  };
  if (!has("config.json") || !has("tokenizer.json")) return null;
  if (has("onnx/model.onnx")) return "fp32";
  if (has("onnx/model_quantized.onnx")) return "q8";
  return null;
}

/** Ask the Hub whether `id` exists, giving up after `timeoutMs`; false on any failure. */
export async function probeHub(id: string, timeoutMs = 2500): Promise<boolean> {
  try {
    const url = `${env.remoteHost.replace(/\/$/, "")}/api/models/${id}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
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
    looked.push(`${dir} (${source === "local" ? "COURSE_MODELS_DIR" : "transformers.js cache"})`);
    const dtype = onnxIn(dir);
    if (dtype) {
      env.localModelPath = `${root.replace(/\/$/, "")}/`;
      return { id, source, dir, dtype };
    }
  }
  if (offline) {
    looked.push("the Hub (skipped: offline mode)");
  } else if (await probeHub(id, opts.timeoutMs ?? 2500)) {
    env.allowRemoteModels = true;
    return { id, source: "hub", dir: null, dtype: "fp32" };
  } else {
    looked.push(`the Hub at ${env.remoteHost} (unreachable within ${opts.timeoutMs ?? 2500} ms)`);
  }
  throw new ModelUnavailableError(id, looked, opts.fallback ?? "none");
}
