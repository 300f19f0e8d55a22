/**
 * JEPA: joint-embedding predictive architectures on financial sequences — encoders (GRU,
 * patch transformer), predictors, EMA target encoders, training, collapse diagnostics, latent
 * losses, saved encoders, and the course's sequence datasets. Import as
 * "@course/lib/jepa/mod.ts" or "@course/lib".
 */
export {
  createJepa,
  disposeJepa,
  embedSequences,
  type EncoderConfig,
  initJepaEncoder,
  type JepaConfig,
  type JepaEncoder,
  jepaEncoder,
  type JepaModel,
} from "./model.ts";
export { type JepaHistory, type JepaTrainOptions, trainJepa } from "./train.ts";
export { collapseDiagnostics, detectCollapse, effectiveRank } from "./diagnostics.ts";
export { latentLoss, sigregLoss, vicregTerms } from "./losses.ts";
export { loadEncoder, saveEncoder } from "./io.ts";
export { taiwanSequences } from "./credit_sequences.ts";
export { MARKET_WINDOW_FEATURES, marketWindows } from "./market_windows.ts";
