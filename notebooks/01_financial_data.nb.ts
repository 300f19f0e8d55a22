// %% [markdown]
// # 01 · Financial data with polars
//
// Before any network: what do financial data look like, and how do we keep the future out
// of the past? This chapter loads real prices (88 US stocks, 2012–2017, from the StockNet
// dataset), computes returns and features with **nodejs-polars**, and looks at the three
// facts every later model must respect:
//
// 1. **Fat tails** — big moves are far more frequent than a normal distribution says.
// 2. **Volatility clustering** — calm and stormy periods come in runs.
// 3. **Time order** — a split that lets the model peek at the future reports a score it
//    will never achieve; we build one on purpose and then fix it.
//
// Every dataset is in `data/` (see `data/README.md` for origin and license); nothing is
// downloaded. Loaders validate each file against a schema and name the file, column and row
// of anything wrong.

// %%
import pl from "nodejs-polars";
import {
  addNextTarget,
  addPriceFeatures,
  autocorrelation,
  byMode,
  chronologicalSplit,
  describeSplit,
  deviceBanner,
  excessKurtosis,
  formatTime,
  joinNextTradingDay,
  loadDjia,
  loadPhraseBank,
  loadSp500Returns,
  loadStockNetPrices,
  loadStockNetTweets,
  loadUsdChf30min,
  logReturnExpr,
  pearsonKurtosis,
  report,
  rollingStd,
  skewness,
  walkForwardFolds,
} from "@course/lib";
import { histogramFigure } from "@course/lib/plot/histogram.ts";
import { qqFigure } from "@course/lib/plot/qq.ts";
import { lineFigure } from "@course/lib/plot/line.ts";
import { barFigure } from "@course/lib/plot/bar.ts";
import { timelineFigure } from "@course/lib/plot/timeline.ts";

await deviceBanner();

// %% [markdown]
// ## Prices: one long table, one row per (ticker, date)
//
// `loadStockNetPrices` returns a polars DataFrame with a real `Date` column and declared
// dtypes. The schema check rejects unsorted or repeated dates per ticker, missing columns,
// unparsable numbers and NaN; the three rows of the source whose prices are all empty are
// dropped by an explicit, documented repair.

// %%
const prices = loadStockNetPrices({ withSectors: true });
const nTickers = prices.getColumn("ticker").nUnique();
const nPriceRows = prices.height;
console.log(`${nPriceRows} rows, ${nTickers} tickers, columns: ${prices.columns.join(", ")}`);
prices.head(3);

// %% [markdown]
// ## Returns and features, per ticker, with polars expressions
//
// The **log return** `ln(p_t / p_{t-1})` adds up over time; the simple return `p_t/p_{t-1} - 1`
// adds up across a portfolio. `addPriceFeatures` computes both plus momentum, rolling
// volatility, a rolling z-score, VWAP gap, high-low range and rolling skewness/kurtosis — all
// as expressions evaluated `.over("ticker")`, so no value ever leaks from one ticker into the
// next. `addNextTarget` adds tomorrow's return as the target and drops each ticker's last row
// (it has no tomorrow).

// %%
const t0 = performance.now();
const features = addNextTarget(addPriceFeatures(prices), { col: "log_ret" });
console.log(
  `features for ${nTickers} tickers in ${((performance.now() - t0) / 1000).toFixed(2)} s: ` +
    features.columns.slice(10).join(", "),
);
features.filter(pl.col("ticker").eq(pl.lit("AAPL"))).select(
  "date",
  "adj_close",
  "log_ret",
  "vol_20",
  "mom_20",
  "next_log_ret",
).tail(3);

// %% [markdown]
// ## Fat tails: the S&P 500, 1928–1991
//
// 17,055 daily returns of the S&P 500 (the Ding–Granger–Engle series). We compare the
// histogram with a normal distribution of the same mean and standard deviation, and plot the
// sorted returns against normal quantiles (a QQ plot: a normal sample would lie on the line).
//
// **Kurtosis convention.** We report the *Pearson* kurtosis `m4 / m2²` (population moments):
// a normal distribution has **3**. The *excess* kurtosis is Pearson − 3 (normal = 0). Both
// appear below with their names; the headline metric `kurtosis_daily` is Pearson.

// %%
const sp = Float64Array.from(loadSp500Returns().getColumn("sp500_return").toArray() as number[]);
const kurtosisDaily = pearsonKurtosis(sp);
console.log(
  `S&P 500 daily: Pearson kurtosis ${kurtosisDaily.toFixed(1)}, excess ${
    excessKurtosis(sp).toFixed(1)
  }, skewness ${skewness(sp).toFixed(2)}`,
);
if (!(kurtosisDaily > 10)) throw new Error(`expected fat tails, kurtosis ${kurtosisDaily}`);
histogramFigure({
  values: sp,
  name: "S&P 500 daily return",
  normal: true,
  bins: 120,
  title: "S&P 500 daily returns vs a fitted normal",
  xTitle: "log return",
});

// %%
qqFigure({
  values: sp,
  name: "S&P 500 daily",
  title: "QQ plot: the tails bend away from the line",
});

