/**
 * `deno task bench --only jepa` / `--only world`: one training epoch of chapter 07's two JEPA
 * runs (full-mode configs: 24000 sequences of 6×8, batch 256, AdamW 2e-3, EMA τ 0.99, VICReg)
 * with `trainJepa`, and one epoch of chapter 08's GP world model with `trainWorldModel`, each
 * against a hand-written PyTorch twin (torch_jepa.py, torch_world.py; CPU, 2 threads) whose
 * weight count must equal ours (the bench throws otherwise). Inputs are synthetic (standard
 * normal) tensors of the chapters' shapes: the time of an epoch does not depend on the values.
 * Best epoch after a warm-up epoch, on both sides.
 */
import * as tf from "@tensorflow/tfjs";
import { createJepa, disposeJepa, type JepaConfig } from "../../lib/jepa/model.ts";
import { trainJepa } from "../../lib/jepa/train.ts";
import {
  createWorldModel,
  disposeWorldModel,
  type WorldModelConfig,
} from "../../lib/jepa/world/model.ts";
import { trainWorldModel } from "../../lib/jepa/world/train.ts";
import { countParams } from "../../lib/nn/params.ts";
import { Rng } from "../../lib/random.ts";
import { type Benchmark, type BenchResult, runPythonReference } from "./types.ts";

const SCRIPT = new URL("./torch_jepa.py", import.meta.url).pathname;
/** The world model's PyTorch twin. */
export const WORLD_SCRIPT = new URL("./torch_world.py", import.meta.url).pathname;
/** Timed epochs after the warm-up epoch. */
const REPEATS = 2;
/** Chapter 07 full mode: the 24000 training clients, 6 months × 8 features. */
const N = 24000;
const D_MODEL = 32;
const SEED = 42;

/** Chapter 07's GRU run (notebooks/07_jepa.nb.ts, full mode). */
export const GRU_CONFIG: JepaConfig = {
  encoder: {
    kind: "gru",
    inputDim: 8,
    hidden: D_MODEL,
    layers: 1,
    bidirectional: true,
    dModel: D_MODEL,
  },
  predictor: { kind: "mlp", hidden: 2 * D_MODEL, dropout: 0.1, maxHorizon: 2 },
  objective: { kind: "shift", maxHorizon: 2 },
  target: "ema",
  loss: "mse",
  vicreg: { variance: 1, covariance: 0.04 },
  seed: SEED,
};

/** Chapter 07's patch-Transformer run (TS-JEPA, full mode). */
export const PATCH_CONFIG: JepaConfig = {
  encoder: {
    kind: "patch",
    inputDim: 8,
    seqLen: 6,
    patchLen: 1,
    dModel: D_MODEL,
    depth: 2,
    heads: 4,
    positions: "learned",
  },
  predictor: { kind: "transformer", dim: D_MODEL, depth: 1, heads: 4 },
  objective: { kind: "mask", maskRatio: 0.5, strategy: "random" },
  target: "ema",
  loss: "mse",
  vicreg: { variance: 1, covariance: 0.04 },
  seed: SEED,
};

/** Chapter 08's world model on the simulated GP market (notebooks/08_world_model.nb.ts). */
export const WORLD_CONFIG: WorldModelConfig = {
  encoder: {
    kind: "patch",
    inputDim: 2,
    seqLen: 8,
    patchLen: 4,
    dModel: 16,
    depth: 1,
    heads: 2,
    positions: "learned",
  },
  actions: { nAssets: 2, weights: "real" },
  actionDim: 8,
  predictor: { depth: 1, heads: 2 },
  context: 2,
  headHidden: 0,
  inverseDynamics: true,
  seed: SEED,
};

const fmt = (xs: number[]) => xs.map((s) => s.toFixed(2)).join("/");

/** Seconds of each `trainJepa` epoch on synthetic [n, 6, 8] sequences (the first: warm-up), and
 * the number of trained weights. */
export async function jepaEpochSeconds(
  config: JepaConfig,
  n: number,
  epochs: number,
): Promise<{ seconds: number[]; params: number }> {
  const r = new Rng(3);
  const x = tf.tensor3d(Float32Array.from(r.normals(n * 6 * 8)), [n, 6, 8]);
  const model = createJepa(config);
  try {
    const h = await trainJepa(model, x, {
      epochs,
      batchSize: 256,
      lr: 2e-3,
      tau: 0.99,
      seed: SEED,
    });
    return { seconds: h.epochs.map((e) => e.seconds), params: countParams(model.params) };
  } finally {
    disposeJepa(model);
    x.dispose();
  }
}

/** Seconds of each `trainWorldModel` epoch on synthetic GP-shaped data of `days` days (the
 * first: warm-up), and the number of trained weights. */
