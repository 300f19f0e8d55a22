// Every bundled dataset loads through its schema check; row counts and class counts are the
// ones documented in data/README.md (and the upstream sources), dates are polars dates.
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  loadDjia,
  loadNyseComposite,
  loadSp500Returns,
  loadStockNetPrices,
  loadStockTable,
  loadUsdChf30min,
  loadVix,
} from "../../../lib/data/datasets_market.ts";
import {
  loadPhraseBank,
  loadStockNetTweets,
  loadTwitterFinancialNews,
} from "../../../lib/data/datasets_text.ts";
import { loadGermanCredit, loadTaiwanCredit } from "../../../lib/data/datasets_credit.ts";

function counts(df: pl.DataFrame, col: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of df.getColumn(col).toArray()) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

Deno.test("StockNet prices: 108,592 rows minus the 3 all-empty rows, 88 tickers, Date column", () => {
  const df = loadStockNetPrices();
  assert.equal(df.height, 108592 - 3);
  assert.equal(df.getColumn("ticker").nUnique(), 88);
  assert.ok(df.getColumn("date").dtype.equals(pl.Date));
  const aapl = loadStockNetPrices({ tickers: ["AAPL"], withSectors: true });
  assert.equal(aapl.getColumn("ticker").nUnique(), 1);
  assert.equal(aapl.getColumn("sector").get(0), "Consumer Goods");
  assert.throws(() => loadStockNetPrices({ tickers: ["NOPE"] }), /unknown NOPE/);
});

Deno.test("StockTable: 88 tickers without the $ prefix, 10 per sector but Conglomerates (8)", () => {
  const t = loadStockTable();
  assert.equal(t.height, 88);
  assert.ok(t.getColumn("ticker").toArray().includes("RDS-B"));
  assert.equal(counts(t, "sector")["Conglomerates"], 8);
});

Deno.test("StockNet tweets: the K=4 subsample, 87 tickers, dates 2014-01-01..2016-03-31", () => {
  const tw = loadStockNetTweets();
  assert.equal(tw.height, 51849);
  assert.equal(tw.getColumn("ticker").nUnique(), 87);
  const perDay = tw.groupBy(["ticker", "date"]).len().getColumn("len").max();
  assert.equal(Number(perDay), 4);
  const d = tw.getColumn("date").toArray() as unknown as Date[];
  const iso = d.map((x) => x.toISOString().slice(0, 10)).sort();
  assert.equal(iso[0], "2014-01-01");
  assert.equal(iso[iso.length - 1], "2016-03-31");
});

Deno.test("PhraseBank: agreement subsets 4846/4217/3453/2264 and label counts", () => {
  const all = loadPhraseBank();
  assert.deepEqual(counts(all, "label"), { neutral: 2879, positive: 1363, negative: 604 });
  assert.deepEqual(
    [50, 66, 75, 100].map((a) => loadPhraseBank({ minAgreement: a }).height),
    [4846, 4217, 3453, 2264],
  );
  assert.throws(() => loadPhraseBank({ minAgreement: 60 }), /one of 50, 66, 75, 100/);
});

Deno.test("Twitter financial news: 9,543 train + 2,388 validation, label counts", () => {
  const df = loadTwitterFinancialNews();
  assert.deepEqual(counts(df, "label_name"), { bearish: 1789, bullish: 2398, neutral: 7744 });
  assert.equal(loadTwitterFinancialNews({ split: "train" }).height, 9543);
  assert.equal(loadTwitterFinancialNews({ split: "validation" }).height, 2388);
});

Deno.test("market series: VIX, DJIA, NYSE (two date typos fixed), S&P 500 returns, USD/CHF", () => {
  assert.equal(loadVix().height, 9235);
  assert.deepEqual(loadVix().columns, ["date", "open", "high", "low", "close"]);
  assert.equal(loadDjia().height, 8610);
  const nyse = loadNyseComposite();
  assert.equal(nyse.height, 9311);
  const iso = (nyse.getColumn("date").toArray() as unknown as Date[]).map((d) =>
    d.toISOString().slice(0, 10)
  );
  assert.equal(iso[287], "1967-02-23");
  assert.equal(iso[962], "1969-12-09");
  const sp = loadSp500Returns();
  assert.equal(sp.height, 17055);
  assert.ok(Math.abs(Number(sp.getColumn("sp500_return").min()) - -0.228) < 1e-3);
  const fx = loadUsdChf30min();
  assert.equal(fx.height, 62496);
  assert.equal(
    (fx.getColumn("timestamp").toArray()[1] as unknown as Date).toISOString(),
    "1996-04-01T00:30:00.000Z",
  );
});

Deno.test("credit sets: Taiwan 30,000 rows with 6,636 defaults; German 700 good / 300 bad", () => {
  const tw = loadTaiwanCredit();
  assert.equal(tw.height, 30000);
  assert.equal(Number(tw.getColumn("default_payment_next_month").sum()), 6636);
  const de = loadGermanCredit();
  assert.deepEqual(counts(de, "class_label"), { good: 700, bad: 300 });
});
