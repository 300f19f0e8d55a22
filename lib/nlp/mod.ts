/**
 * Text: financial sentiment and sentence embeddings with the model that is there (FinBERT /
 * MiniLM from a local Hugging Face cache, else the course's own offline models), tokenisation
 * and vocabularies for recurrent models, caches, and label-name scoring. Import as
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
