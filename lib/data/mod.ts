/**
 * Data: loaders of the real datasets in data/ (polars frames, validated), features, labels,
 * chronological splits, scalers fitted on training rows, statistics, samplers, and synthetic
 * generators (always labelled synthetic). Import as "@course/lib/data/mod.ts" or "@course/lib".
 */
export { DataNotFoundError, DataSchemaError } from "./data_errors.ts";
// loaders
export { loadGermanCredit, loadTaiwanCredit } from "./datasets_credit.ts";
export {
  loadDjia,
  loadNyseComposite,
  loadSp500Returns,
  loadStockNetPrices,
  loadStockTable,
  loadUsdChf30min,
  loadVix,
  type StockNetPriceOptions,
} from "./datasets_market.ts";
export { loadPhraseBank, loadStockNetTweets, loadTwitterFinancialNews } from "./datasets_text.ts";
export { loadCsv, type LoadCsvOptions } from "./csv.ts";
export { type TableSchema } from "./schema.ts";
// features, labels, joins, windows
export {
  addNextTarget,
  addPriceFeatures,
  logReturnExpr,
  momentumExpr,
  rollingVolExpr,
  simpleReturnExpr,
  zScoreExpr,
} from "./features.ts";
export { addCrossSectionalQuantiles, applyQuantileBins, fitQuantileBins } from "./labels.ts";
export { addMarketRelative, joinNextTradingDay } from "./joins.ts";
export { makeWindows, type TimeValue, type WindowOptions, type WindowSet } from "./windows.ts";
export { frameToTensor, tensorToFrame } from "./tensors.ts";
// splits (time order is sacred)
export {
  chronologicalSplit,
  describeSplit,
  type Fold,
  formatTime,
  purgedKFold,
  type SplitPart,
  stratifiedShuffleSplit,
  walkForwardFolds,
} from "./splits.ts";
// scalers (fit on the training part only)
export {
  quantileSorted,
  QuantileUniformScaler,
  RankGaussScaler,
  RobustScaler,
  StandardScaler,
  Winsorizer,
} from "./scalers.ts";
// statistics
export {
  autocorrelation,
  averageRanks,
  excessKurtosis,
  pearsonCorrelation,
  pearsonKurtosis,
  rollingStd,
  seriesMean,
  seriesStd,
  skewness,
  spearmanCorrelation,
} from "./stats.ts";
export { normalCdf, normalPdf, normalQuantile } from "./normal.ts";
// mini-batches (a PyTorch-style DataLoader over row indices)
export { type Batch, batchIndices, type BatchOptions, DataLoader } from "./batches.ts";
// samplers for contrastive learning
export {
  classBalancedBatches,
  mineHardNegatives,
  samplePairs,
  sampleTriplets,
} from "./samplers.ts";
// synthetic data (labelled synthetic)
export {
  simulateGarch,
  simulateGbm,
  simulateJumpDiffusion,
  simulateRegimeSwitching,
} from "./synthetic.ts";
export { simulateCorrelatedAssets, syntheticPriceFrame } from "./synthetic_multi.ts";
