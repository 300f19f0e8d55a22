import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  addNextTarget,
  addPriceFeatures,
  logReturnExpr,
  momentumExpr,
  rollingKurtosisExpr,
  rollingSkewExpr,
  vwapExpr,
  zScoreExpr,
} from "../../../lib/data/features.ts";
import { pearsonKurtosis, skewness } from "../../../lib/data/stats.ts";

const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i));
// Two tickers, 6 days each: A doubles every day, B has prices 10, 11, 9, 12, 10, 13.
function frame(): pl.DataFrame {
  const a = [1, 2, 4, 8, 16, 32], b = [10, 11, 9, 12, 10, 13];
  return pl.DataFrame({
    ticker: [...a.map(() => "A"), ...b.map(() => "B")],
    date: pl.Series("date", [...a.map((_, i) => day(i)), ...b.map((_, i) => day(i))]).cast(pl.Date),
    adj_close: [...a, ...b],
    close: [...a, ...b],
    high: [...a.map((p) => p * 1.1), ...b.map((p) => p + 1)],
    low: [...a.map((p) => p * 0.9), ...b.map((p) => p - 1)],
    volume: [1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6],
  });
}

const col = (df: pl.DataFrame, c: string) => df.getColumn(c).toArray() as (number | null)[];
const close = (a: number | null, b: number, tol = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} != ${b}`);

Deno.test("log returns and momentum stay inside each ticker", () => {
  const df = frame().withColumns(
    logReturnExpr().alias("lr"),
    momentumExpr("adj_close", 2).alias("m2"),
  );
  const lr = col(df, "lr"), m2 = col(df, "m2");
  assert.equal(lr[0], null);
  assert.equal(lr[6], null, "B's first return must not use A's last price");
  for (let i = 1; i < 6; i++) close(lr[i], Math.log(2));
  close(lr[7], Math.log(11 / 10));
  assert.equal(m2[7], null);
  close(m2[8], 9 / 10 - 1);
  close(m2[2], 3);
});

Deno.test("VWAP over 2 days and rolling z-score match hand computation", () => {
  const df = frame().withColumns(vwapExpr(2).alias("vwap"), zScoreExpr("close", 3).alias("z"));
  const v = col(df, "vwap"), z = col(df, "z");
  // B days 1-2: typical prices 11 and 9 (high+low+close)/3, volumes 2 and 3.
  close(v[8], (11 * 2 + 9 * 3) / 5);
  assert.equal(v[6], null);
  // B days 0-2: 10, 11, 9 -> mean 10, sample std 1, z of 9 = -1.
  close(z[8], -1);
});

Deno.test("rolling skew/kurtosis expressions equal lib/data/stats on each window", () => {
  const xs = [0.01, -0.02, 0.03, 0.015, -0.04, 0.02, 0.005, -0.01];
  const df = pl.DataFrame({ x: xs }).withColumns(
    rollingSkewExpr("x", 5, null).alias("s"),
    rollingKurtosisExpr("x", 5, null).alias("k"),
  );
  const s = col(df, "s"), k = col(df, "k");
  assert.equal(k[3], null);
  for (let i = 4; i < xs.length; i++) {
    close(s[i], skewness(xs.slice(i - 4, i + 1)), 1e-8);
    close(k[i], pearsonKurtosis(xs.slice(i - 4, i + 1)), 1e-8);
  }
});

Deno.test("next-period target: shifted within ticker, last row of each ticker dropped", () => {
  const df = addNextTarget(frame().withColumns(logReturnExpr().alias("lr")), { col: "lr" });
  assert.equal(df.height, 10);
  const tick = df.getColumn("ticker").toArray();
  const target = col(df, "next_lr"), lr = col(df, "lr");
  for (let i = 0; i + 1 < df.height; i++) {
    if (tick[i] === tick[i + 1]) assert.equal(target[i], lr[i + 1]);
  }
  // A's last kept row (day 4) carries A's day-5 return, never B's.
  close(target[4], Math.log(2));
});

Deno.test("addPriceFeatures names its columns and rejects unsorted frames", () => {
  const f = addPriceFeatures(frame(), {
    volWindow: 3,
    zWindow: 3,
    momentWindow: 4,
    vwapWindow: 2,
    momentum: [1],
  });
  for (
    const c of [
      "ret",
      "log_ret",
      "hl_range",
      "vwap_gap_2",
      "mom_1",
      "vol_3",
      "z_3",
      "skew_4",
      "kurt_4",
    ]
  ) {
    assert.ok(f.columns.includes(c), c);
  }
  close(col(f, "ret")[1], 1);
  close(col(f, "hl_range")[0], 0.2, 1e-12);
  const shuffled = frame().sort("date");
  assert.throws(() => addPriceFeatures(shuffled), /sorted by \(ticker, date\)/);
});
