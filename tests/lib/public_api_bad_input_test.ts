/**
 * Property over the public API (issue #19): every function "@course/lib" exports that computes
 * from numbers, arrays or tensors is called with a valid input and then with the same input
 * made bad (one NaN, one Infinity, emptied, or a second argument one element short). Each bad
 * call must throw a CourseInputError, or (where documented as `propagates`) return NaN — never a
 * finite number computed from NaN. Every other export is listed in EXEMPT with its reason, so a
 * new export must be classified here.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as lib from "../../lib/mod.ts";
import * as stats from "../../lib/data/stats.ts";
import * as histogram from "../../lib/plot/histogram.ts";
import * as bs from "../../lib/finance/black_scholes.ts";
import * as pooling from "../../lib/nlp/pooling.ts";
import * as similarity from "../../lib/eval/similarity.ts";
import * as pcaMod from "../../lib/eval/pca.ts";
import * as syntheticMulti from "../../lib/data/synthetic_multi.ts";

/**
 * Functions the curated "@course/lib" keeps internal but other library code feeds numbers:
 * checked here by file path, as the public ones are through the entry point.
 */
const INTERNAL: Record<string, unknown> = {
  rollingSkewness: stats.rollingSkewness,
  rollingPearsonKurtosis: stats.rollingPearsonKurtosis,
  rollingExcessKurtosis: stats.rollingExcessKurtosis,
  histogramCounts: histogram.histogramCounts,
  blackScholesTensor: bs.blackScholesTensor,
  l2Normalize: pooling.l2Normalize,
  unitRows: similarity.unitRows,
  symmetricEigen: pcaMod.symmetricEigen,
  leadingEigen: pcaMod.leadingEigen,
  cholesky: syntheticMulti.cholesky,
};
const API: Record<string, unknown> = { ...INTERNAL, ...lib };

await lib.initBackend();

type Kind = "nan" | "inf" | "empty" | "mismatch";

interface Case {
  /** The exported name. */
  fn: string;
  /** Valid arguments (made fresh for each call). */
  args: () => unknown[];
  /** NaN/Inf in, NaN out (documented on the function): allowed instead of an error. */
  propagates?: string;
  /** Kinds not applicable, with the reason. */
  skip?: Partial<Record<Kind, string>>;
  /** Index of the argument made bad (default: the first that holds numbers). */
  arg?: number;
}

const Y = [0, 1, 1, 0, 1, 0];
const S = [0.1, 0.8, 0.7, 0.3, 0.9, 0.2];
const R = [0.5, -1.2, 0.3, 2.1, -0.4, 0.9, 1.3, -0.7];
const M = [[1, 0.2, 0.1], [0.3, 1, 0.5], [0.2, 0.4, 1.5], [0.9, 0.1, 0.3]];
const SPD = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
const RET3 = [[0.01, -0.02, 0.005], [0.003, 0.01, -0.01], [-0.02, 0.015, 0.002], [0.01, 0, 0.01], [
  -0.005,
  0.02,
  -0.015,
]];
const W3 = RET3.map(() => [0.4, 0.35, 0.25]);
const t2 = () => tf.tensor2d(M);
const LOSS_PROP = "a tensor loss: NaN in, NaN loss out (the training guard stops on it)";

