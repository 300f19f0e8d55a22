import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { loadCsv } from "../../../lib/data/csv.ts";
import { DataNotFoundError, DataSchemaError } from "../../../lib/data/data_errors.ts";
import type { TableSchema } from "../../../lib/data/schema.ts";

const SCHEMA: TableSchema = {
  columns: { ticker: "str", date: "date", close: "f64", volume: "i64" },
  key: ["ticker", "date"],
  group: "ticker",
  time: "date",
};

const GOOD = [
  "ticker,date,close,volume",
  "A,2020-01-02,10.5,100",
  "A,2020-01-03,11,200",
  "B,2020-01-02,20,300",
  "B,2020-01-03,21.5,400",
];

function write(lines: string[]): string {
  const dir = Deno.makeTempDirSync({ prefix: "csv_test_" });
  const path = `${dir}/prices.csv`;
  Deno.writeTextFileSync(path, lines.join("\n") + "\n");
  return path;
}

function fails(lines: string[], pattern: RegExp, schema = SCHEMA, opts = {}): DataSchemaError {
  const path = write(lines);
  let err: unknown = null;
  try {
    loadCsv(path, schema, opts);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof DataSchemaError, `expected a DataSchemaError, got ${err}`);
  assert.match(err.message, pattern);
  assert.ok(err.message.includes("prices.csv"), "the message names the file");
  return err;
}

Deno.test("a good file loads with parsed dates and declared dtypes", () => {
  const df = loadCsv(write(GOOD), SCHEMA);
  assert.equal(df.height, 4);
  assert.ok(df.getColumn("date").dtype.equals(pl.Date));
  assert.ok(df.getColumn("close").dtype.equals(pl.Float64));
  assert.ok(df.getColumn("volume").dtype.equals(pl.Int64));
  assert.deepEqual(df.getColumn("close").toArray(), [10.5, 11, 20, 21.5]);
  assert.equal(
    (df.getColumn("date").toArray()[1] as unknown as Date).toISOString(),
    "2020-01-03T00:00:00.000Z",
  );
});

Deno.test("a bad number names the column, the row and the value", () => {
  const lines = [...GOOD];
  lines[3] = "B,2020-01-02,2O.0,300";
  const e = fails(
    lines,
    /column 'close', row 3 \(line 4\): expected a value of type f64, received "2O.0"/,
  );
  assert.equal(e.row, 3);
  assert.equal(e.column, "close");
});

Deno.test("a bad date, a missing column and an extra column are named", () => {
  const bad = [...GOOD];
  bad[2] = "A,2020-02-30,11,200";
  fails(bad, /column 'date', row 2 .*expected a date, received "2020-02-30"/);
  fails(GOOD.map((l) => l.split(",").slice(0, 3).join(",")), /missing column\(s\) 'volume'/);
  fails(GOOD.map((l, i) => l + (i === 0 ? ",extra" : ",1")), /unexpected column\(s\) 'extra'/);
});

Deno.test("unsorted and repeated timestamps per ticker are rejected, sort repairs order", () => {
  const unsorted = [GOOD[0], GOOD[2], GOOD[1], GOOD[3], GOOD[4]];
  fails(unsorted, /column 'date', row 2 .*unsorted timestamp 2020-01-02 within ticker A/);
  const df = loadCsv(write(unsorted), SCHEMA, { sort: true });
  assert.deepEqual(df.getColumn("close").toArray(), [10.5, 11, 20, 21.5]);
  fails([...GOOD, "B,2020-01-03,22,1"], /row 5 .*duplicate timestamp 2020-01-03 within ticker B/);
});

Deno.test("duplicate keys without a time check are rejected", () => {
  const schema: TableSchema = { ...SCHEMA, time: undefined, group: undefined };
  fails(
    [...GOOD, "A,2020-01-02,9,1"],
    /row 5 .*duplicate key \(ticker=A, date=2020-01-02\)/,
    schema,
  );
});

Deno.test("nulls and NaN/Inf fail; dropNullRows and forwardFill are explicit repairs", () => {
  const withNull = [...GOOD];
  withNull[2] = "A,2020-01-03,,";
  fails(withNull, /column 'close', row 2 .*missing value/);
  assert.equal(loadCsv(write(withNull), SCHEMA, { dropNullRows: ["close"] }).height, 3);
  const filled = loadCsv(write(withNull), SCHEMA, { forwardFill: ["close", "volume"] });
  assert.deepEqual(filled.getColumn("close").toArray(), [10.5, 10.5, 20, 21.5]);
  // Forward fill never crosses tickers: a leading null of B stays a null (and fails).
  const leading = [...GOOD];
  leading[3] = "B,2020-01-02,,300";
  fails(leading, /column 'close', row 3 .*missing value/, SCHEMA, { forwardFill: ["close"] });
  const nan = [...GOOD];
  nan[4] = "B,2020-01-03,inf,400";
  fails(nan, /column 'close', row 4 .*expected a finite number, received inf/);
});

Deno.test("cell fixes must match the file", () => {
  const fix = { row: 1, column: "close", from: "99", to: "10.5", why: "test" };
  fails(GOOD, /a cell fix expected "99", found "10.5"/, SCHEMA, { fixCells: [fix] });
  const ok = loadCsv(write(GOOD), SCHEMA, { fixCells: [{ ...fix, from: "10.5", to: "12" }] });
  assert.equal(ok.getColumn("close").get(0), 12);
});

Deno.test("a missing file raises DataNotFoundError saying where it should be", () => {
  assert.throws(
    () => loadCsv("data/prices/no_such_file.csv", SCHEMA),
    (e: unknown) =>
      e instanceof DataNotFoundError && /data\/prices\/no_such_file\.csv/.test(e.message) &&
      /data\/README\.md/.test(e.message),
  );
});
