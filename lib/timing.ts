/**
 * Timing tensor work honestly: tfjs runs asynchronously on GPUs and lazily everywhere, so a
 * timing must wait for the result (`await data()`) and skip warm-up runs (kernel compilation).
 */
import * as tf from "@tensorflow/tfjs";
import { requireNumber } from "./errors.ts";

/** Median, min and all timings in seconds of `fn` after `warmup` untimed runs. */
export interface Timing {
  median: number;
  min: number;
  runs: number[];
}

/**
 * Time a tensor-producing function: waits for its result (asynchronously, which every backend
 * supports; WebGPU under Deno cannot read synchronously), disposes it, returns the stats.
 */
export async function timeTensorOp(
  fn: () => tf.Tensor,
  opts: { warmup?: number; repeats?: number } = {},
): Promise<Timing> {
  const warmup = requireNumber("timeTensorOp", "warmup", opts.warmup ?? 2, {
    integer: true,
    nonNegative: true,
  });
  const repeats = requireNumber("timeTensorOp", "repeats", opts.repeats ?? 5, {
    integer: true,
    positive: true,
  });
  const runs: number[] = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const t0 = performance.now();
    const out = fn();
    await out.data();
    const dt = (performance.now() - t0) / 1000;
    out.dispose();
    if (i >= warmup) runs.push(dt);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], runs };
}

/** GFLOP/s of an n×n by n×n matrix product that took `seconds` (2n³ floating-point ops). */
export function matmulGflops(n: number, seconds: number): number {
  requireNumber("matmulGflops", "n", n, { integer: true, positive: true });
  requireNumber("matmulGflops", "seconds", seconds, { positive: true });
  return (2 * n ** 3) / seconds / 1e9;
}