const CASES: Case[] = [
  { fn: "accuracyScore", args: () => [Y, [...Y]] },
  {
    fn: "maskTokens",
    args: () => [[[101, 2000, 2001, 102]], { rng: lib.rng(1) }],
    skip: { empty: "no rows: nothing to mask, no rows back", mismatch: "one array argument" },
  },
  { fn: "meanSquaredError", args: () => [R, [...R]] },
  { fn: "meanAbsoluteError", args: () => [R, [...R]] },
  { fn: "r2Score", args: () => [R, R.map((v) => v * 0.9)] },
  { fn: "logLoss", args: () => [Y, S] },
  { fn: "rocAucScore", args: () => [Y, S] },
  { fn: "rocCurve", args: () => [Y, S] },
  { fn: "informationCoefficient", args: () => [R, R.map((v, i) => v + i)] },
  { fn: "pearsonCorrelation", args: () => [R, R.map((v, i) => v * i)] },
  { fn: "spearmanCorrelation", args: () => [R, R.map((v, i) => v * i)] },
  { fn: "confusionMatrix", args: () => [Y, [...Y]] },
  { fn: "precisionRecallF1", args: () => [Y, [...Y]] },
  { fn: "classificationReport", args: () => [Y, [...Y]] },
  { fn: "rocAucCi", args: () => [Y, S, { nBoot: 20 }] },
  {
    fn: "majorityClassAccuracy",
    args: () => [Y, [...Y]],
    skip: { mismatch: "train and test labels may differ in length" },
  },
  { fn: "seriesMean", args: () => [R] },
  { fn: "seriesStd", args: () => [R] },
  { fn: "skewness", args: () => [R] },
  { fn: "pearsonKurtosis", args: () => [R] },
  { fn: "excessKurtosis", args: () => [R] },
  { fn: "autocorrelation", args: () => [R, 2] },
  { fn: "rollingStd", args: () => [R, 3] },
  { fn: "rollingSkewness", args: () => [R, 3] },
  { fn: "rollingPearsonKurtosis", args: () => [R, 4] },
  { fn: "rollingExcessKurtosis", args: () => [R, 4] },
  { fn: "averageRanks", args: () => [R] },
  { fn: "quantileSorted", args: () => [[...R].sort((a, b) => a - b), 0.5] },
  { fn: "histogramCounts", args: () => [R, 4] },
  { fn: "fitQuantileBins", args: () => [R, 3] },
  { fn: "normalCdf", args: () => [0.3] },
  { fn: "normalPdf", args: () => [0.3] },
  { fn: "normalQuantile", args: () => [0.3] },
  {
    fn: "blackScholesPrice",
    args:
      () => [{ S: [100, 105], K: [100, 100], T: [0.5, 0.5], r: [0.01, 0.01], sigma: [0.2, 0.3] }],
  },
  {
    fn: "blackScholesGreeks",
    args:
      () => [{ S: [100, 105], K: [100, 100], T: [0.5, 0.5], r: [0.01, 0.01], sigma: [0.2, 0.3] }],
  },
  {
    fn: "blackScholesGreeksAutodiff",
    args:
      () => [{ S: [100, 105], K: [100, 100], T: [0.5, 0.5], r: [0.01, 0.01], sigma: [0.2, 0.3] }],
  },
  {
    fn: "blackScholesTensor",
    args: () => [100, 100, 0.5, 0.01, 0.2].map((v) => tf.tensor1d([v, v])),
    propagates: "a tensor formula for autodiff: NaN in, NaN price out",
    skip: { empty: "an empty batch of options prices to an empty tensor" },
  },
  {
    fn: "nearestNeighbors",
    args: () => [M, M, 2],
    skip: { mismatch: "queries and reference may hold different numbers of rows" },
  },
  { fn: "avgSimilarityByGroup", args: () => [M, [0, 0, 1, 1]] },
  { fn: "knnAccuracy", args: () => [{ train: { embeddings: M, values: [0, 0, 1, 1] }, k: 1 }] },
  { fn: "knnReturnIc", args: () => [{ train: { embeddings: M, values: R.slice(0, 4) }, k: 1 }] },
  { fn: "silhouetteSamples", args: () => [M, [0, 0, 1, 1]] },
  { fn: "softmaxRows", args: () => [[[1, 2, 3], [0, 0, 1]]] },
  { fn: "l2Normalize", args: () => [[3, 4]] },
  { fn: "cosineSimilarity", args: () => [[1, 2, 3], [2, 1, 0]] },
  { fn: "cosineMatrix", args: () => [[[1, 2], [2, 1], [0, 1]]] },
  { fn: "unitRows", args: () => [M] },
  { fn: "backtest", args: () => [W3, RET3, { costBps: 10 }] },
  { fn: "breakEvenCostBps", args: () => [W3, RET3] },
  { fn: "driftWeights", args: () => [[0.5, 0.3, 0.2], [0.01, -0.02, 0.03]] },
  { fn: "turnoverBetween", args: () => [[0.5, 0.3, 0.2], [0.4, 0.4, 0.2]] },
  { fn: "summarizeReturns", args: () => [R.map((v) => v / 100), R.map(() => 0.1)] },
  { fn: "sharpeStats", args: () => [R.map((v) => v / 100)] },
  { fn: "sharpeDiffTest", args: () => [R.map((v) => v / 100), R.map((v, i) => (v + i) / 100)] },
  {
    fn: "probabilisticSharpe",
    args: () => [0.1, 0, 100],
    skip: { empty: "numbers, not arrays", mismatch: "numbers, not arrays" },
  },
  {
    fn: "expectedMaxSharpe",
    args: () => [10, 0.01],
    skip: { empty: "numbers, not arrays", mismatch: "numbers, not arrays" },
  },
  { fn: "ledoitWolf", args: () => [RET3] },
  { fn: "sampleCovariance", args: () => [RET3] },
  { fn: "minVarianceWeights", args: () => [SPD] },
  { fn: "meanVarianceWeights", args: () => [[0.01, 0.02, 0.015], SPD] },
  { fn: "projectToSimplex", args: () => [[0.5, -0.2, 0.9]] },
  { fn: "solveSimplexQP", args: () => [SPD, [0.1, -0.2, 0.05]] },
  { fn: "softmaxWeights", args: () => [[0.5, -0.2, 0.9]] },
  {
    fn: "fitRidge",
    args: () => [[[1, 0], [0, 1], [1, 1], [2, 1]], [[0.1], [0.2], [0.3], [0.5]], 0.1],
  },
  { fn: "realisedVol", args: () => [R.map((v) => v / 100), 5, 5] },
  {
    fn: "harFeatures",
    args: () => [[...R, ...R, ...R].map((v) => v / 100), 22, { horizons: [1, 5, 22] }],
  },
  {
    fn: "fitHarRv",
    args:
      () => [M.map((r, i) => [...r, R[i]]).concat([[0.7, 0.1, 0.9, -0.3], [0.2, 0.8, 0.4, 1.1]]), [
        0.2,
        0.25,
        0.3,
        0.2,
        0.35,
        0.15,
      ]],
    skip: { mismatch: "the first argument is rows: a short second one is checked (har_rv_test)" },
  },
  {
    fn: "comparePairedLosses",
    args: () => [R.map((v) => v * v), R.map((v) => v * v + 0.1)],
  },
  {
    fn: "proportionSe",
    args: () => [0.6, 100],
    skip: { empty: "numbers, not arrays", mismatch: "numbers, not arrays" },
  },
  {
    fn: "linspace",
    args: () => [0, 1, 5],
    skip: { empty: "numbers, not arrays", mismatch: "numbers, not arrays" },
  },
  {
    fn: "batchIndices",
    args: () => [10, 3],
    skip: { empty: "numbers, not arrays", mismatch: "numbers, not arrays" },
  },
  { fn: "pca", args: () => [M, 2] },
  { fn: "covarianceMatrix", args: () => [M] },
  { fn: "leadingEigen", args: () => [SPD, 2] },
  { fn: "meanTStat", args: () => [R] },
  { fn: "hitRate", args: () => [R, R.map((v) => v * 0.5)] },
  {
    fn: "crossSectionalIc",
    args: () => [{ dates: [1, 1, 1, 1, 2, 2, 2, 2], signal: [...R], returns: R.map((v) => -v) }],
    skip: { mismatch: "one record argument" },
  },
  {
    fn: "quantileSpread",
    args: () => [{ dates: [1, 1, 1, 1, 2, 2, 2, 2], signal: [...R], returns: R.map((v) => -v) }, 2],
    skip: { mismatch: "one record argument" },
  },
  { fn: "effectiveRank", args: () => [M] },
  { fn: "symmetricEigen", args: () => [SPD] },
  { fn: "cholesky", args: () => [SPD] },
  { fn: "silhouetteScore", args: () => [M, [0, 0, 1, 1]] },
  { fn: "kMeans", args: () => [M, 2, { seed: 1 }] },
  { fn: "fitLogisticRegression", args: () => [M, [0, 1, 0, 1]] },
  { fn: "linearProbe", args: () => [M, [0, 1, 0, 1], M, [0, 1, 0, 1], { ci: false }] },
  { fn: "huberLoss", args: () => [t2(), t2()], propagates: LOSS_PROP },
  { fn: "pseudoHuberLoss", args: () => [t2(), t2()], propagates: LOSS_PROP },
  { fn: "quantileLoss", args: () => [t2(), t2(), 0.3], propagates: LOSS_PROP },
  {
    fn: "rowwiseCosine",
    args: () => [t2(), t2()],
    propagates: "tensor op: a NaN row gives a NaN cosine for that row",
  },
  {
    fn: "mlpForward",
    args: () => [lib.mlpParams({ inputDim: 3, hidden: [4], output: { units: 1 }, seed: 1 }), t2()],
    propagates: "inference: a NaN row answers NaN on every backend (propagateNonFinite)",
    arg: 1,
    skip: {
      empty: "a batch of 0 rows is valid and returns 0 predictions",
      mismatch: "one tensor argument",
    },
  },
];

