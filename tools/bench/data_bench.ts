/**
 * Data-layer benchmarks: load and validate the 108k-row StockNet price file, build every
 * per-ticker feature with polars expressions, and cut [N, T, F] windows. The issue asks for
 * load + features under 2 s on the 2-core course machine. No reference implementation.
 */
import { loadStockNetPrices } from "../../lib/data/datasets_market.ts";
import { addNextTarget, addPriceFeatures } from "../../lib/data/features.ts";
import { makeWindows } from "../../lib/data/windows.ts";
import type { Benchmark, BenchResult } from "./types.ts";

function best(times: number[]): number {
  return Math.min(...times);
}

async function timed(runs: number, body: () => string): Promise<BenchResult> {
  const times: number[] = [];
  let note = "";
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    note = body();
    times.push((performance.now() - t0) / 1000);
    await Promise.resolve();
  }
  return {
    seconds: best(times),
    reference: null,
    referenceSeconds: null,
    note: `${note}; best of ${runs} (noisy shared CPU)`,
  };
}

/** The data-layer benchmarks run by `deno task bench`. */
export const benchmarks: Benchmark[] = [
  {
    name: "data: load+validate StockNet prices (108k rows)",
    run: () => timed(3, () => `${loadStockNetPrices().height} rows`),
  },
  {
    name: "data: load + features + targets, 88 tickers",
    run: () =>
      timed(3, () => {
        const df = addNextTarget(addPriceFeatures(loadStockNetPrices()), { col: "log_ret" });
        return `${df.height} rows x ${df.width} columns (target < 2 s)`;
      }),
  },
  {
    name: "data: windows T=20 F=4, all tickers",
    run: () => {
      const df = addNextTarget(addPriceFeatures(loadStockNetPrices()), { col: "log_ret" });
      return timed(1, () => {
        const w = makeWindows(df, {
          features: ["log_ret", "vol_20", "hl_range", "mom_5"],
          target: "log_ret",
          length: 20,
        });
        const shape = w.X.shape.join("x");
        w.dispose();
        return `X ${shape}`;
      });
    },
  },
];
