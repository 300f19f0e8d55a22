/**
 * subsetWordPieceVocab: specials, every single character and its ## form, then the most frequent
 * tokens (ties by id), kept in the full vocabulary's order; too small a size and missing
 * specials are named. wordPieceSpecialIds reads the special ids of a re-indexed vocabulary.
 */
import assert from "node:assert/strict";
import { CourseInputError } from "../../../../lib/errors.ts";
import {
  subsetWordPieceVocab,
  wordPieceSpecialIds,
} from "../../../../lib/nlp/bert/vocab_subset.ts";

// a toy "full" vocabulary in BERT's style: [PAD], unused, specials, characters, words, pieces
const full = [
  "[PAD]",
  "[unused0]",
  "[UNK]",
  "[CLS]",
  "[SEP]",
  "[MASK]",
  "a",
  "b",
  "##a",
  "##b",
  "profit",
  "loss",
  "##s",
  "rose",
  "fell",
  "€",
  "##€",
  "never",
];
// counts by id: [unused0] 9, a 1, profit 5, loss 7, ##s 2, rose 5, fell 1, the rest 0
const counts = [0, 9, 0, 0, 0, 0, 1, 0, 0, 0, 5, 7, 2, 5, 1, 0, 0, 0];

Deno.test("subsetWordPieceVocab keeps specials and characters, then the most frequent tokens", () => {
  // kept first: 5 specials + 7 characters / ## forms (a b ##a ##b ##s € ##€) = 12;
  // then by count: [unused0] 9, loss 7, then profit 5 and rose 5 (a tie: the smaller id first)
  const v = subsetWordPieceVocab(full, counts, 15);
  assert.deepEqual(v, [
    "[PAD]",
    "[unused0]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "a",
    "b",
    "##a",
    "##b",
    "profit",
    "loss",
    "##s",
    "€",
    "##€",
  ]);
  assert.equal(subsetWordPieceVocab(full, counts, 12).length, 12);
  assert.ok(!subsetWordPieceVocab(full, counts, 12).includes("loss"));
  const all = subsetWordPieceVocab(full, counts, 100);
  assert.ok(all.includes("rose") && all.includes("fell"));
  assert.ok(!all.includes("never"), "a token never seen is not added");
  assert.equal(all.length, 17, "no more than the kept and the seen tokens");
});

Deno.test("wordPieceSpecialIds reads the re-indexed special ids", () => {
  const v = subsetWordPieceVocab(full, counts, 12);
  assert.deepEqual(wordPieceSpecialIds(v), { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 });
  assert.throws(
    () => wordPieceSpecialIds(["[PAD]", "[UNK]", "[CLS]", "[SEP]"]),
    (e: Error) => e instanceof CourseInputError && e.message.includes("[MASK]"),
  );
});

Deno.test("subsetWordPieceVocab names a size below the kept tokens, bad counts, missing specials", () => {
  assert.throws(
    () => subsetWordPieceVocab(full, counts, 11),
    (e: Error) =>
      e instanceof CourseInputError && e.message.includes("size") && e.message.includes("12"),
  );
  assert.throws(
    () => subsetWordPieceVocab(full, counts.slice(1), 14),
    (e: Error) => e instanceof CourseInputError && e.message.includes(`length ${full.length}`),
  );
  assert.throws(
    () => subsetWordPieceVocab(full.filter((t) => t !== "[CLS]"), counts.slice(1), 14),
    (e: Error) => e instanceof CourseInputError && e.message.includes("[CLS]"),
  );
});
