/**
 * Synchronous tensor reads and WebGPU. Under Deno, tfjs-backend-webgpu cannot read a tensor
 * synchronously (`dataSync`, `arraySync`, `bufferSync`, `print` fail with an obscure canvas
 * error), so course code reads with `await t.data()` / `await t.array()`. This module makes that
 * failure say what to do, can forbid synchronous reads on any backend (COURSE_SYNC_READS=forbid:
 * the notebook tests run so, which keeps every notebook WebGPU-safe on a CPU-only machine), and
 * gives host-only code (wasm/cpu kernels written in JS) a read that the ban does not cover.
 */
import * as tf from "@tensorflow/tfjs";

const METHODS = ["dataSync", "arraySync", "bufferSync"] as const;
type Method = typeof METHODS[number];
type Proto = Record<Method, (this: tf.Tensor) => unknown>;

const ORIGINAL: Proto = Object.fromEntries(
  METHODS.map((m) => [m, (tf.Tensor.prototype as unknown as Proto)[m]]),
) as Proto;

/** The advice given when a synchronous read is refused. */
export function syncReadMessage(method: Method, why: string): string {
  const async = method === "arraySync" ? "array" : method === "bufferSync" ? "buffer" : "data";
  return `tensor.${method}(): ${why}; read with \`await tensor.${async}()\` instead`;
}

/** How synchronous reads behave now: "allowed", "explained" (WebGPU) or "forbidden". */
export type SyncReadMode = "allowed" | "explained" | "forbidden";
let mode: SyncReadMode = "allowed";

/** The current synchronous-read mode. */
export function syncReadMode(): SyncReadMode {
  return mode;
}

/**
 * Set how synchronous reads behave: "forbidden" throws on every backend (a test of WebGPU
 * safety), "explained" keeps them but rethrows their failure with advice (used on WebGPU),
 * "allowed" restores tfjs's own methods.
 */
export function setSyncReads(next: SyncReadMode): void {
  if (next !== "allowed" && next !== "explained" && next !== "forbidden") {
    throw new Error(
      `setSyncReads: argument 'next' expected "allowed", "explained" or "forbidden", received ${
        JSON.stringify(next)
      }`,
    );
  }
  const proto = tf.Tensor.prototype as unknown as Proto;
  for (const m of METHODS) {
    const original = ORIGINAL[m];
    if (next === "allowed") proto[m] = original;
    else if (next === "forbidden") {
      proto[m] = function () {
        throw new Error(
          syncReadMessage(
            m,
            "synchronous reads are forbidden (COURSE_SYNC_READS=forbid, as WebGPU)",
          ),
        );
      };
    } else {
      proto[m] = function (this: tf.Tensor) {
        try {
          return original.call(this);
        } catch (e) {
          const why = `synchronous reads fail on WebGPU under Deno (${
            e instanceof Error ? e.message : String(e)
          })`;
          throw new Error(syncReadMessage(m, why));
        }
      };
    }
  }
  mode = next;
}

/**
 * Read a tensor's values synchronously in code that runs only on host backends (wasm, cpu),
 * e.g. kernels written in JS; throws elsewhere. Not affected by `setSyncReads`.
 */
export function hostRead(t: tf.Tensor): tf.TypedArray {
  const backend = tf.getBackend();
  if (backend !== "wasm" && backend !== "cpu") {
    throw new Error(`hostRead: host-memory backends only (wasm, cpu), not ${backend}`);
  }
  return ORIGINAL.dataSync.call(t) as tf.TypedArray;
}
