import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { addMarketRelative, joinNextTradingDay } from "../../../lib/data/joins.ts";

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const dates = (xs: string[]) => pl.Series("date", xs.map(d)).cast(pl.Date);
const iso = (xs: unknown[]) => xs.map((x) => (x as Date).toISOString().slice(0, 10));

// 2014-01-02 Thu, 01-03 Fri, 01-06 Mon, 01-07 Tue. Ticker B trades only on Tue.
const prices = pl.DataFrame({
  ticker: ["A", "A", "A", "A", "B"],
  date: dates(["2014-01-02", "2014-01-03", "2014-01-06", "2014-01-07", "2014-01-07"]),
  ret: [0.01, 0.02, 0.03, 0.04, 0.5],
});

Deno.test("as-of join: next trading day strictly after the tweet; weekends roll to Monday", () => {
  const tweets = pl.DataFrame({
    ticker: ["A", "A", "A", "A", "A", "B", "A"],
    date: dates([
      "2014-01-02",
      "2014-01-03",
      "2014-01-04",
      "2014-01-05",
      "2014-01-06",
      "2014-01-04",
      "2014-01-07",
    ]),
    text: ["thu", "fri", "sat", "sun", "mon", "b-sat", "tue"],
  });
  const j = joinNextTradingDay(tweets, prices, { ret: "ret" });
  assert.deepEqual(j.getColumn("text").toArray(), ["thu", "fri", "sat", "sun", "mon", "b-sat"]);
  assert.deepEqual(iso(j.getColumn("target_date").toArray()), [
    "2014-01-03",
    "2014-01-06",
    "2014-01-06",
    "2014-01-06",
    "2014-01-07",
    "2014-01-07",
  ]);
  // B's tweet gets B's return, never A's; the Tuesday tweet has no later day and is dropped.
  assert.deepEqual(j.getColumn("target_ret").toArray(), [0.02, 0.03, 0.03, 0.03, 0.04, 0.5]);
  for (let i = 0; i < j.height; i++) {
    const t = (j.getColumn("target_date").toArray()[i] as unknown as Date).getTime();
    assert.ok(t > (j.getColumn("date").toArray()[i] as unknown as Date).getTime());
  }
});

Deno.test("as-of join drops matches too far ahead and rejects string dates", () => {
  const tweets = pl.DataFrame({ ticker: ["B"], date: dates(["2013-12-20"]), text: ["old"] });
  assert.equal(joinNextTradingDay(tweets, prices, { ret: "ret" }).height, 0);
  assert.equal(joinNextTradingDay(tweets, prices, { ret: "ret", maxDaysAhead: 30 }).height, 1);
  const bad = pl.DataFrame({ ticker: ["A"], date: ["2014-01-02"] });
  assert.throws(() => joinNextTradingDay(bad, prices, { ret: "ret" }), /a polars Date column/);
});

Deno.test("market-relative return subtracts the date's cross-sectional mean", () => {
  const df = pl.DataFrame({ date: ["x", "x", "x", "y"], r: [0.01, 0.02, 0.06, 0.5] });
  const out = addMarketRelative(df, { ret: "r" }).getColumn("r_rel").toArray() as number[];
  [-0.02, -0.01, 0.03, 0].forEach((v, i) => assert.ok(Math.abs(out[i] - v) < 1e-12));
});
