/**
 * The size of a course BERT (layers, width, heads, feed-forward width, positions, vocabulary,
 * labels) and the special token ids of the BERT-uncased WordPiece vocabulary.
 */
import { require, requireNumber } from "../../errors.ts";

/** Sizes of a BERT encoder and its heads. */
export interface BertConfig {
  /** Vocabulary size (30522 for BERT uncased). */
  vocabSize: number;
  /** Hidden width (a multiple of `heads`). */
  hidden: number;
  /** Encoder layers. */
  layers: number;
  /** Attention heads per layer. */
  heads: number;
  /** Feed-forward (intermediate) width. */
  ffn: number;
  /** Longest input in tokens (size of the position table). */
  maxPos: number;
  /** Classes of the sequence-classification head (0: no classifier). */
  numLabels: number;
}

/** Special token ids of a WordPiece vocabulary. */
export interface BertSpecialIds {
  pad: number;
  unk: number;
  cls: number;
  sep: number;
  mask: number;
}

/** The special ids of the BERT-uncased vocabulary ([PAD] 0, [UNK] 100, [CLS] 101, ...). */
export const BERT_UNCASED_SPECIALS: Readonly<BertSpecialIds> = Object.freeze({
  pad: 0,
  unk: 100,
  cls: 101,
  sep: 102,
  mask: 103,
});

/** The size of the BERT-uncased WordPiece vocabulary. */
export const BERT_UNCASED_VOCAB_SIZE = 30522;

/** LayerNorm epsilon of BERT (and of the exported ONNX graph). */
export const BERT_LN_EPS = 1e-12;

/** Check a BertConfig (positive integers, hidden divisible by heads); returns it. */
export function checkBertConfig(fn: string, config: BertConfig): BertConfig {
  require(config !== null && typeof config === "object", fn, "config", "a BertConfig", config);
  for (const k of ["vocabSize", "hidden", "layers", "heads", "ffn", "maxPos"] as const) {
    requireNumber(fn, `config.${k}`, config[k], { integer: true, positive: true });
  }
  requireNumber(fn, "config.numLabels", config.numLabels, { integer: true, nonNegative: true });
  require(
    config.hidden % config.heads === 0,
    fn,
    "config.heads",
    `a divisor of hidden ${config.hidden}`,
    config.heads,
  );
  return config;
}
