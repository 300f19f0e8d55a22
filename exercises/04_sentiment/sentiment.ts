/**
 * Exercise 04: the numeric steps around a BERT classifier and an encoder (softmax over logits,
 * the label names from the model's config, mean pooling over the attention mask), and daily
 * per-ticker sentiment that never looks ahead. Replace each `throw` with your code, then run
 * `deno task grade 04`.
 */

/** One scored tweet: its ticker, its calendar date (YYYY-MM-DD) and a score in [-1, 1]. */
export interface ScoredTweet {
  ticker: string;
  date: string;
  score: number;
}

/** The mean score of the tweets that inform one trading day of one ticker. */
export interface DailySentiment {
  ticker: string;
  day: string;
  score: number;
  n: number;
}

/**
 * Softmax of one row of logits, numerically stable: subtract the row's maximum before exp,
 * so that logits like [1000, 1001] do not overflow. The outputs are positive and sum to 1.
 */
export function softmax(logits: number[]): number[] {
  void logits;
  throw new Error("TODO: softmax — subtract the row max, exp, divide by the sum");
}

/**
 * Probabilities per label name: softmax of `logits`, named through the model config's
 * `id2label` (keys are class indices as strings, e.g. ProsusAI/finbert's
 * {"0": "positive", "1": "negative", "2": "neutral"}). Every index must have a name.
 */
export function labelProbabilities(
  logits: number[],
  id2label: Record<string, string>,
): Record<string, number> {
  void logits, id2label;
  throw new Error("TODO: labelProbabilities — softmax, then name class i by id2label[String(i)]");
}

/**
 * Mean pooling as sentence-transformers does it: for each sequence b, the average of the
 * token vectors tokens[b][t] over the positions where mask[b][t] is 1 (padding is ignored).
 * A sequence whose mask is all zero gives a zero vector.
 */
export function meanPool(tokens: number[][][], mask: number[][]): number[][] {
  void tokens, mask;
  throw new Error("TODO: meanPool — sum the vectors where mask is 1, divide by the mask's sum");
}

/**
 * The first trading day STRICTLY after `date` (both YYYY-MM-DD; `tradingDays` sorted
 * ascending), or null when there is none: a tweet dated d may be posted after d's close, so
 * the earliest return it can predict without look-ahead is the next session's.
 */
export function nextTradingDay(date: string, tradingDays: readonly string[]): string | null {
  void date, tradingDays;
  throw new Error("TODO: nextTradingDay — the first day in tradingDays that is > date");
}

/**
 * Daily sentiment per ticker without look-ahead: each tweet goes to `nextTradingDay` of its
 * date (weekend and holiday tweets roll forward to the next session), tweets without one are
 * dropped, and the scores are averaged per (ticker, day). Sorted by day, then ticker.
 */
export function dailySentiment(
  tweets: readonly ScoredTweet[],
  tradingDays: readonly string[],
): DailySentiment[] {
  void tweets, tradingDays;
  throw new Error("TODO: dailySentiment — group by (ticker, nextTradingDay(date)), average");
}
