/** Tests of htmlTable: escaping, digits, alignment, column input and polars DataFrames. */
import assert from "node:assert/strict";
import pl from "nodejs-polars";
import { formatTableCell, htmlTable } from "../../../lib/plot/table.ts";
import { JUPYTER_DISPLAY } from "../../../lib/report.ts";

Deno.test("htmlTable escapes HTML and formats numbers with the given digits", () => {
  const t = htmlTable([
    { model: "<b>mlp</b> & co", auc: 0.81234, n: 120 },
    { model: "baseline", auc: 0.5, n: 7 },
  ], { caption: "AUC <test>", digits: 3 });
  const html = t[JUPYTER_DISPLAY]()["text/html"];
  assert.ok(html.includes("&lt;b&gt;mlp&lt;/b&gt; &amp; co"), html);
  assert.ok(!html.includes("<b>mlp"));
  assert.ok(html.includes(">AUC &lt;test&gt;</caption>"));
  assert.ok(html.includes(">0.812</td>") && html.includes(">0.500</td>"));
  assert.ok(html.includes(">120</td>"), "an integer column keeps integers");
  assert.equal(
    t.toString(),
    [
      "AUC <test>",
      "model              auc    n",
      "---------------  -----  ---",
      "<b>mlp</b> & co  0.812  120",
      "baseline         0.500    7",
    ].join("\n"),
  );
});

Deno.test("formatTableCell handles missing, non-finite, tiny, huge, dates and bigints", () => {
  assert.equal(formatTableCell(null, 2), "null");
  assert.equal(formatTableCell(NaN, 2), "NaN");
  assert.equal(formatTableCell(-Infinity, 2), "-inf");
  assert.equal(formatTableCell(1.23456, 2), "1.23");
  assert.equal(formatTableCell(0.0001234, 2), "1.2e-4");
  assert.equal(formatTableCell(0, 2), "0.00");
  assert.equal(formatTableCell(2.5e12, 3), "2.50e+12");
  assert.equal(formatTableCell(new Date("2024-05-06"), 2), "2024-05-06");
  assert.equal(formatTableCell(12n, 2), "12");
});

Deno.test("htmlTable takes columns and polars DataFrames, and cuts long tables", () => {
  const cols = htmlTable({ x: [1.5, 2.26], y: ["a", "b"] }, { digits: 1 });
  assert.deepEqual(cols.cells, [["1.5", "a"], ["2.3", "b"]]);
  const df = pl.DataFrame({ ticker: ["AAPL", "MSFT", "GOOG"], ret: [0.01, -0.02, 0.005] });
  const t = htmlTable(df, { digits: 2, maxRows: 2 });
  assert.deepEqual(t.columns, ["ticker", "ret"]);
  assert.deepEqual(t.cells, [["AAPL", "0.01"], ["MSFT", "-0.02"]]);
  assert.equal(t.totalRows, 3);
  assert.ok(t.toString().endsWith("... 1 more row (3 in all)"));
  assert.ok(t.toHtml().includes("1 more rows (3 in all)"));
  assert.throws(
    () => htmlTable({ a: [1, 2], b: [1] }),
    /htmlTable: argument 'data' expected columns \(arrays\) of equal length, received lengths a=2, b=1/,
  );
  assert.throws(() => htmlTable([], { digits: -1 }), /argument 'digits' expected an integer/);
});