// %% [markdown]
// ## Kurtosis across assets and frequencies
//
// The USD/CHF exchange rate every 30 minutes (1996–2001) next to daily series. Tails are
// fattest at high frequency; summing many 30-minute returns into a daily one brings the
// distribution closer to normal (a central-limit effect), though never all the way.

// %%
const fx = loadUsdChf30min().withColumns(logReturnExpr("usdchf", null).alias("r"));
const fx30 = Float64Array.from(
  fx.getColumn("r").dropNulls().toArray() as number[],
);
const kurtosis30min = pearsonKurtosis(fx30);
const fxDaily = fx
  .filter(pl.col("timestamp").dt.hour().eq(23).and(pl.col("timestamp").dt.minute().eq(30)))
  .withColumns(logReturnExpr("usdchf", null).alias("r"));
const fxDay = Float64Array.from(fxDaily.getColumn("r").dropNulls().toArray() as number[]);
const djia = loadDjia().withColumns(logReturnExpr("djia_close", null).alias("r"))
  .filter(pl.col("r").neq(pl.lit(0))); // the file repeats the close on holidays
const djiaR = Float64Array.from(djia.getColumn("r").dropNulls().toArray() as number[]);
const stockKurt = features.groupBy("ticker").agg(
  pl.col("log_ret").kurtosis({ fisher: false }).alias("k"),
)
  .getColumn("k").median() as number;
const kurtosisTable = pl.DataFrame({
  series: [
    "USD/CHF 30-min",
    "USD/CHF daily",
    "S&P 500 daily",
    "DJIA daily",
    "StockNet daily (median of 88)",
  ],
  n: [fx30.length, fxDay.length, sp.length, djiaR.length, Math.round(nPriceRows / nTickers)],
  pearson_kurtosis: [
    kurtosis30min,
    pearsonKurtosis(fxDay),
    kurtosisDaily,
    pearsonKurtosis(djiaR),
    stockKurt,
  ],
}).withColumns(pl.col("pearson_kurtosis").minus(3).alias("excess_kurtosis"));
if (!(kurtosis30min > pearsonKurtosis(fxDay))) throw new Error("30-min tails should be fatter");
kurtosisTable;

// %% [markdown]
// ## Volatility clustering
//
// Returns themselves are nearly uncorrelated from one day to the next (markets are hard to
// predict), but their *size* is not: a large |r| today makes a large |r| tomorrow more likely.
// The autocorrelation of |r| stays positive for months — the reason GARCH models and
// volatility-scaled targets exist.

// %%
const vol = Array.from(rollingStd(sp, 20), (v) => v * Math.sqrt(252));
lineFigure({
  y: { "20-day volatility (annualised)": vol },
  title: "S&P 500: rolling volatility comes in waves",
  xTitle: "trading day since 1928",
});

// %%
const maxLag = 50;
const acfR = autocorrelation(sp, maxLag).slice(1);
const acfAbs = autocorrelation(sp.map(Math.abs), maxLag).slice(1);
console.log(
  `lag-1 autocorrelation: r ${acfR[0].toFixed(3)}, |r| ${acfAbs[0].toFixed(3)}; ` +
    `lag 50: |r| ${acfAbs[maxLag - 1].toFixed(3)}`,
);
if (!(acfAbs[maxLag - 1] > 0.05)) throw new Error("expected persistent |r| autocorrelation");
barFigure({
  x: Array.from({ length: maxLag }, (_, i) => i + 1),
  y: { "returns r": Array.from(acfR), "absolute returns |r|": Array.from(acfAbs) },
  title: "Autocorrelation: r is nearly white noise, |r| is not",
  xTitle: "lag (days)",
});

// %% [markdown]
// ## Text at a glance
//
// Later chapters read text: the Financial PhraseBank (sentences labelled by annotators, with
// their level of agreement) and StockNet tweets about our 88 tickers. A tweet is joined to the
// return of the **next** trading day of its ticker, strictly after the tweet's date: weekend
// tweets roll forward to Monday and nothing is matched to a return it could have seen.

// %%
const bank = loadPhraseBank({ minAgreement: 75 });
const labelCounts = bank.groupBy("label").len().sort("label");
barFigure({
  x: labelCounts.getColumn("label").toArray() as string[],
  y: (labelCounts.getColumn("len").toArray() as number[]).map(Number),
  name: "sentences",
  title: "Financial PhraseBank (≥75% annotator agreement): labels",
});

// %%
for (const label of ["positive", "negative", "neutral"]) {
  const s = bank.filter(pl.col("label").eq(pl.lit(label))).getColumn("sentence").get(0);
  console.log(`${label.padEnd(8)} ${s}`);
}
const joined = joinNextTradingDay(loadStockNetTweets(), features, { ret: "log_ret" });
const byWeekday = joined.withColumns(pl.col("date").dt.weekday().alias("weekday"))
  .groupBy("weekday").agg(
    pl.len().alias("tweets"),
    pl.col("target_date").first().alias("example_target"),
  )
  .sort("weekday");
