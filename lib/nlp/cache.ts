/**
 * A Parquet cache for per-text model outputs (embeddings, sentiment probabilities), keyed by
 * sha256(model id, text): a result computed once by one model is never reused for another.
 */
import pl from "nodejs-polars";
import { createHash } from "node:crypto";
import { require } from "../errors.ts";

/** The cache key of one text under one model: sha256 of `model \0 text`, hex. */
export function nlpCacheKey(model: string, text: string): string {
  require(
    typeof model === "string" && model.length > 0,
    "nlpCacheKey",
    "model",
    "a model id",
    model,
  );
  require(typeof text === "string", "nlpCacheKey", "text", "a string", text);
  return createHash("sha256").update(`${model}\u0000${text}`).digest("hex");
}

/** Vectors per (model, text), loaded from and saved to one Parquet file. */
export class NlpCache {
  readonly #rows = new Map<string, { model: string; text: string; vec: Float32Array }>();
  #dirty = false;

  private constructor(readonly path: string) {}

  /** Open the cache at `path` (an absent file is an empty cache). */
  static open(path: string): NlpCache {
    require(
      typeof path === "string" && path.endsWith(".parquet"),
      "NlpCache.open",
      "path",
      "a path ending in .parquet",
      path,
    );
    const cache = new NlpCache(path);
    let exists = false;
    try {
      exists = Deno.statSync(path).isFile;
    } catch {
      exists = false;
    }
    if (exists) {
      const df = pl.readParquet(path);
      const keys = df.getColumn("key").toArray() as string[];
      const models = df.getColumn("model").toArray() as string[];
      const texts = df.getColumn("text").toArray() as string[];
      const vecs = df.getColumn("vec").toArray() as unknown as number[][];
      keys.forEach((k, i) =>
        cache.#rows.set(k, { model: models[i], text: texts[i], vec: Float32Array.from(vecs[i]) })
      );
    }
    return cache;
  }

  /** Number of cached rows (all models). */
  get size(): number {
    return this.#rows.size;
  }

  /** The cached vector of `text` under `model`, or undefined. */
  get(model: string, text: string): Float32Array | undefined {
    return this.#rows.get(nlpCacheKey(model, text))?.vec;
  }

  /** Store the vector of `text` under `model`. */
  set(model: string, text: string, vec: Float32Array): void {
    this.#rows.set(nlpCacheKey(model, text), { model, text, vec: Float32Array.from(vec) });
    this.#dirty = true;
  }

  /** Write the cache to its Parquet file (creating the folder), if anything changed. */
  save(): void {
    if (!this.#dirty) return;
    const dir = this.path.replace(/\/[^/]*$/, "");
    if (dir && dir !== this.path) Deno.mkdirSync(dir, { recursive: true });
    const rows = [...this.#rows.entries()];
    pl.DataFrame({
      key: rows.map(([k]) => k),
      model: rows.map(([, r]) => r.model),
      text: rows.map(([, r]) => r.text),
      vec: rows.map(([, r]) => Array.from(r.vec)),
    }).writeParquet(this.path);
    this.#dirty = false;
  }
}

/**
 * Compute per-text vectors through the cache: only texts missing for `model` go to
 * `compute` (in their original order, duplicates once); the cache is saved afterwards.
 */
export async function cachedVectors(
  cache: NlpCache | undefined,
  model: string,
  texts: readonly string[],
  compute: (missing: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  if (!cache) return await compute([...texts]);
  const missing = [...new Set(texts.filter((t) => cache.get(model, t) === undefined))];
  if (missing.length > 0) {
    const vecs = await compute(missing);
    missing.forEach((t, i) => cache.set(model, t, vecs[i]));
    cache.save();
  }
  return texts.map((t) => cache.get(model, t)!);
}
