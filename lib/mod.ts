/**
 * The course library's public face: notebooks write `import { ... } from "@course/lib"`.
 * Each line re-exports one module; names are unique across modules.
 */
export * from "./errors.ts";
export * from "./random.ts";
export * from "./config.ts";
export * from "./report.ts";
export * from "./backend.ts";
export * from "./timing.ts";
export * from "./data/data_errors.ts";
export * from "./data/schema.ts";
export * from "./data/csv.ts";
export * from "./data/datasets_market.ts";
export * from "./data/datasets_text.ts";
export * from "./data/datasets_credit.ts";
export * from "./data/stats.ts";
export * from "./data/normal.ts";
export * from "./data/features.ts";
export * from "./data/windows.ts";
export * from "./data/splits.ts";
export * from "./data/scalers.ts";
export * from "./data/labels.ts";
export * from "./data/synthetic.ts";
export * from "./data/synthetic_multi.ts";
export * from "./data/joins.ts";
export * from "./data/tensors.ts";
export * from "./models/mlp.ts";
export * from "./train/schedules.ts";
export * from "./train/guards.ts";
export * from "./train/objectives.ts";
export * from "./train/step_optimizer.ts";
export * from "./train/callbacks.ts";
export * from "./train/weights.ts";
export * from "./train/evaluate.ts";
export * from "./train/loop.ts";