/** Exports that are not number-crunching entry points, by pattern, with the reason. */
const EXEMPT_PATTERNS: [RegExp, string][] = [
  [
    /Figure$|^(courseLayout|mergeLayout|courseColor|plotly\w*|figurePageHtml|saveFigure\w*|renderFigureImage|chromiumDumpDom|findChromium|resetPlotlyInline|htmlTable|formatTableCell|pathTraces|evaluateGrid)$/,
    "plotting: draws what it is given (plotly shows NaN as a gap); computes no result",
  ],
  [/Expr$/, "polars expression builders: lazy, evaluated by polars on a checked frame"],
  [
    /^load|^(raggedRecord|readJsonFile|readWeightShards|weightBytes|hfFolderProblem|graphModelFromDir|sentimentHeadFromJson|sentimentHeadToJson|saveEncoder|useLiteDir|courseSentimentPath|hfModelsDir|resolveHfModel|probeHub|resetHubProbe|downloadNotice|isOffline|dataPath|resolveCoursePath|displayPath|normaliseCsvText|applySchema|phraseBankTexts)$/,
    "files and models: covered by tests/lib/data and tests/lib/nlp bad_input_test.ts",
  ],
  [
    /^(require\w*|checkSignals|describe|propagateNonFinite|disposeAbandonedTape|firstNonFinite\w*|formatGuardReport|syncReadMessage)$/,
    "the checks themselves (tests/lib/train/bad_input_test.ts)",
  ],
  [
    /^(init|dispose|build|create)\w*|Params$|Variables$|^(collectVariables|layersModelVariables|snapshotWeights|restoreWeights|emaCopy|courseEmbedding|jepaEncoder|checkGruConfig|checkPatchConfig|numPatches)$/,
    "model construction and variable bookkeeping: config objects, no data",
  ],
  [
    /^(backendInfo|deviceBanner|useBackend|withHostBackend|hostRead|setSyncReads|syncReadMode|installWasmMatMul|wasmMatMulPatched|matmulGflops|timeTensorOp|jupyterKernel|takeFirstInlineTurn|courseRoot|coursePath|isQuick|byMode|rng|report|readReported|formatMetric|formatFixedPy|formatTime|escapeHtml|consoleProgress|silentProgress|progressDisplay|nlpProgressPrinter|withProgress)$/,
    "environment, backend, display and reporting plumbing",
  ],
  [
    /^(train|fitOptimizer|enableFastFit|hasFastFit|trainJepa|trainSentimentHead|runOptimizerPaths|minimizeLbfgs|makeOptimizer|isTfOptimizer|resolveLoss|resolveMetric|isLogitsLoss|accuracyMetric|huberObjective|pseudoHuberObjective|quantileObjective|constantLr|linearWarmup|stepDecay|warmupCosine|constantTau|cosineTau|evaluateSet|evaluateSetAsync|predictInChunks|clipByGlobalNorm|globalNorm|emaUpdate)$/,
    "training core (wt-r1's scope): data.x/validation checked in train (tests/lib/train/bad_input_test.ts); a NaN target is the step guard's (guards_test.ts)",
  ],
  [
    /^(simulate\w+|syntheticPriceFrame)$/,
    "synthetic generators: parameters checked by requireNumber (tests/lib/data/synthetic_test.ts), no data input",
  ],
  [
    /^(addNextTarget|addPriceFeatures|addCrossSectionalQuantiles|addMarketRelative|applyQuantileBins|makeWindows|marketWindows|taiwanSequences|frameToTensor|tensorToFrame|joinNextTradingDay|requireSortedByTime|chronologicalSplit|walkForwardFolds|purgedKFold|describeSplit|stratifiedShuffleSplit|stratifiedSplitIndices|rowsByGroup|classBalancedBatches|samplePairs|sampleTriplets|sampleHardTriplets|mineHardNegatives|sampleSchedule|maskPositions)$/,
    "frames, splits and samplers: index and schema checks (tests/lib/data/bad_input_test.ts, splits_test.ts, samplers_test.ts)",
  ],
  [
    /^(sentiment|embed|predictSentiment|labelScores|argmaxLabels|majorityBaseline|tokenizeFinancial|buildVocabulary|padSequences|nlpCacheKey|cachedVectors|headProbabilities|meanPool|mostSimilar)$/,
    "text pipelines: inputs are strings and token ids; model outputs checked in tests/lib/nlp",
  ],
  [
    /^(lstmSequence|lstmTrace|lstmTraceFromWeights|recurrentStack|embeddingLookup|embedSequences|checkEmbeddingIds|residualMlpForward|projectionForward|reluMlpLogits|seededDropout|fillDropoutMask|dropoutKeepScale|applyActivation|layerNormForward|multiHeadSelfAttention|unflatten|stopGradient)$/,
    "layer kernels inside models (wt-r1's scope): tensors in, tensors out, NaN propagates; the model entry points (train, mlpForward) check",
  ],
  [
    /^(gruEncode|patchEncode|patchEncodeTokens|patchTokens|patchPositions|jepaEncode|jepaLosses|latentLoss|mlpPredict|transformerPredict|vicregTerms|sigregLoss|collapseDiagnostics|detectCollapse|randomDirections)$/,
    "JEPA internals: tensors from the library's own encoders (tests/lib/jepa)",
  ],
  [
    /^(infoNceLoss|ntXentLoss|supConLoss|tripletLoss|cosineContrastiveLoss|pairwiseCosine)$/,
    "contrastive losses: tensor losses, NaN in gives NaN loss that the training guard stops on",
  ],
  [
    /^(bootstrapCi|checkMatrix|permutationTest|cosineGapStatistic|ablate)$/,
    "bootstrapCi and permutationTest resample labels through the caller's statistic (rocAucCi " +
    "is the case above), cosineGapStatistic checks its rows once and returns that statistic, " +
    "ablate runs the caller's trainer; checkMatrix is a check itself",
  ],
  [
    /^(walkForwardEvaluate|walkForwardSplits|predictArray|predictRows|predictClasses)$/,
    "protocols over the caller's model: sizes checked (tests/lib/eval/walk_forward_test.ts), " +
    "predictions through predictInChunks (NaN row in, NaN out)",
  ],
  [
    /^(equalWeightPolicy|minVariancePolicy|meanVariancePolicy|ridgeMeanVariancePolicy|walkForwardPolicy|worldModelPolicy|stockReturnsMatrix|liquidTickers)$/,
    "policies and price loaders: return rules or frames; the optimisers they call are cased " +
    "above, walk-forward sizes are checked in tests/lib/portfolio/baselines_test.ts",
  ],
  [
    /^(cemPlan|mppiPlan|modePlan|samplePlan|shiftDistribution|resolveSpace|checkActionSpace|decodeAction|gpPlanningProblem|quadraticCostProblem|simplexCostProblem|gpMpcPositions|gpMpcExactPositions)$/,
    "planners over the caller's rollout and cost: the action space is checked by " +
    "checkActionSpace (tests/lib/portfolio/planner_test.ts)",
  ],
  [
    /^(gpAim|gpMyopicPositions|gpOptimalPositions|gpPositionScale|gpTradeRate|gpUtility|utilityGap|hedgeHitRate)$/,
    "closed forms of the synthetic markets: parameters from gpDefaultParams, checked by " +
    "requireNumber (tests/lib/portfolio/gp_test.ts, markets_test.ts)",
  ],
  [
    /^(actionFeatureDim|embedActions|encodeActions|encodeAll|encodeObservations|fitLinearHeads|forecastReturns|inverseDynamics|predictNext|returnWindows|rollout|trainWorldModel|utilityHeads|worldBatch|worldModelLosses|worldModelSize)$/,
    "world-model internals (lib/jepa/world): tensors from the library's own encoders; the " +
    "returns entering returnWindows are checked there (tests/lib/jepa/world)",
  ],
  [
    /^(fmt|md|markdownFrom|compareEstimates|withInterval)$/,
    "notebook commentary: renders computed values as text (fmt(NaN) prints n/a); " +
    "tests/lib/report/commentary_test.ts",
  ],
  [
    /^(activationCurve|activationPair)$/,
    "activation pairs by name (an unknown name is a CourseInputError, activations_test.ts); " +
    "the curve evaluates them on the caller's grid (linspace, cased above)",
  ],
  [
    /^(bertEncode|bertClassify|bertMlmLogits|bertMlmTransform|bertMlmLoss|bertParamCount|checkBertConfig|mlmBatch|mlmAccuracy|mlmLossModel|bertLogits|classifierLossModel|padBatch)$/,
    "course BERT kernels (lib/nlp/bert): int32 token ids and tensors from the library's own " +
    "masking; an id that is not an integer in the vocabulary is a CourseInputError in " +
    "maskTokens (cased above; tests/lib/nlp/bert/mlm_test.ts)",
  ],
  [
    /^(bertMeanPool|distillLossModel|initDistillHead|distillCosine)$/,
    "course BERT distillation: teacher vectors checked sized and finite (a NaN is named), " +
    "mask shape and head size named (tests/lib/nlp/bert/distill_test.ts)",
  ],
  [
    /^(offlineSentimentCandidates|bestOfflineSentiment)$/,
    "files: the course models' recorded validation accuracies; a file that is not JSON or an " +
    "accuracy outside [0, 1] is named (tests/lib/nlp/offline_choice_test.ts)",
  ],
  [
    /^(exportBert|exportSentenceBert|bertOnnxWeights|bertOnnx|writeBertFolder|wordPieceTokenizerFiles|readWordPieceVocab|subsetWordPieceVocab|wordPieceSpecialIds|onnxFileProblem)$/,
    "files and models: ONNX / transformers.js export of a BertModel, damaged files named " +
    "(tests/lib/nlp/bert/export_test.ts)",
  ],
  [
    /^(saveLayersModelToDir)$/,
    "files: a Layers model to a folder (tests/lib/io/layers_file_test.ts)",
  ],
  [
    /^(ensureBackend|fastPaths|setFastPaths)$/,
    "backend and kernel switches: no data",
  ],
  [
    /^(dense|denseVars|normVars|glorotUniform|gelu|geluErf|layerNorm|linear)$/,
    "the parameter kit (lib/nn/params.ts): seeded initialisers and tensor kernels inside models",
  ],
];

