/**
 * The USE-lite unigram tokenizer: Viterbi picks the best total score (not the longest
 * match), unknown characters cost min score - 10 and merge, and the real vocabulary splits
 * finance words as hand-checked from vocab.json.
 */
import assert from "node:assert/strict";
import { type UsePiece, UseTokenizer } from "../../../lib/nlp/use_tokenizer.ts";
import { useLiteDir } from "../../../lib/nlp/use_encoder.ts";

const reserved: UsePiece[] = [["<unk>", 0], ["<s>", 0], ["</s>", 0], ["e1", 0], ["e2", 0], [
  "e3",
  0,
]];

Deno.test("Viterbi picks the best total score, not the longest first match", () => {
  // pieces: ▁a -1, ▁ab -3, b -1, c -1, bc -0.5, ▁abc -5
  const vocab: UsePiece[] = [...reserved, ["▁a", -1], ["▁ab", -3], ["b", -1], ["c", -1], [
    "bc",
    -0.5,
  ], ["▁abc", -5]];
  const t = new UseTokenizer(vocab);
  // candidates: ▁a+bc = -1.5 (best), ▁ab+c = -4, ▁a+b+c = -3, ▁abc = -5
  assert.deepEqual(t.pieces("abc"), ["▁a", "bc"]);
  assert.deepEqual(t.encode("abc"), [6, 10]);
});

Deno.test("unknown characters become one merged <unk>; whitespace is normalised", () => {
  const vocab: UsePiece[] = [...reserved, ["▁a", -1], ["b", -2], ["▁", -2]];
  const t = new UseTokenizer(vocab);
  assert.deepEqual(t.pieces("a  xyz b"), ["▁a", "▁", "<unk>", "▁", "b"]);
  assert.deepEqual(t.encode(""), []);
  assert.equal(UseTokenizer.prepare("  a\tb "), "▁a▁b");
  assert.throws(() => t.encode(3 as unknown as string), /UseTokenizer.encode: argument 'text'/);
});

Deno.test("the real USE-lite vocabulary splits finance text into known pieces", async () => {
  const vocab = JSON.parse(await Deno.readTextFile(`${useLiteDir()}/vocab.json`)) as UsePiece[];
  const t = new UseTokenizer(vocab);
  assert.deepEqual(t.pieces("profits beat forecasts"), ["▁profit", "s", "▁beat", "▁forecast", "s"]);
  assert.deepEqual(t.encode("profits beat forecasts"), [2875, 7, 1547, 6694, 7]);
});
