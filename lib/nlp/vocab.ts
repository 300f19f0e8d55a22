/**
 * Words to ids for financial text: a tokenizer that keeps numbers, percentages and tickers
 * whole, a vocabulary built on the training texts only (min frequency, max size) with reserved
 * ids <PAD>=0, <START>=1, <UNK>=2, encode/decode, and Keras-style pre/post padding and
 * truncation.
 */
import { CourseInputError, describe, require, requireNumber } from "../errors.ts";

/** Padding token (id 0): fills short sequences up to `maxLen`. */
export const PAD_TOKEN = "<PAD>";
/** Start token (id 1): marks the beginning of every encoded sentence. */
export const START_TOKEN = "<START>";
/** Unknown token (id 2): stands for any word outside the vocabulary. */
export const UNK_TOKEN = "<UNK>";
/** Reserved ids, in order: PAD=0, START=1, UNK=2. */
export const PAD_ID = 0;
/** Id of <START>. */
export const START_ID = 1;
/** Id of <UNK>. */
export const UNK_ID = 2;
/** Token that replaces links (tweets carry many t.co URLs). */
export const URL_TOKEN = "<url>";
/** Token that replaces numbers when `maskNumbers` is on. */
export const NUM_TOKEN = "<num>";

/** Tokenizer settings. */
export interface TokenizeOptions {
  /** Lower-case everything (default true). */
  lowercase?: boolean;
  /** Replace every number/percentage by "<num>" / "<num>%" (default false: keep "12.5%"). */
  maskNumbers?: boolean;
  /** Keep punctuation marks as single-character tokens (default false: only "!" and "?"). */
  keepPunctuation?: boolean;
}