function exemptReason(name: string): string | null {
  for (const [re, why] of EXEMPT_PATTERNS) if (re.test(name)) return why;
  return null;
}

/** Replace the first number found (depth-first through arrays, objects, tensors) using `f`. */
function mutateFirst(
  args: unknown[],
  kind: Kind,
  from = 0,
): { args: unknown[]; did: boolean } {
  let done = false;
  const visit = (v: unknown): unknown => {
    if (done) return v;
    if (v instanceof tf.Tensor) {
      if (v.dtype !== "float32") return v;
      const data = Array.from(v.dataSync()); // test code: synchronous read is fine here
      done = true;
      if (kind === "empty") return tf.zeros([0, ...v.shape.slice(1)]);
      data[Math.min(1, data.length - 1)] = kind === "nan" ? NaN : Infinity;
      return tf.tensor(data, v.shape);
    }
    if (Array.isArray(v)) {
      if (v.length > 0 && v.every((x) => typeof x === "number")) {
        done = true;
        if (kind === "empty") return [];
        const out = [...v];
        out[Math.min(1, out.length - 1)] = kind === "nan" ? NaN : Infinity;
        return out;
      }
      return v.map(visit);
    }
    if (typeof v === "number" && kind !== "empty") {
      done = true;
      return kind === "nan" ? NaN : Infinity;
    }
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    }
    return v;
  };
  const out = args.map((a, i) => (i < from ? a : visit(a)));
  return { args: out, did: done };
}

