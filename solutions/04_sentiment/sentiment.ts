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
  if (logits.length === 0) throw new Error("softmax: argument 'logits' expected a non-empty row");
  const bad = logits.findIndex((z) => !Number.isFinite(z));
  if (bad >= 0) {
    throw new Error(`softmax: argument 'logits' expected finite numbers, received ${logits[bad]}`);
  }
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
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
  const p = softmax(logits);
  const out: Record<string, number> = {};
  p.forEach((v, i) => {
    const name = id2label[String(i)];
    if (name === undefined) {
      throw new Error(`labelProbabilities: argument 'id2label' has no name for class ${i}`);
    }
    out[name] = v;
  });
  return out;
}

/**
 * Mean pooling as sentence-transformers does it: for each sequence b, the average of the
 * token vectors tokens[b][t] over the positions where mask[b][t] is 1 (padding is ignored).
 * A sequence whose mask is all zero gives a zero vector.
 */
export function meanPool(tokens: number[][][], mask: number[][]): number[][] {
  if (tokens.length !== mask.length) {
    throw new Error(
      `meanPool: argument 'mask' expected ${tokens.length} rows, received ${mask.length}`,
    );
  }
  return tokens.map((seq, b) => {
    if (seq.length !== mask[b].length) {
      throw new Error(
        `meanPool: argument 'mask' expected ${seq.length} positions in row ${b}, received ${
          mask[b].length
        }`,
      );
    }
    const dim = seq[0]?.length ?? 0;
    const sum = new Array<number>(dim).fill(0);
    let n = 0;
    seq.forEach((vec, t) => {
      if (mask[b][t] === 0) return;
      n += mask[b][t];
      vec.forEach((v, d) => (sum[d] += mask[b][t] * v));
    });
    return n > 0 ? sum.map((v) => v / n) : sum;
  });
}

/**
 * The first trading day STRICTLY after `date` (both YYYY-MM-DD; `tradingDays` sorted
 * ascending), or null when there is none: a tweet dated d may be posted after d's close, so
 * the earliest return it can predict without look-ahead is the next session's.
 */
export function nextTradingDay(date: string, tradingDays: readonly string[]): string | null {
  let lo = 0, hi = tradingDays.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tradingDays[mid] <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo < tradingDays.length ? tradingDays[lo] : null;
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
  const acc = new Map<string, DailySentiment>();
  for (const t of tweets) {
    const day = nextTradingDay(t.date, tradingDays);
    if (day === null) continue;
    const key = `${day}\u0000${t.ticker}`;
    const row = acc.get(key) ?? { ticker: t.ticker, day, score: 0, n: 0 };
    row.score += t.score;
    row.n += 1;
    acc.set(key, row);
  }
  return [...acc.values()]
    .map((r) => ({ ...r, score: r.score / r.n }))
    .sort((a, b) =>
      a.day < b.day
        ? -1
        : a.day > b.day
        ? 1
        : a.ticker < b.ticker
        ? -1
        : a.ticker > b.ticker
        ? 1
        : 0
    );
}