export async function worldEpochSeconds(
  days: number,
  epochs: number,
): Promise<{ seconds: number[]; params: number }> {
  const r = new Rng(5);
  const obs = tf.tensor3d(Float32Array.from(r.normals(days * 8 * 2)), [days, 8, 2]);
  const actions = tf.tensor2d(Float32Array.from(r.normals(days * 2)), [days, 2]);
  const nextReturns = tf.tensor2d(Float32Array.from(r.normals(days * 2, 0, 0.01)), [days, 2]);
  const model = createWorldModel(WORLD_CONFIG);
  try {
    const logs = await trainWorldModel(model, { obs, actions, nextReturns }, {
      epochs,
      batchSize: 256,
      lr: 2e-3,
      k: 2,
      seed: SEED,
    });
    return { seconds: logs.map((l) => l.seconds), params: countParams(model.params) };
  } finally {
    disposeWorldModel(model);
    tf.dispose([obs, actions, nextReturns]);
  }
}

/** What a PyTorch twin reports. */
export interface TorchRun {
  seconds: number;
  epochs: number[];
  params: number;
  /** The same epochs at another thread count (torch_world.py's THREADS2), when asked. */
  epochs2?: number[];
}

const torchRuns = new Map<string, Promise<TorchRun | null>>();

/** Chapter 08: 12000 simulated days less the 8-day observation window. */
const WORLD_DAYS = 11992;

/** The PyTorch twin's epochs (run once per process: bench runs a fast benchmark twice). */
function torchTwin(kind: "gru" | "patch" | "world"): Promise<TorchRun | null> {
  if (!torchRuns.has(kind)) {
    const [script, args] = kind === "world"
      ? [WORLD_SCRIPT, [String(WORLD_DAYS), String(REPEATS), "2", "1"]]
      : [SCRIPT, [kind, String(N), String(REPEATS), "2"]];
    torchRuns.set(
      kind,
      runPythonReference(script, args, "torch").then((out) =>
        out ? JSON.parse(out.stdout.trim().split("\n").at(-1)!) as TorchRun : null
      ),
    );
  }
  return torchRuns.get(kind)!;
}

/** The twin's weight count (the `params` mode of torch_world.py), null without torch. */
export async function torchWorldParams(): Promise<number | null> {
  const out = await runPythonReference(WORLD_SCRIPT, ["params"], "torch");
  return out
    ? (JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { params: number }).params
    : null;
}

/** Throw unless the twin trains as many weights as the course model (a drifting twin). */
export function requireSameParams(what: string, ours: number, ref: TorchRun | null): void {
  if (ref && ref.params !== ours) {
    throw new Error(
      `${what}: the PyTorch twin trains ${ref.params} weights, the course model ${ours}: ` +
        "the twin no longer mirrors the model",
    );
  }
}

async function jepaBench(kind: "gru" | "patch"): Promise<BenchResult> {
  const config = kind === "gru" ? GRU_CONFIG : PATCH_CONFIG;
  const run = await jepaEpochSeconds(config, N, REPEATS + 1);
  const times = run.seconds.slice(1);
  const ref = await torchTwin(kind);
  requireSameParams(`jepa ${kind}`, run.params, ref);
  const steps = Math.floor(N / 256);
  const what = kind === "gru"
    ? "bi-GRU 32 + MLP predictor, shift objective"
    : "patch-Transformer (6 tokens, depth 2) + Transformer predictor, mask 0.5";
  return {
    seconds: Math.min(...times),
    reference: ref ? "pytorch-cpu-2threads" : null,
    referenceSeconds: ref?.seconds ?? null,
    note: `synthetic ${N}x6x8, ${steps} steps of 256; ${what}; EMA, VICReg, AdamW, clip; ` +
      `s/epoch after warm-up: tfjs ${fmt(times)}` +
      (ref
        ? `; torch ${fmt(ref.epochs)}; weights tfjs ${run.params}, torch ${ref.params}`
        : "; torch not installed in /usr/bin/python3"),
  };
}

async function worldBench(): Promise<BenchResult> {
  const run = await worldEpochSeconds(WORLD_DAYS, REPEATS + 1);
  const times = run.seconds.slice(1);
  const ref = await torchTwin("world");
  requireSameParams("world model", run.params, ref);
  const steps = Math.floor((WORLD_DAYS - 4 + 1) / 256);
  return {
    seconds: Math.min(...times),
    reference: ref ? "pytorch-cpu-2threads" : null,
    referenceSeconds: ref?.seconds ?? null,
    note: `synthetic ${WORLD_DAYS} days of 8x2 windows, ${steps} steps of 256 runs of L+K=2+2 ` +
      "days; patch encoder + AdaLN-zero RoPE predictor, teacher + K=2 rollout loss, SIGReg, " +
      "heads, inverse dynamics; AdamW, clip; twin's loss and gradient equal ours (tested); " +
      `s/epoch after warm-up: tfjs ${fmt(times)}` +
      (ref
        ? `; torch ${fmt(ref.epochs)} (1 thread: ${fmt(ref.epochs2 ?? [])}); ` +
          `weights tfjs ${run.params}, torch ${ref.params}`
        : "; torch not installed in /usr/bin/python3"),
  };
}

/** Chapter 07's and 08's training epochs. */
export const benchmarks: Benchmark[] = [
  { name: "jepa gru epoch (ch07 full config)", fast: true, run: () => jepaBench("gru") },
  {
    name: "jepa patch-transformer epoch (ch07 full config)",
    fast: true,
    run: () => jepaBench("patch"),
  },
  {
    name: "world model epoch (ch08 GP config)",
    fast: true,
    run: worldBench,
  },
];