/** Shorten the second array argument by one element. */
function mismatch(args: unknown[]): { args: unknown[]; did: boolean } {
  const i = args.findIndex((a, j) => j > 0 && Array.isArray(a) && a.length > 1);
  if (i < 0 || !Array.isArray(args[0])) return { args, did: false };
  const out = [...args];
  out[i] = (args[i] as unknown[]).slice(0, -1);
  return { args: out, did: true };
}

/** Every number in a result (tensors read, then disposed). */
function numbersIn(v: unknown, out: number[] = [], seen = new Set<unknown>()): number[] {
  if (typeof v === "number") out.push(v);
  else if (v instanceof tf.Tensor) {
    out.push(...Array.from(v.dataSync()));
    v.dispose();
  } else if (ArrayBuffer.isView(v)) out.push(...Array.from(v as unknown as ArrayLike<number>));
  else if (v !== null && typeof v === "object" && !seen.has(v)) {
    seen.add(v);
    for (const x of Object.values(v)) numbersIn(x, out, seen);
  }
  return out;
}

async function outcome(f: (...a: unknown[]) => unknown, args: unknown[]) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return { value: await f(...args), error: null };
  } catch (e) {
    return { value: undefined, error: e };
  } finally {
    console.warn = warn;
  }
}

Deno.test("every export is either checked below or exempt with a reason", () => {
  const names = Object.entries(lib).filter(([, v]) =>
    typeof v === "function" && !/^class /.test(Function.prototype.toString.call(v))
  ).map(([k]) => k);
  const cased = new Set(CASES.map((c) => c.fn));
  const unclassified = names.filter((n) => !cased.has(n) && exemptReason(n) === null);
  assert.deepEqual(unclassified, [], "classify these exports in CASES or EXEMPT_PATTERNS");
  const stale = CASES.map((c) => c.fn).filter((n) => !names.includes(n) && !(n in INTERNAL));
  assert.deepEqual(stale, [], "cases for names that are no longer exported");
});