// One alternative per token kind, tried left to right at each position:
// 1 url, 2 ticker ($AAPL, $BRK.B), 3 number with optional "%" (also "12 %"), 4 word (letters
// and digits, inner ' or - kept: "year-on-year", "company's"), 5 any other visible character.
const TOKEN_RE =
  /(https?:\/\/\S+|www\.\S+)|(\$[\p{L}][\p{L}.]{0,6}(?<!\.))|(\d+(?:[.,]\d+)*(?:\s?%)?)|([\p{L}][\p{L}\p{N}]*(?:['’-][\p{L}\p{N}]+)*)|([^\s\p{L}\p{N}])/gu;

/**
 * Split financial text into tokens: lower-cased words, tickers ("$aapl"), numbers with
 * thousands/decimal separators and percentages ("100,000", "2.5", "12%"), URLs as "<url>";
 * punctuation dropped except "!" and "?" unless `keepPunctuation`.
 */
export function tokenizeFinancial(text: string, options: TokenizeOptions = {}): string[] {
  require(typeof text === "string", "tokenizeFinancial", "text", "a string", text);
  const lower = options.lowercase ?? true;
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const [, url, ticker, num, word, punct] = m;
    if (url) out.push(URL_TOKEN);
    else if (ticker) out.push(lower ? ticker.toLowerCase() : ticker);
    else if (num) {
      const pct = num.endsWith("%");
      const digits = num.replace(/\s?%$/, "");
      out.push((options.maskNumbers ? NUM_TOKEN : digits) + (pct ? "%" : ""));
    } else if (word) out.push(lower ? word.toLowerCase() : word);
    else if (punct && (options.keepPunctuation || punct === "!" || punct === "?")) out.push(punct);
  }
  return out;
}

/** Vocabulary settings. */
export interface VocabOptions extends TokenizeOptions {
  /** Keep tokens seen at least this many times in the training texts (default 1). */
  minFreq?: number;
  /** Largest vocabulary size INCLUDING the 3 reserved ids (default: no limit). */
  maxSize?: number;
}

/** Padding/truncation settings for `encodeBatch` and `padSequences`. */
export interface PadOptions {
  /** Output length of every row. */
  maxLen: number;
  /** Where padding goes: "pre" (default, like Keras) or "post". */
  padding?: "pre" | "post";
  /** Which end is cut from long rows: "pre" (default: keep the end) or "post". */
  truncating?: "pre" | "post";
  /** Padding value (default PAD_ID = 0). */
  value?: number;
}

/** Serialised vocabulary (see `Vocabulary.toJSON`). */
export interface VocabJson {
  tokens: string[];
  options: TokenizeOptions;
}

/** A token <-> id table with the course's tokenizer and reserved ids. */
export class Vocabulary {
  readonly #index: Map<string, number>;

  /** Wrap an id -> token list; ids 0..2 must be <PAD>, <START>, <UNK>. */
  constructor(readonly tokens: readonly string[], readonly options: TokenizeOptions = {}) {
    require(
      Array.isArray(tokens) && tokens[PAD_ID] === PAD_TOKEN && tokens[START_ID] === START_TOKEN &&
        tokens[UNK_ID] === UNK_TOKEN,
      "Vocabulary",
      "tokens",
      `an array starting with ${PAD_TOKEN}, ${START_TOKEN}, ${UNK_TOKEN}`,
      Array.isArray(tokens) ? `[${tokens.slice(0, 3).join(", ")}, ...]` : tokens,
    );
    this.#index = new Map(tokens.map((t, i) => [t, i]));
    require(this.#index.size === tokens.length, "Vocabulary", "tokens", "unique tokens", tokens);
  }

  /** Number of ids (the Embedding's `inputDim`). */
  get size(): number {
    return this.tokens.length;
  }

  /** Id of a token (already tokenized), UNK_ID when unknown. */
  idOf(token: string): number {
    return this.#index.get(token) ?? UNK_ID;
  }

  /** True when the token has its own id. */
  has(token: string): boolean {
    return this.#index.has(token);
  }

  /** Tokenize with the settings the vocabulary was built with. */
  tokenize(text: string): string[] {
    return tokenizeFinancial(text, this.options);
  }

  /** Ids of one text: [START, ...tokens] (unknown words -> UNK_ID), not padded. */
  encode(text: string, opts: { addStart?: boolean } = {}): number[] {
    const ids = this.tokenize(text).map((t) => this.idOf(t));
    return (opts.addStart ?? true) ? [START_ID, ...ids] : ids;
  }

  /** Encode and pad/truncate many texts into one row-major Int32Array of shape [n, maxLen]. */
  encodeBatch(texts: readonly string[], opts: PadOptions & { addStart?: boolean }): Int32Array {
    require(Array.isArray(texts), "Vocabulary.encodeBatch", "texts", "an array of strings", texts);
    texts.forEach((t, i) =>
      require(typeof t === "string", "Vocabulary.encodeBatch", `texts[${i}]`, "a string", t)
    );
    return padSequences(texts.map((t) => this.encode(t, opts)), opts);
  }

  /** Tokens of an id sequence joined by spaces; PAD (and START) skipped unless asked. */
  decode(ids: ArrayLike<number>, opts: { keepSpecial?: boolean } = {}): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      require(
        Number.isInteger(id) && id >= 0 && id < this.size,
        "Vocabulary.decode",
        `ids[${i}]`,
        `an integer id in [0, ${this.size})`,
        id,
      );
      if (!opts.keepSpecial && (id === PAD_ID || id === START_ID)) continue;
      out.push(this.tokens[id]);
    }
    return out.join(" ");
  }

  /** Plain object for JSON.stringify (tokens in id order and the tokenizer settings). */
  toJSON(): VocabJson {
    return { tokens: [...this.tokens], options: { ...this.options } };
  }

  /** Rebuild from `toJSON()` output. */
  static fromJSON(json: VocabJson): Vocabulary {
    require(
      json !== null && typeof json === "object" && Array.isArray(json.tokens),
      "Vocabulary.fromJSON",
      "json",
      "{ tokens: string[], options }",
      json,
    );
    return new Vocabulary(json.tokens, json.options ?? {});
  }
}

/**
 * Build a vocabulary from TRAINING texts only (pass the train split; test words become <UNK>):
 * tokens with count >= minFreq, most frequent first (ties alphabetical), at most maxSize ids.
 */
export function buildVocabulary(texts: readonly string[], options: VocabOptions = {}): Vocabulary {
  const fn = "buildVocabulary";
  require(
    Array.isArray(texts) && texts.length > 0,
    fn,
    "texts",
    "a non-empty array of strings",
    texts,
  );
  const minFreq = requireNumber(fn, "options.minFreq", options.minFreq ?? 1, {
    integer: true,
    positive: true,
  });
  const maxSize = options.maxSize ?? Infinity;
  if (maxSize !== Infinity) {
    requireNumber(fn, "options.maxSize", maxSize, { integer: true, min: 3 });
  }
  const tok: TokenizeOptions = {
    lowercase: options.lowercase,
    maskNumbers: options.maskNumbers,
    keepPunctuation: options.keepPunctuation,
  };
  const counts = new Map<string, number>();
  texts.forEach((t, i) => {
    if (typeof t !== "string") {
      throw new CourseInputError(fn, `texts[${i}]`, "a string", describe(t));
    }
    for (const w of tokenizeFinancial(t, tok)) counts.set(w, (counts.get(w) ?? 0) + 1);
  });
  const reserved = [PAD_TOKEN, START_TOKEN, UNK_TOKEN];
  const kept = [...counts.entries()]
    .filter(([w, c]) => c >= minFreq && !reserved.includes(w))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, maxSize - reserved.length))
    .map(([w]) => w);
  return new Vocabulary([...reserved, ...kept], tok);
}

/**
 * Pad/truncate id sequences to `maxLen` (Keras `pad_sequences` semantics, defaults "pre"):
 * returns a row-major Int32Array of shape [seqs.length, maxLen].
 */
export function padSequences(seqs: readonly (readonly number[])[], opts: PadOptions): Int32Array {
  const fn = "padSequences";
  require(Array.isArray(seqs), fn, "seqs", "an array of id arrays", seqs);
  const maxLen = requireNumber(fn, "opts.maxLen", opts?.maxLen, { integer: true, positive: true });
  const padding = opts.padding ?? "pre";
  const truncating = opts.truncating ?? "pre";
  require(padding === "pre" || padding === "post", fn, "opts.padding", '"pre" or "post"', padding);
  require(
    truncating === "pre" || truncating === "post",
    fn,
    "opts.truncating",
    '"pre" or "post"',
    truncating,
  );
  const value = requireNumber(fn, "opts.value", opts.value ?? PAD_ID, { integer: true });
  const out = new Int32Array(seqs.length * maxLen).fill(value);
  seqs.forEach((s, r) => {
    require(Array.isArray(s), fn, `seqs[${r}]`, "an array of integer ids", s);
    const kept = s.length <= maxLen ? s : truncating === "pre" ? s.slice(s.length - maxLen) : s
      .slice(0, maxLen);
    const offset = r * maxLen + (padding === "pre" ? maxLen - kept.length : 0);
    kept.forEach((id, j) => {
      require(Number.isInteger(id), fn, `seqs[${r}][${j}]`, "an integer id", id);
      out[offset + j] = id;
    });
  });
  return out;
}
