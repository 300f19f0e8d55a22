/**
 * A smaller WordPiece vocabulary cut from a full one (BERT uncased): the five special tokens,
 * every single-character token and its "##" form (so any word made of known characters still
 * tokenizes, letter by letter at worst), then the tokens most frequent in a corpus tokenized
 * with the full vocabulary, up to `size`; kept in the full vocabulary's order and re-indexed.
 */
import { require, requireNumber } from "../../errors.ts";
import type { BertSpecialIds } from "./config.ts";

const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

/** The subset of `full` (tokens by id) of at most `size` tokens; `counts[id]` = corpus count. */
export function subsetWordPieceVocab(
  full: readonly string[],
  counts: ArrayLike<number>,
  size: number,
): string[] {
  const fn = "subsetWordPieceVocab";
  require(Array.isArray(full) && full.length > 0, fn, "full", "a vocabulary (tokens by id)", full);
  require(
    counts !== null && typeof counts === "object" && counts.length === full.length,
    fn,
    "counts",
    `a count per token (length ${full.length})`,
    counts,
  );
  requireNumber(fn, "size", size, { integer: true, positive: true });
  const keep = new Set<number>();
  for (const s of SPECIALS) {
    const id = full.indexOf(s);
    require(id >= 0, fn, "full", `a vocabulary with ${s}`, "one without it");
    keep.add(id);
  }
  const single = (t: string) => [...t].length === 1;
  full.forEach((t, id) => {
    if (single(t) || (t.startsWith("##") && single(t.slice(2)))) keep.add(id);
  });
  require(
    keep.size <= size,
    fn,
    "size",
    `at least ${keep.size} (specials and single characters)`,
    size,
  );
  const byCount = full.map((_, id) => id)
    .filter((id) => !keep.has(id) && counts[id] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b);
  for (const id of byCount) {
    if (keep.size >= size) break;
    keep.add(id);
  }
  return [...keep].sort((a, b) => a - b).map((id) => full[id]);
}

/** The special token ids of a WordPiece vocabulary ([PAD], [UNK], [CLS], [SEP], [MASK]). */
export function wordPieceSpecialIds(vocab: readonly string[]): BertSpecialIds {
  const fn = "wordPieceSpecialIds";
  require(Array.isArray(vocab), fn, "vocab", "an array of tokens by id", vocab);
  const id = (t: string) => {
    const i = vocab.indexOf(t);
    require(i >= 0, fn, "vocab", `a vocabulary with ${t}`, "one without it");
    return i;
  };
  return {
    pad: id("[PAD]"),
    unk: id("[UNK]"),
    cls: id("[CLS]"),
    sep: id("[SEP]"),
    mask: id("[MASK]"),
  };
}
