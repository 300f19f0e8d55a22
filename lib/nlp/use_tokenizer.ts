/**
 * The SentencePiece-style (unigram) tokenizer of the Universal Sentence Encoder lite: text is
 * NFKC-normalised, every word gets the "▁" word-start marker, and the piece sequence with the
 * highest total log-probability is found by dynamic programming (Viterbi) over all ways to
 * cut the text into vocabulary pieces. Characters no piece covers become the unknown token
 * (with SentencePiece's penalty: the lowest score minus 10), and runs of unknowns merge.
 */
import { require } from "../errors.ts";

/** The word-start marker of SentencePiece (U+2581). */
export const SP_WORD_START = "\u2581";

/** One vocabulary entry: the piece and its log-probability (null reads as 0). */
export type UsePiece = [string, number | null];

interface TrieNode {
  children: Map<string, TrieNode>;
  id: number;
}

/** A unigram tokenizer over a USE-lite `vocab.json` (a list of [piece, score] pairs). */
export class UseTokenizer {
  readonly unkId: number;
  readonly #scores: Float64Array;
  readonly #lengths: Int32Array;
  readonly #root: TrieNode = { children: new Map(), id: -1 };
  readonly #unkScore: number;

  /** Build from the vocabulary; the first `reserved` ids (unk, <s>, </s>, extras) never match. */
  constructor(readonly vocab: readonly UsePiece[], reserved = 6, unkId = 0) {
    require(
      Array.isArray(vocab) && vocab.length > reserved,
      "UseTokenizer",
      "vocab",
      `an array of more than ${reserved} [piece, score] pairs`,
      vocab,
    );
    this.unkId = unkId;
    this.#scores = new Float64Array(vocab.length);
    this.#lengths = new Int32Array(vocab.length);
    let minScore = 0;
    for (let id = 0; id < vocab.length; id++) {
      const entry = vocab[id];
      require(
        Array.isArray(entry) && typeof entry[0] === "string",
        "UseTokenizer",
        `vocab[${id}]`,
        "a [piece, score] pair",
        entry,
      );
      const chars = [...entry[0]];
      this.#scores[id] = entry[1] ?? 0;
      this.#lengths[id] = chars.length;
      if (id < reserved) continue;
      minScore = Math.min(minScore, this.#scores[id]);
      let node = this.#root;
      for (const c of chars) {
        let next = node.children.get(c);
        if (!next) {
          next = { children: new Map(), id: -1 };
          node.children.set(c, next);
        }
        node = next;
      }
      node.id = id;
    }
    this.#unkScore = minScore - 10;
  }

  /** Normalise (NFKC, collapse whitespace) and mark word starts with "▁". */
  static prepare(text: string): string {
    const t = text.normalize("NFKC").replace(/\s+/g, " ").trim();
    return t.length === 0 ? "" : SP_WORD_START + t.replaceAll(" ", SP_WORD_START);
  }

  /** Token ids of one text (the best-scoring segmentation; empty text gives []). */
  encode(text: string): number[] {
    require(typeof text === "string", "UseTokenizer.encode", "text", "a string", text);
    const chars = [...UseTokenizer.prepare(text)];
    const n = chars.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const lastId = new Int32Array(n + 1).fill(-1);
    const lastLen = new Int32Array(n + 1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue;
      // the unknown fallback: one character, heavily penalised
      const unk = best[i] + this.#unkScore;
      if (unk > best[i + 1]) {
        best[i + 1] = unk;
        lastId[i + 1] = this.unkId;
        lastLen[i + 1] = 1;
      }
      let node: TrieNode | undefined = this.#root;
      for (let j = i; j < n && node; j++) {
        node = node.children.get(chars[j]);
        if (node && node.id >= 0) {
          const s = best[i] + this.#scores[node.id];
          if (s > best[j + 1]) {
            best[j + 1] = s;
            lastId[j + 1] = node.id;
            lastLen[j + 1] = j + 1 - i;
          }
        }
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= lastLen[end]) ids.push(lastId[end]);
    ids.reverse();
    return ids.filter((id, k) => !(id === this.unkId && k > 0 && ids[k - 1] === this.unkId));
  }

  /** The id of a vocabulary piece, or the unknown id when absent. */
  idOf(piece: string): number {
    const id = this.vocab.findIndex((e) => e[0] === piece);
    return id < 0 ? this.unkId : id;
  }

  /** The pieces of one text, for display ("▁profit", "s", ...). */
  pieces(text: string): string[] {
    return this.encode(text).map((id) => id === this.unkId ? "<unk>" : this.vocab[id][0]);
  }
}
