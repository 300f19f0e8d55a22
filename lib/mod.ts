/**
 * The course library's public face: notebooks write `import { ... } from "@course/lib"`.
 * Each line re-exports one module; names are unique across modules.
 */
export * from "./errors.ts";
export * from "./random.ts";
export * from "./config.ts";
export * from "./report.ts";
export * from "./backend.ts";
export * from "./sync_reads.ts";
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
export {
  type Activation,
  applyActivation,
  type DenseVars,
  denseVars,
  disposeVariables,
  glorotUniform,
  layerNormForward,
  linear,
  type NormVars,
  normVars,
} from "./nn/params.ts";
export * from "./train/schedules.ts";
export * from "./train/guards.ts";
export * from "./train/objectives.ts";
export * from "./train/step_optimizer.ts";
export * from "./train/callbacks.ts";
export * from "./train/weights.ts";
export * from "./train/evaluate.ts";
export * from "./train/loop.ts";
export * from "./nlp/types.ts";
export * from "./nlp/use_tokenizer.ts";
export * from "./nlp/use_encoder.ts";
export * from "./nlp/pooling.ts";
export * from "./nlp/cache.ts";
export * from "./nlp/phrasebank.ts";
export * from "./nlp/eval.ts";
export * from "./nlp/sentiment_head.ts";
export * from "./nlp/course_sentiment.ts";
export * from "./nlp/hf_models.ts";
export * from "./nlp/hf_pipeline.ts";
export * from "./nlp/progress.ts";
export * from "./nlp/sentiment.ts";
export * from "./nlp/embed.ts";
export * from "./nlp/vocab.ts";
export * from "./models/embedding.ts";
export * from "./models/lstm.ts";
export * from "./models/lstm_trace.ts";
export * from "./models/recurrent.ts";
export * from "./nlp/predict.ts";
export * from "./plot/figure.ts";
export * from "./plot/plotly_bundle.ts";
export * from "./plot/theme.ts";
export * from "./plot/line.ts";
export * from "./plot/scatter.ts";
export * from "./plot/bar.ts";
export * from "./plot/heatmap.ts";
export * from "./plot/timeline.ts";
export * from "./plot/histogram.ts";
export * from "./plot/qq.ts";
export * from "./plot/grid.ts";
export * from "./plot/contour.ts";
export * from "./plot/surface.ts";
export * from "./plot/subplots.ts";
export * from "./plot/history.ts";
export * from "./plot/table.ts";
export * from "./train/progress.ts";
export * from "./plot/chromium.ts";
export * from "./plot/export.ts";
export * from "./losses/huber.ts";
export * from "./losses/contrastive.ts";
export * from "./models/residual.ts";
export * from "./models/projection.ts";
export * from "./eval/similarity.ts";
export * from "./models/seeded_dropout.ts";

export * from "./data/samplers.ts";
export * from "./eval/metrics.ts";
export * from "./eval/classification_report.ts";
export * from "./eval/roc.ts";
export * from "./eval/regression.ts";
export * from "./train/ema.ts";
export * from "./eval/clustering.ts";
export * from "./eval/bootstrap.ts";
export * from "./eval/probe.ts";
export * from "./jepa/diagnostics.ts";
export * from "./jepa/losses.ts";
export * from "./jepa/gru_encoder.ts";
export * from "./jepa/patch_encoder.ts";
export * from "./jepa/predictors.ts";
export * from "./jepa/model.ts";
export * from "./jepa/train.ts";
export * from "./jepa/io.ts";
export * from "./jepa/credit_sequences.ts";
export * from "./jepa/market_windows.ts";
export { pcaProject, symmetricEigen } from "./jepa/linalg.ts";
export { multiHeadSelfAttention } from "./nn/attention.ts";
export * from "./train/lbfgs.ts";
export * from "./models/logistic.ts";
export * from "./eval/baselines.ts";
export * from "./finance/black_scholes.ts";
export * from "./train/optimizer_paths.ts";
export { fastPaths, setFastPaths } from "./fast/switch.ts";
export * from "./jepa/objective.ts";