console.log(`${joined.height} tweets joined to the next trading day's return`);
byWeekday;

// %% [markdown]
// ## Walk-forward evaluation, drawn
//
// A time-series model is tested the way it would be used: train on the past, test on the
// period right after, move forward, repeat. Between train and test we leave an **embargo** of a
// few days, so that windows or targets overlapping the boundary cannot carry test information
// into training.

// %%
const dates = features.getColumn("date").toArray() as unknown as Date[];
const folds = walkForwardFolds(dates, { folds: 4, testSize: 120, embargo: 10 });
const segments = folds.flatMap((f) => [
  {
    row: `fold ${f.index + 1}`,
    kind: "train",
    start: f.train.start as Date,
    end: f.train.end as Date,
  },
  {
    row: `fold ${f.index + 1}`,
    kind: "test",
    start: f.test.start as Date,
    end: f.test.end as Date,
  },
]);
for (const f of folds) {
  console.log(
    `fold ${f.index + 1}: train ${formatTime(f.train.start)}..${formatTime(f.train.end)}, ` +
      `test ${formatTime(f.test.start)}..${formatTime(f.test.end)} (${f.embargoed} rows embargoed)`,
  );
}
timelineFigure({ segments, title: "Walk-forward folds with a 10-day embargo" });

// %% [markdown]
// ## A deliberate look-ahead leak, then the fix
//
// The model: a one-feature linear regression of the return on 5-day momentum (`mom_5`, the
// return of the last five days up to and including today), fitted on the first 70% of the
// dates and scored on the last 15% by **directional accuracy** (how often the sign is right).
//
// The bug: using today's return `log_ret` as the target. Momentum up to today already *contains*
// today's return, so the model "predicts" something it has already seen. The fix: the target is
// tomorrow's return `next_log_ret`, which no feature has seen.

// %%
const nLeakTickers = byMode(88, 20);
const tickers = (features.getColumn("ticker").unique().sort().toArray() as string[]).slice(
  0,
  nLeakTickers,
);
const leakData = features.filter(pl.col("ticker").isIn(tickers))
  .filter(pl.col("mom_5").isNotNull().and(pl.col("log_ret").isNotNull()));
const leakDates = leakData.getColumn("date").toArray() as unknown as Date[];
const [trainPart, , testPart] = chronologicalSplit(leakDates, { train: 0.7, val: 0.15, gap: 5 });
console.log(describeSplit([trainPart, testPart]));

function column(df: pl.DataFrame, name: string, rows: number[]): number[] {
  const all = df.getColumn(name).toArray() as number[];
  return rows.map((i) => all[i]);
}
function directionalScore(target: string): number {
  const x = column(leakData, "mom_5", trainPart.indices);
  const y = column(leakData, target, trainPart.indices);
  const mx = x.reduce((a, b) => a + b, 0) / x.length, my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0, sxx = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
  });
  const slope = sxy / sxx, intercept = my - slope * mx;
  const xt = column(leakData, "mom_5", testPart.indices);
  const yt = column(leakData, target, testPart.indices);
  const hits = xt.filter((v, i) => Math.sign(intercept + slope * v) === Math.sign(yt[i])).length;
  return hits / xt.length;
}
const scoreWithLeak = directionalScore("log_ret");
const scoreWithoutLeak = directionalScore("next_log_ret");
console.log(
  `directional accuracy: with the leak ${scoreWithLeak.toFixed(3)}, ` +
    `without ${scoreWithoutLeak.toFixed(3)} (a coin flip is 0.5)`,
);
if (!(scoreWithLeak > scoreWithoutLeak + 0.05)) {
  throw new Error("the leak should inflate the score");
}

// %%
import { compareEstimates, md, proportionSe } from "@course/lib";
const nLeakTest = testPart.indices.length;
const honestVsCoin = compareEstimates(
  { value: scoreWithoutLeak, se: proportionSe(scoreWithoutLeak, nLeakTest) },
  { value: 0.5 },
);
md`With the leak the directional accuracy is ${scoreWithLeak}; without it ${scoreWithoutLeak} on
${nLeakTest} test rows, which **${honestVsCoin}** a coin flip (${honestVsCoin.rule}, with the
binomial standard error; rows of one day move together, so that error is optimistic).`;

// %% [markdown]
// The leaky score looks like a money machine; the honest one is far more modest. Whenever a
// backtest looks too good, check the alignment of features and targets first.
//
// ## Headline numbers

// %%
report({
  kurtosis_daily: Number(kurtosisDaily.toFixed(3)),
  kurtosis_30min: Number(kurtosis30min.toFixed(3)),
  score_with_leak: Number(scoreWithLeak.toFixed(4)),
  score_without_leak: Number(scoreWithoutLeak.toFixed(4)),
  n_tickers: nTickers,
  n_price_rows: nPriceRows,
});

// %% [markdown]
// ## Exercise
//
// Open `exercises/01_data/01_data.ipynb`: compute log returns and rolling volatility per
// ticker yourself, and write walk-forward folds with an embargo. Check your work with
// `deno task grade 01`.
