/**
 * Text: financial sentiment and sentence embeddings with the model that is there (FinBERT /
 * MiniLM from a local Hugging Face cache, else the course's own offline models), tokenisation
 * and vocabularies for recurrent models, caches, and label-name scoring; the course's own small
 * BERT (tfjs: encoder, MLM and classifier heads, masking) and its ONNX / transformers.js export. Import as
 * "@course/lib/nlp/mod.ts" or "@course/lib".
 */
export { FINBERT_ID, loadSentimentModel, sentiment, SentimentResult } from "./sentiment.ts";
export { embed, loadSentenceEncoder, MINILM_ID } from "./embed.ts";
export { USE_LITE_ID } from "./use_encoder.ts";
export {
  COURSE_SENTIMENT_ID,
  COURSE_SENTIMENT_LABELS,
  loadCourseSentiment,
  PB_SPLIT,
} from "./course_sentiment.ts";
export { ModelUnavailableError, resolveHfModel } from "./hf_models.ts";
export { NlpCache } from "./cache.ts";
export { phraseBankTexts, stratifiedSplitIndices } from "./phrasebank.ts";
export { argmaxLabels, type LabelScores, labelScores } from "./eval.ts";
export { cosineMatrix, cosineSimilarity, meanPool, mostSimilar, softmaxRows } from "./pooling.ts";
export { buildVocabulary, padSequences, tokenizeFinancial, Vocabulary } from "./vocab.ts";
export { predictSentiment } from "./predict.ts";
export type { SentenceEncoder, SentimentClassifier } from "./types.ts";
export {
  BERT_LN_EPS,
  BERT_UNCASED_SPECIALS,
  BERT_UNCASED_VOCAB_SIZE,
  type BertConfig,
  type BertSpecialIds,
  checkBertConfig,
} from "./bert/config.ts";
export { type BertModel, bertParamCount, initBert } from "./bert/model.ts";
export { bertClassify, bertEncode, bertMlmLogits, bertMlmTransform } from "./bert/forward.ts";
export { type MaskedTokens, type MaskOptions, maskTokens } from "./bert/masking.ts";
export {
  bertMlmLoss,
  disposeMlmBatch,
  mlmAccuracy,
  type MlmBatch,
  mlmBatch,
  mlmLossModel,
  type MlmTrainOptions,
} from "./bert/mlm.ts";
export { bertLogits, classifierLossModel, padBatch } from "./bert/finetune.ts";
export {
  bertMeanPool,
  distillCosine,
  type DistillData,
  distillLossModel,
  type DistillOptions,
  initDistillHead,
} from "./bert/distill.ts";
export {
  bestOfflineSentiment,
  COURSE_BERT_ID,
  type OfflineCandidate,
  offlineSentimentCandidates,
} from "./offline_choice.ts";
export { subsetWordPieceVocab, wordPieceSpecialIds } from "./bert/vocab_subset.ts";
export {
  type BertExportOptions,
  bertOnnxWeights,
  exportBert,
  exportSentenceBert,
} from "./onnx/export.ts";
export {
  type BertExportKind,
  type BertFolderOptions,
  bertOnnx,
  type BertOnnxSizes,
  type BertOnnxWeights,
  writeBertFolder,
} from "./onnx/bert_graph.ts";
export { readWordPieceVocab, wordPieceTokenizerFiles } from "./onnx/tokenizer_files.ts";
