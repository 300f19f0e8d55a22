import assert from "node:assert/strict";
import {
  buildVocabulary,
  PAD_ID,
  padSequences,
  START_ID,
  tokenizeFinancial,
  UNK_ID,
  Vocabulary,
} from "../../../lib/nlp/vocab.ts";

Deno.test("tokenizeFinancial keeps numbers, percentages, tickers and hyphenated words", () => {
  assert.deepEqual(
    tokenizeFinancial("Operating profit rose to EUR 13.1 mn , up 12 % year-on-year."),
    ["operating", "profit", "rose", "to", "eur", "13.1", "mn", "up", "12%", "year-on-year"],
  );
  assert.deepEqual(
    tokenizeFinancial("$AAPL up 5%! https://t.co/x $BRK.B company's 100,000 shares?"),
    ["$aapl", "up", "5%", "!", "<url>", "$brk.b", "company's", "100,000", "shares", "?"],
  );
  assert.deepEqual(tokenizeFinancial("Net sales 2.5 bn.", { maskNumbers: true }), [
    "net",
    "sales",
    "<num>",
    "bn",
  ]);
  assert.deepEqual(tokenizeFinancial("A, b.", { keepPunctuation: true, lowercase: false }), [
    "A",
    ",",
    "b",
    ".",
  ]);
  assert.deepEqual(tokenizeFinancial("   "), []);
  assert.throws(
    () => tokenizeFinancial(3 as unknown as string),
    /argument 'text' expected a string/,
  );
});

Deno.test("buildVocabulary: reserved ids, frequency order, minFreq and maxSize", () => {
  const train = ["profit up up", "profit down", "loss up"];
  const v = buildVocabulary(train);
  // counts: up 3, profit 2, down 1, loss 1 (ties alphabetical)
  assert.deepEqual(v.tokens, ["<PAD>", "<START>", "<UNK>", "up", "profit", "down", "loss"]);
  assert.equal(v.size, 7);
  assert.deepEqual(buildVocabulary(train, { minFreq: 2 }).tokens.slice(3), ["up", "profit"]);
  assert.deepEqual(buildVocabulary(train, { maxSize: 5 }).tokens.slice(3), ["up", "profit"]);
  assert.throws(() => buildVocabulary([]), /buildVocabulary: argument 'texts'/);
  assert.throws(() => buildVocabulary(train, { maxSize: 2 }), /options.maxSize' expected/);
  assert.throws(() => buildVocabulary(train, { minFreq: 0 }), /options.minFreq/);
});

Deno.test("a vocabulary built on train only maps test-only words to <UNK>", () => {
  const texts = ["shares rose", "shares fell", "bankruptcy looms"];
  const trainIdx = [0, 1];
  const v = buildVocabulary(trainIdx.map((i) => texts[i]));
  assert.equal(v.has("bankruptcy"), false);
  assert.deepEqual(v.encode(texts[2]), [START_ID, UNK_ID, UNK_ID]);
  assert.deepEqual(v.encode("shares rose", { addStart: false }), [
    v.idOf("shares"),
    v.idOf("rose"),
  ]);
});

Deno.test("encode/decode round trip and JSON round trip", () => {
  const v = buildVocabulary(["sales rose 5% in q3", "sales fell"]);
  const ids = v.encode("Sales rose 5% in Q3");
  assert.equal(v.decode(ids), "sales rose 5% in q3");
  assert.equal(
    v.decode([START_ID, v.idOf("sales"), UNK_ID, PAD_ID], { keepSpecial: true }),
    "<START> sales <UNK> <PAD>",
  );
  const back = Vocabulary.fromJSON(JSON.parse(JSON.stringify(v)));
  assert.deepEqual(back.tokens, v.tokens);
  assert.deepEqual(back.encode("sales fell"), v.encode("sales fell"));
  assert.throws(() => v.decode([99]), /Vocabulary.decode: argument 'ids\[0\]'/);
  assert.throws(() => new Vocabulary(["a", "b", "c"]), /Vocabulary: argument 'tokens'/);
});

Deno.test("padSequences: pre/post padding and truncation like Keras", () => {
  const seqs = [[1, 2, 3, 4, 5], [7, 8]];
  assert.deepEqual([...padSequences(seqs, { maxLen: 3 })], [3, 4, 5, 0, 7, 8]);
  assert.deepEqual([...padSequences(seqs, { maxLen: 3, padding: "post", truncating: "post" })], [
    1,
    2,
    3,
    7,
    8,
    0,
  ]);
  assert.deepEqual([...padSequences([[]], { maxLen: 2, value: 9 })], [9, 9]);
  assert.throws(() => padSequences(seqs, { maxLen: 0 }), /opts.maxLen' expected an integer > 0/);
  assert.throws(
    () => padSequences(seqs, { maxLen: 2, padding: "middle" as "pre" }),
    /opts.padding' expected "pre" or "post"/,
  );
  assert.throws(() => padSequences([[1.5]], { maxLen: 2 }), /seqs\[0\]\[0\]' expected an integer/);
});

Deno.test("encodeBatch pads and truncates encoded texts into [n, maxLen]", () => {
  const v = buildVocabulary(["a b c d"]);
  const [a, b, c, d] = ["a", "b", "c", "d"].map((w) => v.idOf(w));
  assert.deepEqual([...v.encodeBatch(["a b c d", "b"], { maxLen: 3 })], [b, c, d, 0, START_ID, b]);
  assert.deepEqual([...v.encodeBatch(["a b c d"], { maxLen: 3, truncating: "post" })], [
    START_ID,
    a,
    b,
  ]);
  assert.throws(() => v.encodeBatch([null as unknown as string], { maxLen: 3 }), /texts\[0\]/);
});
