/**
 * Tests of chapter 07's data builders on small synthetic frames (known answers): month order,
 * standardisation with training statistics only (a test row cannot move them), the flat
 * baseline features, and chronological market windows whose label horizon never crosses the
 * split.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  TAIWAN_BILL_COLUMNS,
  TAIWAN_PAY_COLUMNS,
  TAIWAN_PAYAMT_COLUMNS,
} from "../../../lib/data/datasets_credit.ts";
import { taiwanSequences } from "../../../lib/jepa/credit_sequences.ts";
import { marketWindows } from "../../../lib/jepa/market_windows.ts";
import { Rng } from "../../../lib/random.ts";

/** A synthetic Taiwan-credit frame: PAY_k = client id + month index (Sep = 0 … Apr = 5). */
function creditFrame(n: number): pl.DataFrame {
  const r = new Rng(3);
  const cols: Record<string, number[]> = {};
  TAIWAN_PAY_COLUMNS.forEach((c, m) => (cols[c] = Array.from({ length: n }, (_, i) => i + m)));
  TAIWAN_BILL_COLUMNS.forEach((c) => (cols[c] = Array.from({ length: n }, () => r.normal(0, 5e4))));
  TAIWAN_PAYAMT_COLUMNS.forEach((
    c,
  ) => (cols[c] = Array.from({ length: n }, () => r.uniform(0, 9e3))));
  cols.LIMIT_BAL = Array.from({ length: n }, () => r.uniform(1e4, 5e5));
  cols.AGE = Array.from({ length: n }, () => r.int(40) + 21);
  cols.SEX = Array.from({ length: n }, (_, i) => 1 + (i % 2));
  cols.EDUCATION = Array.from({ length: n }, (_, i) => 1 + (i % 4));
  cols.MARRIAGE = Array.from({ length: n }, (_, i) => 1 + (i % 3));
  cols.default_payment_next_month = Array.from({ length: n }, (_, i) => i % 5 === 0 ? 1 : 0);
  return pl.DataFrame(cols);
}

Deno.test("taiwanSequences: oldest month first, training statistics only, flat = sequence", () => {
  const n = 40;
  const df = creditFrame(n);
  const train = Array.from({ length: 30 }, (_, i) => i);
  const s = taiwanSequences(df, train);
  assert.equal(s.n, n);
  assert.equal(s.steps, 6);
  assert.equal(s.x.length, n * 6 * 8);
  assert.equal(s.flat[0].length, 23);
  assert.equal(s.flatNames.length, 23);
  assert.deepEqual(s.y.slice(0, 6), [1, 0, 0, 0, 0, 1]);
  // pay status rises by one per month back in time (PAY_6 = April is the largest): reversed
  // to oldest first, the standardised status falls step by step.
  const pay = (i: number, t: number) => s.x[(i * 6 + t) * 8];
  for (let t = 1; t < 6; t++) assert.ok(pay(7, t) < pay(7, t - 1), `step ${t}`);
  // every feature has mean 0 and sd 1 over the training rows (dynamic ones pooled over months)
  for (let j = 0; j < 8; j++) {
    const v = train.flatMap((i) => Array.from({ length: 6 }, (_, t) => s.x[(i * 6 + t) * 8 + j]));
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    assert.ok(Math.abs(m) < 1e-5 && Math.abs(sd - 1) < 1e-4, `feature ${j}: mean ${m}, sd ${sd}`);
  }
  // the flat baseline holds the same numbers: month-major dynamics, then the static context
  for (let t = 0; t < 6; t++) {
    for (let j = 0; j < 3; j++) {
      assert.ok(Math.abs(s.flat[5][t * 3 + j] - s.x[(5 * 6 + t) * 8 + j]) < 1e-6);
    }
  }
  // a test row cannot move the statistics: change it wildly, the training rows stay the same
  const changed = df.withColumn(
    pl.Series(
      "LIMIT_BAL",
      (df.getColumn("LIMIT_BAL").toArray() as number[]).map((v, i) => (i === 35 ? 1e9 : v)),
    ),
  );
  const s2 = taiwanSequences(changed, train);
  assert.deepEqual(s2.x.slice(0, 30 * 48), s.x.slice(0, 30 * 48));
  assert.notDeepEqual(s2.x.slice(35 * 48, 36 * 48), s.x.slice(35 * 48, 36 * 48));
});

Deno.test("taiwanSequences rejects bad training rows", () => {
  const df = creditFrame(5);
  assert.throws(
    () => taiwanSequences(df, [0, 9]),
    /taiwanSequences: argument 'trainRows' expected row indices in 0..4/,
  );
});

/** Synthetic prices for two tickers on consecutive days, daily log return ±r alternating. */
function priceFrame(days: number): pl.DataFrame {
  const rows: Record<string, unknown>[] = [];
  for (const [ticker, sector, r] of [["AAA", "Tech", 0.01], ["BBB", "Energy", 0.02]] as const) {
    let close = 100;
    for (let d = 0; d < days; d++) {
      if (d > 0) close *= Math.exp(d % 2 ? r : -r);
      const date = new Date(Date.UTC(2016, 0, 1 + d)).toISOString().slice(0, 10);
      rows.push({
        ticker,
        date,
        high: close * 1.01,
        low: close * 0.99,
        adj_close: close,
        volume: 1e6 + d,
        sector,
      });
    }
  }
  return pl.DataFrame(rows);
}

Deno.test("marketWindows: label horizons end before the split, test windows start after it", () => {
  const df = priceFrame(300);
  const split = "2016-06-01";
  const w = marketWindows(df, { length: 10, stride: 5, horizon: 7, splitDate: split });
  assert.ok(w.train.n > 10 && w.test.n > 10, `${w.train.n} train, ${w.test.n} test`);
  assert.deepEqual(w.sectors, ["Energy", "Tech"]);
  assert.equal(w.train.x.length, w.train.n * 10 * 3);
  const addDays = (iso: string, k: number) =>
    new Date(Date.parse(iso) + k * 86_400_000).toISOString().slice(0, 10);
  // consecutive synthetic days: the label horizon ends `horizon` days after a window's end
  w.train.end.forEach((e) => assert.ok(addDays(e, 7) < split, `train window ending ${e}`));
  w.test.end.forEach((e) => assert.ok(addDays(e, -9) >= split, `test window ending ${e}`));
  // future volatility: |r| every day, annualised → r·√252 (0.01 for AAA, 0.02 for BBB)
  w.train.futureVol.forEach((v, i) => {
    const r = w.train.ticker[i] === "AAA" ? 0.01 : 0.02;
    assert.ok(Math.abs(v - r * Math.sqrt(252)) < 1e-9, `${w.train.ticker[i]}: ${v}`);
  });
  assert.throws(
    () => marketWindows(df.drop("sector")),
    /marketWindows: argument 'df' expected a column "sector"/,
  );
  assert.throws(
    () => marketWindows(df, { splitDate: "2030-01-01" }),
    /argument 'splitDate' expected a date leaving windows on both sides/,
  );
});
