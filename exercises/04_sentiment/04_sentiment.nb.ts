// %% [markdown]
// # Exercise 04 · From logits to labels, from tokens to a sentence, from tweets to a signal
//
// Three small pieces of the chapter, in `sentiment.ts` next to this notebook:
//
// 1. `softmax` and `labelProbabilities`: a classifier such as FinBERT outputs one **logit**
//    per class; softmax turns them into probabilities, $p_i = e^{z_i - m} / \sum_j e^{z_j - m}$
//    with $m = \max_j z_j$ (subtracting the max changes nothing mathematically and keeps
//    `exp` from overflowing). Which class index means what is read from the model's
//    `config.json` `id2label` — ProsusAI/finbert says `{0: positive, 1: negative, 2: neutral}`;
//    never assume an order.
// 2. `meanPool`: a sentence embedding is the average of its token vectors over the positions
//    where the **attention mask** is 1, so padding added to make a batch rectangular does not
//    change a sentence's vector.
// 3. `nextTradingDay` and `dailySentiment`: a tweet dated $d$ informs only the first trading
//    session **strictly after** $d$ (it may have been posted after the close); weekend tweets
//    roll forward to Monday; scores are averaged per (ticker, session).
//
// Grade yourself with `deno task grade 04`.

// %%
import pl from "nodejs-polars";
import {
  deviceBanner,
  htmlTable,
  joinNextTradingDay,
  loadStockNetPrices,
  loadStockNetTweets,
  meanPool as libMeanPool,
  sentiment,
  softmaxRows,
} from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const sentimentFile: typeof import("./sentiment.ts") = await import(
  `./sentiment.ts?v=${Date.now()}`
);
const { dailySentiment, labelProbabilities, meanPool, nextTradingDay, softmax } = sentimentFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. Logits → probabilities → label names
//
// The logits below are made up (what a classifier might output for "profits rose 20%"). Your
// softmax must agree with the library's `softmaxRows`, also for logits in the thousands.

// %%
const exLogits = [2.1, -1.3, 0.4];
const FINBERT_ID2LABEL = { "0": "positive", "1": "negative", "2": "neutral" };
console.log("softmax:", softmax(exLogits).map((v) => v.toFixed(4)));
console.log("library:", Array.from(softmaxRows([exLogits])[0]).map((v) => v.toFixed(4)));
console.log("named:", labelProbabilities(exLogits, FINBERT_ID2LABEL));
console.log("large logits:", softmax([1000, 1002, 999]).map((v) => v.toFixed(4)));

// %% [markdown]
// ## 2. Mean pooling with an attention mask
//
// Two "sentences" of token vectors (dimension 2); the first has one padding position.

// %%
const exTokens = [
  [[1, 0], [0, 1], [9, 9]],
  [[2, 2], [4, 0], [0, 4]],
];
const exMask = [[1, 1, 0], [1, 1, 1]];
console.log("yours:  ", meanPool(exTokens, exMask));
console.log(
  "library:",
  libMeanPool(exTokens.flat(2), exMask.flat(), [2, 3, 2]).map((v) => Array.from(v)),
);

// %% [markdown]
// ## 3. Tweets → daily sentiment per ticker, no look-ahead
//
// A week of real StockNet tweets for two tickers, scored by the course's sentiment model
// (P(positive) − P(negative)). Your `dailySentiment` must give the same sessions and averages
// as the library's polars as-of join `joinNextTradingDay` followed by a group-by.

// %%
const exTickers = ["AAPL", "MSFT"];
const exTweets = loadStockNetTweets({ tickers: exTickers })
  .filter(
    pl.col("date").gtEq(pl.lit(new Date("2016-03-03T00:00:00Z")))
      .and(pl.col("date").ltEq(pl.lit(new Date("2016-03-08T00:00:00Z")))),
  )
  .select(pl.col("ticker"), pl.col("created_at_utc").cast(pl.Date).alias("date"), pl.col("text"));
const exScores = await sentiment(exTweets.getColumn("text").toArray() as string[], {
  model: "course",
});
const exScored = exTweets.withColumns(pl.Series("score", exScores.score));
const exPrices = loadStockNetPrices({ tickers: exTickers })
  .withColumns(pl.col("close").div(pl.col("open")).log().alias("oc_ret"));
const iso = (d: Date) => d.toISOString().slice(0, 10);
const exDays = [...new Set((exPrices.getColumn("date").toArray() as unknown as Date[]).map(iso))]
  .sort();
console.log("a Saturday tweet informs", nextTradingDay("2016-03-05", exDays));

const mine = dailySentiment(
  exScored.toRecords().map((r) => ({
    ticker: r.ticker as string,
    date: iso(r.date as unknown as Date),
    score: r.score as number,
  })),
  exDays,
);
const reference = joinNextTradingDay(exScored, exPrices, { ret: "oc_ret" })
  .groupBy(["ticker", "target_date"])
  .agg(pl.col("score").mean().alias("score"), pl.len().alias("n"))
  .sort(["target_date", "ticker"]);
const refRows = reference.toRecords();
htmlTable(
  mine.map((r, i) => ({
    ticker: r.ticker,
    session: r.day,
    tweets: r.n,
    "your score": r.score,
    "library session": refRows[i] ? iso(refRows[i].target_date as unknown as Date) : "missing",
    "library score": refRows[i] ? refRows[i].score as number : Number.NaN,
  })),
  { caption: "daily sentiment: yours vs joinNextTradingDay + groupBy" },
);
