/**
 * The text of `deno task train:finbert`: the sentences by source (StockNet tweets, the training
 * split of the Twitter financial news set, the training part of PhraseBank's course split; URLs
 * removed; never PhraseBank's test part), PhraseBank's course split with a validation part cut from its
 * training part, and the vocabulary subset written as transformers.js tokenizer files.
 */
import { AutoTokenizer, env, type PreTrainedTokenizer } from "@huggingface/transformers";
import { loadStockNetTweets, loadTwitterFinancialNews } from "../../lib/data/datasets_text.ts";
import { phraseBankTexts, stratifiedSplitIndices } from "../../lib/nlp/phrasebank.ts";
import { COURSE_SENTIMENT_LABELS, PB_SPLIT } from "../../lib/nlp/course_sentiment.ts";
import { readWordPieceVocab, wordPieceTokenizerFiles } from "../../lib/nlp/onnx/tokenizer_files.ts";
import { subsetWordPieceVocab } from "../../lib/nlp/bert/vocab_subset.ts";

/** The full BERT-uncased tokenizer the subset is cut from (../shared/models). */
export const FULL_TOKENIZER_ROOT = new URL("../../../shared/models/", import.meta.url).pathname;
export const FULL_TOKENIZER_ID = "Xenova/all-MiniLM-L6-v2";

/** Strip URLs (t.co links carry no words) and squeeze spaces. */
export function cleanText(t: string): string {
  return t.replace(/https?:\/\/\S+/g, " ").replace(/\s+/g, " ").trim();
}

/** PhraseBank (>= 75% agreement) course split, with validation cut from the training part. */
export function phraseBankSplit() {
  const pb = phraseBankTexts(PB_SPLIT.minAgreement);
  const split = stratifiedSplitIndices(pb.labels, PB_SPLIT.testFraction, PB_SPLIT.seed);
  const trainLabels = split.train.map((i) => pb.labels[i]);
  const inner = stratifiedSplitIndices(trainLabels, 0.2, 7);
  const part = (idx: number[]) => ({
    texts: idx.map((i) => pb.texts[i]),
    labels: idx.map((i) => COURSE_SENTIMENT_LABELS.indexOf(pb.labels[i] as "positive")),
  });
  return {
    train: part(inner.train.map((j) => split.train[j])),
    validation: part(inner.test.map((j) => split.train[j])),
    /** Every sentence of the training part (train + validation), for MLM. */
    trainAll: part(split.train),
    test: part(split.test),
  };
}

/** MLM sentences by source (cleaned, non-empty). */
export function mlmSentences(pbTrainTexts: readonly string[]) {
  const clean = (xs: string[]) => xs.map(cleanText).filter((t) => t.length > 0);
  return {
    stocknet: clean(loadStockNetTweets().getColumn("text").toArray() as string[]),
    twitterNewsTrain: clean(
      loadTwitterFinancialNews({ split: "train" }).getColumn("text").toArray() as string[],
    ),
    phraseBankTrain: clean([...pbTrainTexts]),
  };
}

async function loadTokenizer(root: string, id: string): Promise<PreTrainedTokenizer> {
  env.allowRemoteModels = false;
  env.localModelPath = root.endsWith("/") ? root : `${root}/`;
  return await AutoTokenizer.from_pretrained(id);
}

/**
 * Count full-vocabulary tokens over `texts`, cut the subset of `size` tokens and write its
 * tokenizer files to `dir`; resolves to the subset vocabulary and its tokenizer.
 */
export async function buildSubsetTokenizer(
  texts: readonly string[],
  size: number,
  dir: string,
  maxLength: number,
): Promise<{ vocab: string[]; tokenizer: PreTrainedTokenizer; fullSize: number }> {
  const full = await readWordPieceVocab(
    `${FULL_TOKENIZER_ROOT}${FULL_TOKENIZER_ID}/tokenizer.json`,
  );
  const fullTok = await loadTokenizer(FULL_TOKENIZER_ROOT, FULL_TOKENIZER_ID);
  const counts = new Float64Array(full.length);
  for (const t of texts) {
    for (const id of fullTok.encode(t, { add_special_tokens: false })) counts[id]++;
  }
  const vocab = subsetWordPieceVocab(full, counts, size);
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(wordPieceTokenizerFiles(vocab, maxLength))) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  const slash = dir.lastIndexOf("/");
  const tokenizer = await loadTokenizer(dir.slice(0, slash), dir.slice(slash + 1));
  return { vocab, tokenizer, fullSize: full.length };
}

/**
 * Token ids of `text` exactly as the course's transformers.js loader feeds them ([CLS] … [SEP],
 * truncated at `maxLen` by the tokenizer itself, which then drops the final [SEP]).
 */
export function encodeRow(tok: PreTrainedTokenizer, text: string, maxLen: number): number[] {
  const enc = tok([text], { truncation: true, max_length: maxLen }) as unknown as {
    input_ids: { data: BigInt64Array };
  };
  return Array.from(enc.input_ids.data, Number);
}

/** Token ids of `text` without [CLS]/[SEP] (for packing MLM rows). */
export function encodeSentence(tok: PreTrainedTokenizer, text: string): number[] {
  return tok.encode(text, { add_special_tokens: false }) as number[];
}
