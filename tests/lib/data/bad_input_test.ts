/**
 * Bad input at the data boundary (issue #19): damaged CSVs, unsorted or repeated dates under
 * addNextTarget, tiny classes in stratifiedShuffleSplit and windows longer than the series all
 * end in an error that names the file or the argument and the rows, never a plausible result.
 */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import * as tf from "@tensorflow/tfjs";
import { CourseInputError } from "../../../lib/errors.ts";
import { loadCsv, raggedRecord } from "../../../lib/data/csv.ts";
import { DataSchemaError } from "../../../lib/data/data_errors.ts";
import { applySchema, type TableSchema } from "../../../lib/data/schema.ts";
import { addNextTarget } from "../../../lib/data/features.ts";
import { stratifiedShuffleSplit } from "../../../lib/data/splits.ts";
import { makeWindows } from "../../../lib/data/windows.ts";
import { normalQuantile } from "../../../lib/data/normal.ts";
import { quantileSorted } from "../../../lib/data/scalers.ts";
import { cosineSimilarity } from "../../../lib/nlp/pooling.ts";

const SCHEMA: TableSchema = {
  columns: { ticker: "str", date: "date", close: "f64", volume: "f64" },
  key: ["ticker", "date"],
  group: "ticker",
  time: "date",
};
const HEADER = "ticker,date,close,volume";
const ROWS = ["A,2020-01-02,10,100", "A,2020-01-03,11,200", "A,2020-01-06,12,300"];

function write(text: string): string {
  const path = `${Deno.makeTempDirSync({ prefix: "bad_csv_" })}/prices.csv`;
  Deno.writeTextFileSync(path, text);
  return path;
}

function schemaError(text: string, pattern: RegExp, opts = {}): void {
  assert.throws(
    () => loadCsv(write(text), SCHEMA, opts),
    (e: unknown) =>
      e instanceof DataSchemaError && pattern.test(e.message) && e.message.includes("prices.csv"),
  );
}

Deno.test("CSV: a blank price cell is an error naming column and row, even with dropNullRows", () => {
  const text = [HEADER, ROWS[0], "A,2020-01-03,,200", ROWS[2]].join("\n") + "\n";
  schemaError(text, /column 'close', row 2 \(line 3\): missing value/);
  // dropNullRows drops only rows whose listed columns are ALL empty: this one is not.
  schemaError(text, /column 'close', row 2 .*missing value/, {
    dropNullRows: ["close", "volume"],
  });
});

Deno.test("CSV: all-empty rows are dropped only under the option, counted and limited", () => {
  const text = [HEADER, ROWS[0], "A,2020-01-03,,", ROWS[2]].join("\n") + "\n";
  const seen: number[][] = [];
  const df = loadCsv(write(text), SCHEMA, {
    dropNullRows: ["close", "volume"],
    onDropped: (rows) => seen.push(rows),
  });
  assert.deepEqual(df.getColumn("close").toArray(), [10, 12]);
  assert.deepEqual(seen, [[2]]);
  schemaError(text, /1 rows have every one of close, volume empty \(rows 2\); at most 0/, {
    dropNullRows: ["close", "volume"],
    maxDropped: 0,
  });
});

