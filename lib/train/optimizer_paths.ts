/**
 * The hiker in a foggy valley: run SGD, momentum and Adam (tfjs's own optimisers) from the
 * same start on a 2-D loss surface and record where each one walks. Surfaces: Rosenbrock's
 * banana valley and an elongated valley; `gradNoise` adds seeded Gaussian noise to every
 * gradient, the way a mini-batch gradient is a noisy estimate of the full one.
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";

/** A 2-D loss surface: tensor form for gradients, number form for contour grids. */
export interface LossSurface {
  name: string;
  /** Elementwise loss of tensors x, y (same shape). */
  tensor: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor;
  /** Loss at one point (float64). */
  value: (x: number, y: number) => number;
  /** Where the minimum is. */
  minimum: [number, number];
  /** A customary start. */
  start: [number, number];
  /** Plot ranges that show the start and the minimum. */
  xRange: [number, number];
  yRange: [number, number];
}

/** Rosenbrock's function (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1). */
export const ROSENBROCK: LossSurface = {
  name: "Rosenbrock",
  tensor: (x, y) =>
    tf.tidy(() => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x)))))),
  value: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  minimum: [1, 1],
  start: [-1.2, 1],
  xRange: [-2, 2],
  yRange: [-1, 3],
};

/** An elongated valley 0.05 x² + 2 y² (condition number 40), minimum 0 at (0, 0). */
export const VALLEY: LossSurface = {
  name: "valley",
  tensor: (x, y) => tf.tidy(() => tf.add(tf.mul(0.05, tf.square(x)), tf.mul(2, tf.square(y)))),
  value: (x, y) => 0.05 * x * x + 2 * y * y,
  minimum: [0, 0],
  start: [-8, 1.5],
  xRange: [-9, 3],
  yRange: [-2.5, 2.5],
};

/** One optimiser to run: tfjs's sgd, momentum (heavy ball) or adam with its settings. */
export interface OptimizerRun {
  name: string;
  kind: "sgd" | "momentum" | "adam";
  lr: number;
  /** Momentum coefficient (momentum only, default 0.9). */
  momentum?: number;
}

/** An optimiser's walk: points visited (start first) and the loss at each. */
export interface OptimizerPath {
  name: string;
  x: number[];
  y: number[];
  loss: number[];
}

/** Options of `runOptimizerPaths`. */
export interface OptimizerPathsOptions {
  /** Start point (default: the surface's). */
  start?: [number, number];
  /** Number of updates (default 1000). */
  steps?: number;
  /** Optimisers (default: SGD, momentum and Adam tuned for Rosenbrock). */
  runs?: readonly OptimizerRun[];
  /** Std of Gaussian noise added to each gradient component (default 0). */
  gradNoise?: number;
  /** Seed of the gradient noise (each optimiser sees the same noise sequence). */
  seed?: number;
}

/** Default runs: step sizes that are stable on Rosenbrock from (-1.2, 1). */
export const DEFAULT_OPTIMIZER_RUNS: readonly OptimizerRun[] = [
  { name: "SGD", kind: "sgd", lr: 1e-3 },
  { name: "momentum", kind: "momentum", lr: 1e-3, momentum: 0.9 },
  { name: "Adam", kind: "adam", lr: 0.1 },
];

function makeTfOptimizer(run: OptimizerRun, i: number): tf.Optimizer {
  const fn = "runOptimizerPaths";
  require(run !== null && typeof run === "object", fn, `runs[${i}]`, "{name, kind, lr}", run);
  requireNumber(fn, `runs[${i}].lr`, run.lr, { positive: true });
  if (run.kind === "sgd") return tf.train.sgd(run.lr);
  if (run.kind === "momentum") {
    const m = requireNumber(fn, `runs[${i}].momentum`, run.momentum ?? 0.9, { min: 0, max: 1 });
    return tf.train.momentum(run.lr, m);
  }
  if (run.kind === "adam") return tf.train.adam(run.lr);
  throw new CourseInputError(
    fn,
    `runs[${i}].kind`,
    '"sgd", "momentum" or "adam"',
    String(run.kind),
  );
}

/**
 * Run each optimiser from the same start for `steps` updates and return the paths. The values
 * stay on the device until the end and are then read once with `await data()` (any backend).
 */
export async function runOptimizerPaths(
  surface: LossSurface,
  opts: OptimizerPathsOptions = {},
): Promise<OptimizerPath[]> {
  const fn = "runOptimizerPaths";
  require(
    surface !== null && typeof surface === "object" && typeof surface.tensor === "function",
    fn,
    "surface",
    "a LossSurface (e.g. ROSENBROCK)",
    surface,
  );
  const start = opts.start ?? surface.start;
  require(
    Array.isArray(start) && start.length === 2 && start.every(Number.isFinite),
    fn,
    "start",
    "[x, y] with finite numbers",
    start,
  );
  const steps = requireNumber(fn, "steps", opts.steps ?? 1000, { integer: true, min: 1 });
  const noise = requireNumber(fn, "gradNoise", opts.gradNoise ?? 0, { nonNegative: true });
  const runs = opts.runs ?? DEFAULT_OPTIMIZER_RUNS;
  require(Array.isArray(runs) && runs.length > 0, fn, "runs", "a non-empty array of runs", runs);
  const paths: OptimizerPath[] = [];
  for (const [i, run] of runs.entries()) {
    const optimizer = makeTfOptimizer(run, i);
    const rng = new Rng(opts.seed ?? DEFAULT_SEED);
    const p = tf.tidy(() => tf.variable(tf.tensor1d(start), true));
    const lossOf = () => tf.sum(surface.tensor(p.slice(0, 1), p.slice(1, 1))) as tf.Scalar;
    const losses: tf.Tensor[] = [];
    const points: tf.Tensor[] = [];
    try {
      for (let s = 0; s < steps; s++) {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(lossOf, [p]);
          losses.push(tf.keep(value));
          let g = grads[p.name];
          if (noise > 0) g = tf.add(g, tf.tensor1d([rng.normal(0, noise), rng.normal(0, noise)]));
          optimizer.applyGradients({ [p.name]: g });
          points.push(tf.keep(p.clone()));
        });
      }
      const [lossT, pointT] = tf.tidy(() => [tf.stack(losses), tf.stack(points)]);
      const [lossV, pointV] = await Promise.all([lossT.data(), pointT.data()]);
      tf.dispose([lossT, pointT]);
      const path: OptimizerPath = { name: run.name, x: [start[0]], y: [start[1]], loss: [] };
      for (let s = 0; s < steps; s++) {
        path.loss.push(lossV[s]);
        path.x.push(pointV[2 * s]);
        path.y.push(pointV[2 * s + 1]);
      }
      path.loss.push(surface.value(path.x[steps], path.y[steps]));
      paths.push(path);
    } finally {
      tf.dispose([...losses, ...points]);
      p.dispose();
      optimizer.dispose();
      // tfjs 4.22's MomentumOptimizer.dispose skips its parent's learning-rate scalar `c`
      const c = (optimizer as unknown as { c?: tf.Tensor }).c;
      if (c && !c.isDisposed) c.dispose();
    }
  }
  return paths;
}
