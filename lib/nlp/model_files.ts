/**
 * Checked reads of model files: a JSON file that is missing or not JSON, weight shards shorter
 * than their manifest, or a transformers.js folder with a broken config fail with a
 * `CourseInputError` naming the file and what was expected, never a raw parser error.
 */
import type * as tf from "@tensorflow/tfjs";
import { CourseInputError } from "../errors.ts";

/** Read and parse a JSON file; the error names the file, what it should hold and why it failed. */
export async function readJsonFile(
  fn: string,
  arg: string,
  path: string,
  what: string,
): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "missing" : `unreadable (${e})`;
    throw new CourseInputError(fn, arg, `${what} at ${path}`, `${path} ${why}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = text.trim() === "" ? "an empty file" : `not valid JSON (${(e as Error).message})`;
    throw new CourseInputError(fn, arg, `${what} (JSON) at ${path}`, `${path}: ${why}`);
  }
}

/** Read a binary file; a missing or unreadable one fails naming the file and what it should be. */
export async function readBinaryFile(
  fn: string,
  arg: string,
  path: string,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "missing" : `unreadable (${e})`;
    throw new CourseInputError(fn, arg, `${what} at ${path}`, `${path} ${why}`);
  }
}

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/** Bytes a list of weight specs needs (quantised weights count at their stored width). */
export function weightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const dtype = s.quantization?.dtype ?? s.dtype;
    if (dtype === "string") return NaN; // variable length: cannot be checked up front
    total += n * (DTYPE_BYTES[dtype] ?? 4);
  }
  return total;
}

/** Read a tfjs weights manifest's shards from `dir`, checking that together they are complete. */
export async function readWeightShards(
  fn: string,
  dir: string,
  manifest: unknown,
): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: Uint8Array<ArrayBuffer> }> {
  const groups = manifest as tf.io.WeightsManifestConfig;
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g?.paths))) {
    throw new CourseInputError(
      fn,
      "dir",
      `a weightsManifest in ${dir}/model.json`,
      `${dir}/model.json without a valid weightsManifest`,
    );
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of groups) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      try {
        parts.push(await Deno.readFile(`${dir}/${p}`));
      } catch (e) {
        const why = e instanceof Deno.errors.NotFound ? "missing" : `unreadable (${e})`;
        throw new CourseInputError(fn, "dir", `weight shard ${p}`, `${dir}/${p} ${why}`);
      }
    }
    const need = weightBytes(group.weights);
    const have = parts.slice(parts.length - group.paths.length).reduce((s, b) => s + b.length, 0);
    if (Number.isFinite(need) && have !== need) {
      throw new CourseInputError(
        fn,
        "dir",
        `weight shards ${group.paths.join(", ")} of ${need} bytes (as model.json says)`,
        `${have} bytes in ${dir} (truncated or damaged: reinstall or re-download them)`,
      );
    }
  }
  const data = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  return { specs, data };
}

/** Read a varint from `file` at byte `pos`; null when the file ends first. */
function readVarint(file: Deno.FsFile, pos: number): { value: number; next: number } | null {
  const buf = new Uint8Array(10);
  file.seekSync(pos, Deno.SeekMode.Start);
  const got = file.readSync(buf) ?? 0;
  let value = 0;
  for (let i = 0; i < got; i++) {
    value += (buf[i] & 0x7f) * 2 ** (7 * i);
    if ((buf[i] & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return null;
}

/**
 * Why an ONNX file is unusable (its top-level protobuf fields run past the end: truncated; no
 * graph or opset: not an ONNX model), or null. Reads only the field headers, not the weights.
 */
export function onnxFileProblem(path: string): string | null {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (e) {
    return `${path} is ${e instanceof Deno.errors.NotFound ? "missing" : `unreadable (${e})`}`;
  }
  try {
    const size = file.statSync().size;
    const seen = new Set<number>();
    let pos = 0;
    while (pos < size) {
      const key = readVarint(file, pos);
      if (key === null) return `${path} is truncated (a field header runs past byte ${size})`;
      const field = Math.floor(key.value / 8), wire = key.value % 8;
      seen.add(field);
      pos = key.next;
      if (wire === 0) {
        const v = readVarint(file, pos);
        if (v === null) return `${path} is truncated (a value runs past byte ${size})`;
        pos = v.next;
      } else if (wire === 2) {
        const len = readVarint(file, pos);
        if (len === null) return `${path} is truncated (a length runs past byte ${size})`;
        pos = len.next + len.value;
      } else if (wire === 1 || wire === 5) {
        pos += wire === 1 ? 8 : 4;
      } else {
        return `${path} is not an ONNX model (protobuf wire type ${wire} at top level)`;
      }
      if (pos > size) {
        return `${path} is truncated (field ${field} needs ${pos} bytes, the file has ${size})`;
      }
    }
    if (!seen.has(7) || !seen.has(8)) {
      return `${path} is not a complete ONNX model (no ${seen.has(7) ? "opset_import" : "graph"})`;
    }
    return null;
  } finally {
    file.close();
  }
}

/**
 * Why a transformers.js model folder is unusable (config.json or tokenizer.json missing or not
 * JSON, no, an empty or a truncated ONNX file), or null when it looks complete; `dtype` of the ONNX found.
 */
export function hfFolderProblem(dir: string): { problem: string | null; dtype: "fp32" | "q8" } {
  const size = (f: string) => {
    try {
      const s = Deno.statSync(`${dir}/${f}`);
      return s.isFile ? s.size : -1;
    } catch {
      return -1;
    }
  };
  for (const f of ["config.json", "tokenizer.json"]) {
    if (size(f) < 0) return { problem: `${dir}/${f} is missing`, dtype: "fp32" };
    try {
      JSON.parse(Deno.readTextFileSync(`${dir}/${f}`));
    } catch (e) {
      return { problem: `${dir}/${f} is not valid JSON (${(e as Error).message})`, dtype: "fp32" };
    }
  }
  const fp32 = size("onnx/model.onnx"), q8 = size("onnx/model_quantized.onnx");
  if (fp32 < 0 && q8 < 0) return { problem: `${dir}/onnx/model.onnx is missing`, dtype: "fp32" };
  const [file, bytes, dtype] = fp32 >= 0
    ? ["onnx/model.onnx", fp32, "fp32" as const]
    : ["onnx/model_quantized.onnx", q8, "q8" as const];
  if (bytes === 0) return { problem: `${dir}/${file} is empty`, dtype };
  return { problem: onnxFileProblem(`${dir}/${file}`), dtype };
}
