/** Real StockNet returns as a [T][N] matrix: values from the raw prices, common dates, liquidity. */
import assert from "node:assert/strict";
import { loadStockNetPrices } from "../../../lib/data/datasets_market.ts";
import { liquidTickers, stockReturnsMatrix } from "../../../lib/portfolio/mod.ts";

const df = loadStockNetPrices();

Deno.test("stockReturnsMatrix: returns are ratios of adjusted closes on common, sorted dates", () => {
  const m = stockReturnsMatrix(["AAPL", "MSFT"], { df, from: "2015-01-01", to: "2015-03-31" });
  assert.deepEqual(m.tickers, ["AAPL", "MSFT"]);
  assert.equal(m.returns.length, m.dates.length);
  assert.ok(m.dates.every((d, i) => i === 0 || d > m.dates[i - 1]));
  assert.ok(m.dates[0] >= "2015-01-01" && m.dates.at(-1)! <= "2015-03-31");
  const aapl = loadStockNetPrices({ tickers: ["AAPL"] });
  const dates = (aapl.getColumn("date").toArray() as unknown as Date[]).map((d) =>
    d.toISOString().slice(0, 10)
  );
  const px = aapl.getColumn("adj_close").toArray() as number[];
  const k = 10;
  const i = dates.indexOf(m.dates[k]);
  assert.ok(Math.abs(m.returns[k][0] - (px[i] / px[i - 1] - 1)) < 1e-12);
});

Deno.test("liquidTickers: the largest mean dollar volume among full histories, BABA excluded", () => {
  const top = liquidTickers(10, df);
  assert.equal(top.length, 10);
  assert.ok(top.includes("AAPL"));
  assert.ok(!top.includes("BABA"), "listed in 2014: a short history");
  const m = stockReturnsMatrix(top, { df });
  assert.ok(m.returns.length > 1200, `${m.returns.length} common dates`);
});

Deno.test("stockReturnsMatrix / liquidTickers: reject bad input with named messages", () => {
  assert.throws(
    () => stockReturnsMatrix([], { df }),
    /stockReturnsMatrix: argument 'tickers' expected a non-empty list/,
  );
  assert.throws(() => stockReturnsMatrix(["AAPL", "AAPL"], { df }), /distinct tickers/);
  assert.throws(
    () => stockReturnsMatrix(["AAPL"], { df, from: "2030-01-01" }),
    /expected tickers with at least 2 common dates/,
  );
  assert.throws(() => liquidTickers(0, df), /liquidTickers: argument 'n' expected an integer > 0/);
});
