/** Grader tests for exercise 04 (sentiment): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import { exerciseModule } from "./target.ts";

const m: typeof import("../../solutions/04_sentiment/sentiment.ts") = await exerciseModule(
  "04_sentiment",
  "sentiment.ts",
);

function close(a: number[], b: number[], tol = 1e-9) {
  assert.equal(a.length, b.length, `length ${a.length} vs ${b.length}`);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < tol, `index ${i}: ${v} vs ${b[i]}`));
}

const FINBERT_ID2LABEL = { "0": "positive", "1": "negative", "2": "neutral" };

Deno.test("softmax: exp(z) / sum exp(z) on hand-computed logits", () => {
  // exp(0), exp(ln 2), exp(ln 3) = 1, 2, 3 -> 1/6, 2/6, 3/6
  close(m.softmax([0, Math.log(2), Math.log(3)]), [1 / 6, 2 / 6, 3 / 6]);
  // adding a constant to every logit changes nothing
  close(m.softmax([5, 5 + Math.log(2), 5 + Math.log(3)]), [1 / 6, 2 / 6, 3 / 6]);
});

Deno.test("softmax: stable for large logits (subtract the max first)", () => {
  const p = m.softmax([1000, 1001]);
  close(p, [1 / (1 + Math.E), Math.E / (1 + Math.E)]);
  close(m.softmax([-1000, -1000, -1000, -1000]), [0.25, 0.25, 0.25, 0.25]);
});

Deno.test("softmax: rejects empty rows and non-finite logits", () => {
  assert.throws(() => m.softmax([]), /softmax: argument 'logits' expected/);
  assert.throws(() => m.softmax([0, Number.NaN]), /softmax: argument 'logits' expected/);
});

Deno.test("labelProbabilities: names classes through id2label (FinBERT: 0 pos, 1 neg, 2 neu)", () => {
  // exp: 3, 1, 6 -> 0.3, 0.1, 0.6
  const p = m.labelProbabilities([Math.log(3), 0, Math.log(6)], FINBERT_ID2LABEL);
  assert.deepEqual(Object.keys(p).sort(), ["negative", "neutral", "positive"]);
  close([p.positive, p.negative, p.neutral], [0.3, 0.1, 0.6]);
});

Deno.test("labelProbabilities: another model's label order gives other names", () => {
  const p = m.labelProbabilities([Math.log(3), 0, Math.log(6)], {
    "0": "neutral",
    "1": "positive",
    "2": "negative",
  });
  close([p.neutral, p.positive, p.negative], [0.3, 0.1, 0.6]);
});

Deno.test("labelProbabilities: a class without a name is an error", () => {
  assert.throws(
    () => m.labelProbabilities([0, 0, 0], { "0": "positive", "1": "negative" }),
    /labelProbabilities: argument 'id2label'.*class 2/,
  );
});

Deno.test("meanPool: averages only the positions where the mask is 1", () => {
  const tokens = [
    [[1, 2], [3, 4], [100, -100]], // third position is padding
    [[2, 0], [4, 6], [6, 3]], // no padding
  ];
  close(m.meanPool(tokens, [[1, 1, 0], [1, 1, 1]]).flat(), [2, 3, 4, 3]);
});

Deno.test("meanPool: padding never changes the result; an empty mask gives zeros", () => {
  const a = m.meanPool([[[1, -1], [5, 7]]], [[1, 1]]);
  const b = m.meanPool([[[1, -1], [5, 7], [9, 9], [-9, 4]]], [[1, 1, 0, 0]]);
  close(a.flat(), [3, 3]);
  close(b.flat(), [3, 3]);
  close(m.meanPool([[[4, 4], [8, 8]]], [[0, 0]]).flat(), [0, 0]);
});

Deno.test("meanPool: a mask of the wrong shape is an error", () => {
  assert.throws(() => m.meanPool([[[1], [2]]], [[1, 1], [1, 1]]), /meanPool: argument 'mask'/);
  assert.throws(() => m.meanPool([[[1], [2]]], [[1]]), /meanPool: argument 'mask'/);
});

// Mon 4, Tue 5, (Wed 6 and Thu 7 closed, say), Fri 8, Mon 11 January 2016
const DAYS = ["2016-01-04", "2016-01-05", "2016-01-08", "2016-01-11"];

Deno.test("nextTradingDay: the first session strictly after the date", () => {
  assert.equal(m.nextTradingDay("2016-01-03", DAYS), "2016-01-04"); // Sunday -> Monday
  assert.equal(m.nextTradingDay("2016-01-04", DAYS), "2016-01-05"); // a session -> the next one
  assert.equal(m.nextTradingDay("2016-01-06", DAYS), "2016-01-08"); // closed days roll forward
  assert.equal(m.nextTradingDay("2016-01-08", DAYS), "2016-01-11"); // Friday -> Monday
  assert.equal(m.nextTradingDay("2016-01-09", DAYS), "2016-01-11"); // Saturday -> Monday
  assert.equal(m.nextTradingDay("2016-01-11", DAYS), null); // nothing after the last session
  assert.equal(m.nextTradingDay("2015-12-31", DAYS), "2016-01-04");
});

Deno.test("dailySentiment: weekend tweets roll into Monday, averaged per (ticker, day)", () => {
  const got = m.dailySentiment([
    { ticker: "AAPL", date: "2016-01-08", score: 0.5 }, // Friday -> Monday 11
    { ticker: "AAPL", date: "2016-01-09", score: -0.1 }, // Saturday -> Monday 11
    { ticker: "AAPL", date: "2016-01-10", score: 0.2 }, // Sunday -> Monday 11
    { ticker: "MSFT", date: "2016-01-04", score: 0.4 }, // Monday 4 -> Tuesday 5
    { ticker: "MSFT", date: "2016-01-07", score: -0.6 }, // closed Thursday -> Friday 8
    { ticker: "MSFT", date: "2016-01-06", score: -0.2 }, // closed Wednesday -> Friday 8
    { ticker: "AAPL", date: "2016-01-11", score: 0.9 }, // no later session: dropped
    { ticker: "AAPL", date: "2016-01-04", score: -0.8 }, // -> Tuesday 5
  ], DAYS);
  assert.deepEqual(got.map((r) => [r.day, r.ticker, r.n]), [
    ["2016-01-05", "AAPL", 1],
    ["2016-01-05", "MSFT", 1],
    ["2016-01-08", "MSFT", 2],
    ["2016-01-11", "AAPL", 3],
  ]);
  close(got.map((r) => r.score), [-0.8, 0.4, -0.4, 0.2], 1e-12);
});

Deno.test("dailySentiment: no tweet is ever assigned to its own date or an earlier one", () => {
  const tweets = ["2016-01-04", "2016-01-05", "2016-01-06", "2016-01-08", "2016-01-10"].map((
    date,
    i,
  ) => ({ ticker: `T${i}`, date, score: i / 10 }));
  const got = m.dailySentiment(tweets, DAYS);
  assert.equal(got.length, 5);
  for (const r of got) {
    const source = tweets.find((t) => t.ticker === r.ticker)!;
    assert.ok(r.day > source.date, `${r.ticker}: tweet of ${source.date} used on ${r.day}`);
  }
});
