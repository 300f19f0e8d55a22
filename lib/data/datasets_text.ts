/**
 * Loaders of the bundled text data (see data/README.md): StockNet tweets keyed by
 * (ticker, date), the Financial PhraseBank with its annotator-agreement levels, and the
 * Twitter financial news sentiment set.
 */
import pl from "nodejs-polars";
import { require } from "../errors.ts";
import { dataPath, loadCsv } from "./csv.ts";
import type { TableSchema } from "./schema.ts";

/** Schema of data/news/stocknet_tweets_2014_2016.csv. */
export const STOCKNET_TWEETS_SCHEMA: TableSchema = {
  columns: {
    ticker: "str",
    date: "date",
    created_at_utc: "datetime",
    tweet_id: "str",
    text: "str",
  },
  key: ["tweet_id", "ticker"],
};

/**
 * StockNet tweets 2014-01-01..2016-03-31 (a deterministic subsample, see data/README.md):
 * ticker, date (StockNet's day file), created_at_utc (Datetime), tweet_id (string), text.
 */
export function loadStockNetTweets(options: { tickers?: readonly string[] } = {}): pl.DataFrame {
  const df = loadCsv(dataPath("news", "stocknet_tweets_2014_2016.csv"), STOCKNET_TWEETS_SCHEMA);
  return options.tickers ? df.filter(pl.col("ticker").isIn([...options.tickers])) : df;
}

/** Schema of data/sentiment/financial_phrasebank.csv. */
export const PHRASEBANK_SCHEMA: TableSchema = {
  columns: { id: "i32", sentence: "str", label: "str", agreement_subset: "i32" },
  key: ["id"],
};

/** The agreement levels of the PhraseBank files (Sentences_50Agree .. Sentences_AllAgree). */
export const PHRASEBANK_AGREEMENT = [50, 66, 75, 100] as const;

/**
 * Financial PhraseBank: id, sentence, label (positive/negative/neutral), agreement_subset.
 * `minAgreement` 50 | 66 | 75 | 100 keeps the sentences of Sentences_<X>Agree (default 50: all).
 */
export function loadPhraseBank(options: { minAgreement?: number } = {}): pl.DataFrame {
  const min = options.minAgreement ?? 50;
  require(
    (PHRASEBANK_AGREEMENT as readonly number[]).includes(min),
    "loadPhraseBank",
    "options.minAgreement",
    "one of 50, 66, 75, 100",
    min,
  );
  const df = loadCsv(dataPath("sentiment", "financial_phrasebank.csv"), PHRASEBANK_SCHEMA);
  const labels = new Set(df.getColumn("label").unique().toArray() as string[]);
  require(
    [...labels].every((l) => l === "positive" || l === "negative" || l === "neutral"),
    "loadPhraseBank",
    "label",
    "positive / negative / neutral",
    [...labels].join(", "),
  );
  return df.filter(pl.col("agreement_subset").gtEq(min));
}

/** Schema of data/sentiment/twitter_financial_news_sentiment.csv. */
export const TWITTER_NEWS_SCHEMA: TableSchema = {
  columns: { split: "str", text: "str", label: "i32", label_name: "str" },
};

/**
 * Twitter financial news sentiment: split (train/validation), text, label (0 bearish,
 * 1 bullish, 2 neutral), label_name; `split` keeps one of the two given splits.
 */
export function loadTwitterFinancialNews(
  options: { split?: "train" | "validation" } = {},
): pl.DataFrame {
  const split = options.split;
  require(
    split === undefined || split === "train" || split === "validation",
    "loadTwitterFinancialNews",
    "options.split",
    '"train" or "validation"',
    split,
  );
  const df = loadCsv(
    dataPath("sentiment", "twitter_financial_news_sentiment.csv"),
    TWITTER_NEWS_SCHEMA,
  );
  return split ? df.filter(pl.col("split").eq(pl.lit(split))) : df;
}
