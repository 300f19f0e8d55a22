/** A tiny world-model config and a toy day-aligned dataset for the world-model tests. */
import * as tf from "@tensorflow/tfjs";
import type { WorldModelConfig } from "../../../../lib/jepa/world/model.ts";
import type { WorldData } from "../../../../lib/jepa/world/train.ts";
import { Rng } from "../../../../lib/random.ts";

/** 2 assets, simplex weights, signals and hedge; encoder over 8 days of 2 features. */
export function tinyConfig(over: Partial<WorldModelConfig> = {}): WorldModelConfig {
  return {
    encoder: {
      kind: "patch",
      inputDim: 2,
      seqLen: 8,
      patchLen: 4,
      dModel: 8,
      depth: 1,
      heads: 2,
      positions: "learned",
    },
    actions: { nAssets: 2, weights: "simplex", signals: true, hedge: true },
    actionDim: 8,
    predictor: { depth: 1, heads: 2 },
    context: 3,
    headHidden: 16,
    seed: 11,
    ...over,
  };
}

/**
 * Synthetic toy market (labelled synthetic): two AR(1) signals f (φ = 0.9); the next-day return
 * of asset i is 0.5·f_i + noise; the observation of day t is the last 8 days of f. Returns the
 * data and the true conditional means 0.5·f_t.
 */
export function toyData(n: number, seed = 1): { data: WorldData; trueMu: number[][] } {
  const rng = new Rng(seed);
  const days = n + 8;
  const f: number[][] = [[0, 0]];
  for (let t = 1; t < days + 1; t++) f.push(f[t - 1].map((v) => 0.9 * v + 0.44 * rng.normal()));
  const obs: number[][][] = [];
  const next: number[][] = [];
  const mu: number[][] = [];
  const acts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = i + 7;
    obs.push(f.slice(t - 7, t + 1));
    mu.push(f[t].map((v) => 0.5 * v));
    next.push(f[t].map((v) => 0.5 * v + 0.3 * rng.normal()));
    const w = rng.uniform();
    acts.push([w, 1 - w, 1, 0, 0, 0, 1, 0, rng.uniform() < 0.5 ? 1 : 0]);
  }
  return {
    data: {
      obs: tf.tensor3d(obs),
      actions: tf.tensor2d(acts),
      nextReturns: tf.tensor2d(next),
    },
    trueMu: mu,
  };
}

/** Dispose a toy dataset. */
export function disposeData(d: WorldData): void {
  tf.dispose([d.obs, d.actions, d.nextReturns]);
}
