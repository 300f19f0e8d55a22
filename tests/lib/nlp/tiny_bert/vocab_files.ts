/**
 * The tokenizer files of a BERT-uncased WordPiece tokenizer (tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json) for a given vocabulary: the real one of
 * Xenova/all-MiniLM-L6-v2 from ../shared/models when present, else a small one built here.
 */

/** Where the real all-MiniLM-L6-v2 tokenizer files live on the course machines. */
export const SHARED_MINILM_DIR =
  new URL("../../../../../shared/models/Xenova/all-MiniLM-L6-v2", import.meta.url)
    .pathname;

/** The real 30522-token vocabulary (by id), or null when ../shared is absent. */
export function sharedBertVocab(): string[] | null {
  try {
    const t = JSON.parse(Deno.readTextFileSync(`${SHARED_MINILM_DIR}/tokenizer.json`));
    const vocab: string[] = [];
    for (const [tok, id] of Object.entries(t.model.vocab as Record<string, number>)) {
      vocab[id] = tok;
    }
    return vocab;
  } catch {
    return null;
  }
}

/** A small uncased WordPiece vocabulary: specials, characters, "##" characters, some words. */
export function builtBertVocab(): string[] {
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
  const punct = ".,;:!?'\"()-%$&/".split("");
  const words = ("the a of to and in on for is was by with as at from profit profits loss " +
    "sales revenue rose fell beat missed forecasts expectations earnings quarter company " +
    "shares stock market growth strong weak up down increased decreased net operating")
    .split(" ");
  return [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    ...chars,
    ...chars.map((c) => `##${c}`),
    ...punct,
    ...words,
  ];
}

/** The three tokenizer files (name -> JSON text) for `vocab`, truncating at `maxLength`. */
export function wordPieceTokenizerFiles(
  vocab: readonly string[],
  maxLength: number,
): Record<string, string> {
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
