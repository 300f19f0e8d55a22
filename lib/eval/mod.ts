/**
 * Evaluation: metrics (scikit-learn's definitions), baselines, probes, similarity and PCA of
 * embeddings, and the protocols every chapter shares — walk-forward evaluation, cross-sectional
 * IC and quantile spreads with t-statistics, permutation tests, ablations over seeds, and model
 * outputs as arrays. Import as "@course/lib/eval/mod.ts" or "@course/lib".
 */
// metrics and baselines (a baseline is always fit on training labels only)
export {
  accuracyScore,
  type ClassScores,
  confusionMatrix,
  logLoss,
  precisionRecallF1,
} from "./metrics.ts";
export { classificationReport } from "./classification_report.ts";
export { rocAucScore, rocCurve } from "./roc.ts";
export { bootstrapCi, rocAucCi } from "./bootstrap.ts";
export {
  hitRate,
  informationCoefficient,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from "./regression.ts";
export { majorityClassAccuracy, MajorityClassifier } from "./baselines.ts";
// embeddings: probes, similarity, clustering, PCA
export { linearProbe, type ProbeResult } from "./probe.ts";
export {
  avgSimilarityByGroup,
  cosineGapStatistic,
  knnAccuracy,
  knnReturnIc,
  nearestNeighbors,
} from "./similarity.ts";
export { kMeans, silhouetteSamples, silhouetteScore } from "./clustering.ts";
export { covarianceMatrix, type Pca, pca } from "./pca.ts";
// protocols
export { predictArray, predictClasses, type Predictor, predictRows } from "./predict.ts";
export {
  type FoldPrediction,
  walkForwardEvaluate,
  type WalkForwardFold,
  type WalkForwardResult,
  walkForwardSplits,
} from "./walk_forward.ts";
export { crossSectionalIc, type MeanTStat, meanTStat, quantileSpread } from "./cross_section.ts";
export { type PermutationResult, permutationTest } from "./permutation.ts";
export { ablate, type AblationRow } from "./ablation.ts";
