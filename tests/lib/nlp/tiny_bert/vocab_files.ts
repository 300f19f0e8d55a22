/**
 * Test vocabularies: the real 30522-token one of Xenova/all-MiniLM-L6-v2 from ../shared/models
 * when present, else a small uncased WordPiece vocabulary built here.
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
