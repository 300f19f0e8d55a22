/**
 * The tokenizer files of a BERT-uncased WordPiece tokenizer (tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json) for a given vocabulary, and the vocabulary
 * read back from a tokenizer.json (e.g. the real 30522-token one of Xenova/all-MiniLM-L6-v2).
 */
import { require, requireNumber } from "../../errors.ts";
import { readJsonFile } from "../model_files.ts";

/** The vocabulary (token by id) of a WordPiece tokenizer.json; errors name the file. */
export async function readWordPieceVocab(path: string): Promise<string[]> {
  const fn = "readWordPieceVocab";
  const t = await readJsonFile(fn, "path", path, "a tokenizer.json") as {
    model?: { type?: string; vocab?: Record<string, number> };
  };
  const v = t?.model?.vocab;
  require(
    t?.model?.type === "WordPiece" && v !== null && typeof v === "object",
    fn,
    "path",
    `a WordPiece tokenizer.json (model.vocab) at ${path}`,
    `${path} without a WordPiece vocabulary`,
  );
  const vocab: string[] = [];
  for (const [tok, id] of Object.entries(v)) vocab[id] = tok;
  for (const need of ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) {
    require(vocab.includes(need), fn, "path", `a vocabulary with ${need}`, `${path} without it`);
  }
  return vocab;
}

/** The three tokenizer files (name -> JSON text) for `vocab`, truncating at `maxLength`. */
export function wordPieceTokenizerFiles(
  vocab: readonly string[],
  maxLength: number,
): Record<string, string> {
  const fn = "wordPieceTokenizerFiles";
  require(Array.isArray(vocab), fn, "vocab", "an array of tokens by id", vocab);
  requireNumber(fn, "maxLength", maxLength, { integer: true, positive: true });
  for (const need of ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) {
    require(vocab.includes(need), fn, "vocab", `a vocabulary with ${need}`, "one without it");
  }
  const id = (t: string) => vocab.indexOf(t);
  const special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: special.map((t) => ({
      id: id(t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [id("[CLS]")], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [id("[SEP]")], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
  const names = {
    cls_token: "[CLS]",
    mask_token: "[MASK]",
    pad_token: "[PAD]",
    sep_token: "[SEP]",
    unk_token: "[UNK]",
  };
  const config = {
    ...names,
    do_lower_case: true,
    model_max_length: maxLength,
    tokenizer_class: "BertTokenizer",
    clean_up_tokenization_spaces: true,
  };
  return {
    "tokenizer.json": JSON.stringify(tokenizer),
    "tokenizer_config.json": JSON.stringify(config, null, 2),
    "special_tokens_map.json": JSON.stringify(names, null, 2),
  };
}