Deno.test("NaN, Inf, empty and mismatched input: a CourseInputError or a documented NaN", async () => {
  const failures: string[] = [];
  for (const c of CASES) {
    const f = API[c.fn] as (...a: unknown[]) => unknown;
    const good = await outcome(f, c.args());
    if (good.error) {
      failures.push(`${c.fn}: the valid call failed: ${good.error}`);
      continue;
    }
    numbersIn(good.value);
    for (const kind of ["nan", "inf", "empty", "mismatch"] as Kind[]) {
      if (c.skip?.[kind]) continue;
      const made = kind === "mismatch" ? mismatch(c.args()) : mutateFirst(c.args(), kind, c.arg);
      if (!made.did) continue;
      const r = await outcome(f, made.args);
      tf.dispose(made.args.filter((a): a is tf.Tensor => a instanceof tf.Tensor));
      if (r.error instanceof lib.CourseInputError) continue;
      if (r.error) {
        failures.push(
          `${c.fn} (${kind}): ${(r.error as Error).name}: ${(r.error as Error).message}`,
        );
        continue;
      }
      const nums = numbersIn(r.value);
      const nanOut = nums.some((v) => !Number.isFinite(v));
      if ((kind === "nan" || kind === "inf") && c.propagates && nanOut) continue;
      failures.push(
        `${c.fn} (${kind}): returned ${nanOut ? "NaN/Inf (undocumented)" : "a finite result"} ` +
          `instead of a CourseInputError`,
      );
    }
  }
  assert.deepEqual(failures, []);
});
