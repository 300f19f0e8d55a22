/**
 * The course library's public face: notebooks, exercises, solutions and tools write
 * `import { ... } from "@course/lib"`. One block per area; areas with a folder of their own
 * also have a sub-entry point ("@course/lib/data/mod.ts", ".../eval/mod.ts", ".../nlp/mod.ts",
 * ".../plot/mod.ts", ".../jepa/mod.ts", ".../jepa/world/mod.ts", ".../losses/mod.ts",
 * ".../finance/mod.ts", ".../portfolio/mod.ts").
 * Internals (input checks, sync-read switches, kernel patches, solvers) are not exported here;
 * tests import them by file path.
 *
 * Importing this module starts the tfjs backend (the best that works here, or COURSE_BACKEND),
 * so a plain `deno run` script needs no set-up; `deviceBanner()` shows which one runs.
 */
import { ensureBackend } from "./backend.ts";

// ── set-up: backend, modes, paths, seeds, reporting, errors ──────────────────────────────
export {
  type BackendInfo,
  backendInfo,
  type BackendName,
  deviceBanner,
  ensureBackend,
  initBackend,
  useBackend,
} from "./backend.ts";
export { byMode, coursePath, isQuick } from "./config.ts";
export { DEFAULT_SEED, Rng, rng } from "./random.ts";
export { report } from "./report.ts";
export {
  compareEstimates,
  comparePairedLosses,
  type Estimate,
  fmt,
  Markdown,
  markdownFrom,
  md,
  proportionSe,
  type Verdict,
  withInterval,
} from "./report/commentary.ts";
export { CourseInputError } from "./errors.ts";
export { matmulGflops, timeTensorOp } from "./timing.ts";

// ── data: loaders, features, splits, scalers, statistics, samplers, synthetic ────────────
export * from "./data/mod.ts";

// ── models (lib/models, lib/nn) ───────────────────────────────────────────────────────────
export {
  buildMlp,
  disposeMlpParams,
  type MlpConfig,
  mlpForward,
  type MlpParams,
  mlpParams,
  mlpVariables,
} from "./models/mlp.ts";
export {
  buildResidualMlp,
  residualMlpForward,
  residualMlpParams,
  residualMlpVariables,
} from "./models/residual.ts";
export {
  disposeProjectionParams,
  projectionForward,
  type ProjectionParams,
  projectionParams,
  projectionVariables,
} from "./models/projection.ts";
export { buildSequenceRnn, buildTextRnn } from "./models/recurrent.ts";
export { courseEmbedding } from "./models/embedding.ts";
export { CourseLSTM } from "./models/lstm.ts";
export { lstmTrace } from "./models/lstm_trace.ts";
export { SeededDropout, seededDropout } from "./models/seeded_dropout.ts";
export { fitLogisticRegression, LogisticRegression } from "./models/logistic.ts";
export { multiHeadSelfAttention } from "./nn/attention.ts";
export {
  ACTIVATION_NAMES,
  type ActivationCurve,
  activationCurve,
  type ActivationName,
  type ActivationPair,
  activationPair,
  LEAKY_RELU_ALPHA,
  linspace,
} from "./nn/activations.ts";
export { loadLayersModelFromDir, saveLayersModelToDir } from "./io/layers_file.ts";
export {
  type Activation,
  applyActivation,
  countParams,
  dense,
  type DenseVars,
  denseVars,
  disposeParams,
  disposeVariables,
  gelu,
  geluErf,
  glorotUniform,
  layerNorm,
  layerNormForward,
  linear,
  type NormVars,
  normVars,
  ParamInit,
  type ParamMap,
} from "./nn/params.ts";

// ── training (lib/train) ──────────────────────────────────────────────────────────────────
export {
  type FunctionalModel,
  type LossModel,
  train,
  type TrainBatch,
  type TrainData,
  type TrainHistory,
  type TrainOptions,
} from "./train/loop.ts";
export { consoleProgress, EarlyStopper, silentProgress } from "./train/callbacks.ts";
export { fastPaths, setFastPaths } from "./fast/switch.ts";
export { fitOptimizer } from "./fast/fit_optimizer.ts";
export { enableFastFit, hasFastFit } from "./fast/fast_fit.ts";
export {
  constantLr,
  linearWarmup,
  sampleSchedule,
  stepDecay,
  warmupCosine,
} from "./train/schedules.ts";
export { clipByGlobalNorm, globalNorm } from "./train/guards.ts";
export { collectVariables } from "./train/weights.ts";
export { constantTau, cosineTau, EmaCallback, emaUpdate, stopGradient } from "./train/ema.ts";
export { minimizeLbfgs } from "./train/lbfgs.ts";
export { ROSENBROCK, runOptimizerPaths, VALLEY } from "./train/optimizer_paths.ts";

// ── losses ────────────────────────────────────────────────────────────────────────────────
export * from "./losses/mod.ts";

// ── evaluation: metrics, baselines, probes, PCA, protocols ───────────────────────────────
export * from "./eval/mod.ts";

// ── text: sentiment, embeddings, vocabularies ─────────────────────────────────────────────
export * from "./nlp/mod.ts";

// ── JEPA ──────────────────────────────────────────────────────────────────────────────────
export * from "./jepa/mod.ts";

// ── world model (chapter 08): action-conditioned JEPA ─────────────────────────────────────
export * from "./jepa/world/mod.ts";

// ── portfolios: backtests after costs, Sharpe inference, optimisers, planners ────────────
export * from "./portfolio/mod.ts";

// ── finance ───────────────────────────────────────────────────────────────────────────────
export * from "./finance/mod.ts";

// ── figures and tables ───────────────────────────────────────────────────────────────────
export * from "./plot/mod.ts";

await ensureBackend();