Deno.test("CSV: a truncated or overlong line is an error naming its row and field count", () => {
  schemaError(
    [HEADER, ROWS[0], ROWS[1], "A,2020-01-06"].join("\n"),
    /prices\.csv: row 3 \(line 4\): 2 fields where the header has 4 \(a truncated line\?/,
  );
  schemaError(
    [HEADER, "A,2020-01-02,10,100,7", ROWS[1]].join("\n"),
    /row 1 \(line 2\): 5 fields where the header has 4 \(a damaged line\?/,
  );
  // Separators inside quotes and blank lines are not fields or records.
  assert.equal(raggedRecord('a,b\n"x,y",1\n\n"multi\nline",2\n'), null);
  assert.deepEqual(raggedRecord("a,b\n1,2\n3\n"), [2, 1, 2]);
});

Deno.test("schema: a frame whose last fields are null says the line looks short", () => {
  const raw = pl.DataFrame({ a: ["1", "2"], b: ["x", null], c: ["y", null] });
  assert.throws(
    () => applySchema(raw, { columns: { a: "i32", b: "str", c: "str" } }, "frame"),
    /frame: column 'b', row 2 \(line 3\): missing value \(empty field: the line has only 1 of 3/,
  );
});

Deno.test("CSV: empty and header-only files are errors naming the file", () => {
  schemaError("", /prices\.csv: the file is empty/);
  schemaError(HEADER + "\n", /prices\.csv: the file has a header but no data rows/);
});

Deno.test("CSV: CRLF, CR CR LF and a byte-order mark load like LF", () => {
  const lf = loadCsv(write([HEADER, ...ROWS].join("\n") + "\n"), SCHEMA);
  for (
    const text of [
      [HEADER, ...ROWS].join("\r\n") + "\r\n",
      [HEADER, ...ROWS].join("\r\r\n"),
      "\uFEFF" + [HEADER, ...ROWS].join("\r\n"),
    ]
  ) {
    const df = loadCsv(write(text), SCHEMA);
    assert.deepEqual(df.columns, lf.columns);
    assert.deepEqual(df.getColumn("volume").toArray(), [100, 200, 300]);
  }
});

function frame(dates: string[], tickers?: string[]) {
  return pl.DataFrame({
    ticker: tickers ?? dates.map(() => "A"),
    date: dates.map((d) => new Date(`${d}T00:00:00Z`)),
    r: dates.map((_, i) => i + 1),
  }).withColumns(pl.col("date").cast(pl.Date));
}

Deno.test("addNextTarget: unsorted or repeated dates are rejected with both rows named", () => {
  assert.throws(
    () => addNextTarget(frame(["2020-01-02", "2020-01-06", "2020-01-03"]), { col: "r" }),
    (e: unknown) =>
      e instanceof CourseInputError &&
      /date 2020-01-03 at row 2 comes before date 2020-01-06 at row 1 \(ticker A\)/.test(
        e.message,
      ),
  );
  assert.throws(
    () => addNextTarget(frame(["2020-01-02", "2020-01-03", "2020-01-03"]), { col: "r" }),
    /date 2020-01-03 at row 2 repeats date 2020-01-03 at row 1/,
  );
  assert.throws(
    () =>
      addNextTarget(
        frame(["2020-01-02", "2020-01-02", "2020-01-03"], ["A", "B", "A"]),
        { col: "r" },
      ),
    /ticker A again at row 2 after other tickers/,
  );
  // Sorted input still gives the next date's value.
  const ok = addNextTarget(frame(["2020-01-02", "2020-01-03", "2020-01-06"]), { col: "r" });
  assert.deepEqual(ok.getColumn("next_r").toArray(), [2, 3]);
});

Deno.test("stratifiedShuffleSplit: every class on both sides; a singleton class is named", () => {
  const labels = [...Array(20).fill(0), 1, 1]; // 2 positives, 10% test rounds to 0 of them
  const { train, test } = stratifiedShuffleSplit(labels, { testFraction: 0.1, seed: 1 });
  assert.equal(test.filter((i) => labels[i] === 1).length, 1);
  assert.equal(train.filter((i) => labels[i] === 1).length, 1);
  // 0.9 of 2 rounds to all of them: still one left in train.
  const big = stratifiedShuffleSplit(labels, { testFraction: 0.9, seed: 1 });
  assert.equal(big.train.filter((i) => labels[i] === 1).length, 1);
  assert.throws(
    () => stratifiedShuffleSplit(["a", "a", "a", "b"], { testFraction: 0.5 }),
    (e: unknown) =>
      e instanceof CourseInputError && /class "b" with 1 example \(index 3\)/.test(e.message),
  );
});

Deno.test("makeWindows: a window longer than the series is an error, not an empty tensor", () => {
  const before = tf.memory().numTensors;
  const df = frame(["2020-01-02", "2020-01-03", "2020-01-06"]);
  assert.throws(
    () => makeWindows(df, { features: ["r"], target: "r", length: 3 }),
    (e: unknown) =>
      e instanceof CourseInputError &&
      /options.length' expected a window that fits: length 3 \+ horizon 1 = 4 rows per series, received a longest series \(group\/segment\) of 3 rows/
        .test(e.message),
  );
  const nan = df.withColumns(pl.lit(NaN).alias("r"));
  assert.throws(
    () => makeWindows(nan, { features: ["r"], target: "r", length: 1 }),
    /2 windows, each with a null\/NaN input or target/,
  );
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("number helpers: NaN in a quantile's input or a cosine is an error, not a number", () => {
  const bad = (f: () => unknown, pattern: RegExp) =>
    assert.throws(f, (e: unknown) => e instanceof CourseInputError && pattern.test(e.message));
  bad(() => normalQuantile(1), /normalQuantile: argument 'p' expected a probability in \(0, 1\)/);
  bad(
    () => quantileSorted([1, NaN, 3], 0.9),
    /'sorted' expected finite numbers, received NaN at index 1/,
  );
  bad(
    () => quantileSorted([1, 3, 2], 0.5),
    /'sorted' expected ascending numbers, received a drop at index 2/,
  );
  assert.equal(quantileSorted([1, 2, 3, 5], 0.5), 2.5);
  // A NaN vector used to give cosine 0, a plausible "unrelated".
  bad(() => cosineSimilarity([1, NaN], [1, 2]), /cosineSimilarity: argument 'a' expected finite/);
});
