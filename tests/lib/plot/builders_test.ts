/** Tests of the basic builders: line, scatter, bar, heatmap, timeline. */
import assert from "node:assert/strict";
import { lineFigure } from "../../../lib/plot/line.ts";
import { scatterFigure } from "../../../lib/plot/scatter.ts";
import { barFigure } from "../../../lib/plot/bar.ts";
import { heatmapFigure } from "../../../lib/plot/heatmap.ts";
import { timelineFigure } from "../../../lib/plot/timeline.ts";

Deno.test("lineFigure draws one trace per named series over a shared x, with titled axes", () => {
  const x = [new Date("2024-01-02"), new Date("2024-01-03"), new Date("2024-01-04")];
  const f = lineFigure({
    x,
    y: { close: [10, 11, 12], sma: [NaN, 10.5, 11.5] },
    title: "AAPL",
    xTitle: "date",
    yTitle: "price",
    dashed: ["sma"],
  });
  assert.deepEqual(f.data.map((t) => t.name), ["close", "sma"]);
  assert.deepEqual(f.data[0].x, ["2024-01-02", "2024-01-03", "2024-01-04"]);
  assert.deepEqual(f.data[1].y, [null, 10.5, 11.5]); // NaN is a gap
  assert.equal((f.data[1].line as { dash?: string }).dash, "dash");
  assert.equal((f.data[0].line as { dash?: string }).dash, undefined);
  assert.deepEqual((f.layout.xaxis as { title: unknown }).title, { text: "date" });
  assert.deepEqual((f.layout.yaxis as { title: unknown }).title, { text: "price" });
  assert.equal((f.layout.title as { text: string }).text, "AAPL");
  // Default x is 0..n-1; a lone series takes `name`.
  const g = lineFigure({ y: new Float64Array([3, 1, 2]), name: "loss" });
  assert.deepEqual(g.data[0].x, [0, 1, 2]);
  assert.equal(g.data[0].name, "loss");
});

Deno.test("lineFigure rejects mismatched lengths and bad values with clear messages", () => {
  assert.throws(
    () => lineFigure({ x: [1, 2, 3], y: { a: [1, 2, 3], b: [1, 2] } }),
    /lineFigure: argument 'y\.b' expected length 3 \(the length of x\), received length 2/,
  );
  assert.throws(
    () => lineFigure({ x: [1, 2], y: [1, 2, 3] }),
    /lineFigure: argument 'x' expected length 3 \(the length of y series "y"\), received length 2/,
  );
  assert.throws(
    () => lineFigure({ y: [1, Infinity] }),
    /argument 'y' expected finite numbers \(NaN or null for gaps\), received Infinity at index 1/,
  );
  assert.throws(
    () => lineFigure({ x: [1, "b"] as never, y: [1, 2] }),
    /argument 'x' expected all finite numbers \(like element 0\), received string "b" at index 1/,
  );
  assert.throws(
    () => lineFigure({ x: [new Date("2024-01-01"), new Date("nope")], y: [1, 2] }),
    /argument 'x' expected all Dates \(like element 0\)/,
  );
  assert.throws(() => lineFigure({ y: [NaN, NaN] }), /expected at least one finite number/);
});

Deno.test("scatterFigure splits points into one trace per group, keeping pairs together", () => {
  const f = scatterFigure({
    x: [1, 2, 3, 4],
    y: [10, 20, 30, 40],
    groups: ["up", "down", "up", "down"],
  });
  assert.deepEqual(f.data.map((t) => [t.name, t.x, t.y]), [
    ["up", [1, 3], [10, 30]],
    ["down", [2, 4], [20, 40]],
  ]);
  assert.equal(f.layout.showlegend, true);
  assert.throws(
    () => scatterFigure({ x: [1, 2], y: [1, 2], groups: ["a"] }),
    /scatterFigure: argument 'groups' expected length 2 \(the length of x\), received length 1/,
  );
  assert.throws(
    () => scatterFigure({ x: [1, NaN], y: [1, 2] }),
    /argument 'x' expected finite numbers, received NaN at index 1/,
  );
});

Deno.test("barFigure groups or stacks named series; horizontal swaps axes", () => {
  const f = barFigure({ x: ["a", "b"], y: { m1: [1, 2], m2: [3, 4] }, barmode: "stack" });
  assert.equal(f.layout.barmode, "stack");
  assert.deepEqual(f.data.map((t) => t.y), [[1, 2], [3, 4]]);
  const h = barFigure({ x: ["a", "b"], y: [5, 6], horizontal: true });
  assert.deepEqual([h.data[0].y, h.data[0].x, h.data[0].orientation], [["a", "b"], [5, 6], "h"]);
  assert.throws(
    () => barFigure({ x: ["a", "b"], y: [1] }),
    /barFigure: argument 'y' expected length 2 \(the length of x\), received length 1/,
  );
  assert.throws(
    () => barFigure({ x: ["a"], y: [1], barmode: "pile" as never }),
    /argument 'barmode' expected "group" or "stack", received string "pile"/,
  );
});

Deno.test("heatmapFigure keeps the matrix, labels it, and writes values when asked", () => {
  const z = [[1, -0.5], [-0.5, 1]];
  const f = heatmapFigure({ z, x: ["a", "b"], y: ["a", "b"], zmid: 0, showValues: 2 });
  assert.deepEqual(f.data[0].z, z);
  assert.deepEqual(f.data[0].text, [["1.00", "-0.50"], ["-0.50", "1.00"]]);
  assert.equal(f.data[0].zmid, 0);
  assert.equal((f.layout.yaxis as { autorange: string }).autorange, "reversed");
  assert.throws(
    () => heatmapFigure({ z: [[1, 2], [3]] }),
    /heatmapFigure: argument 'z\[1\]' expected a row of length 2, received array of length 1/,
  );
  assert.throws(
    () => heatmapFigure({ z, x: ["a", "b", "c"] }),
    /argument 'x' expected length 2 \(the length of the columns of z\), received length 3/,
  );
});

Deno.test("timelineFigure draws [start, end] bars per row, one trace per kind", () => {
  const f = timelineFigure({
    segments: [
      { row: "fold 1", kind: "train", start: "2020-01-01", end: "2020-07-01" },
      { row: "fold 1", kind: "test", start: "2020-07-01", end: "2020-08-01" },
      { row: "fold 2", kind: "train", start: "2020-01-01", end: "2020-08-01" },
      { row: "fold 2", kind: "test", start: new Date("2020-08-01"), end: "2020-09-01" },
    ],
  });
  assert.deepEqual(f.data.map((t) => t.name), ["train", "test"]);
  const test = f.data[1];
  assert.deepEqual(test.y, ["fold 1", "fold 2"]);
  assert.deepEqual(test.base, ["2020-07-01", "2020-08-01"]);
  assert.deepEqual(test.x, [31 * 86_400_000, 31 * 86_400_000]); // durations in ms
  assert.equal((f.layout.xaxis as { type: string }).type, "date");
  assert.deepEqual((f.layout.yaxis as { categoryarray: string[] }).categoryarray, [
    "fold 1",
    "fold 2",
  ]);
  const idx = timelineFigure({ segments: [{ row: "r", kind: "val", start: 10, end: 25 }] });
  assert.deepEqual([idx.data[0].base, idx.data[0].x], [[10], [15]]);
  assert.throws(
    () => timelineFigure({ segments: [{ row: "r", kind: "k", start: 5, end: 2 }] }),
    /timelineFigure: argument 'segments\[0\]\.end' expected >= start \(5\), received 2/,
  );
  assert.throws(
    () => timelineFigure({ segments: [{ row: "r", kind: "k", start: 1, end: "2020-01-01" }] }),
    /argument 'segments\[0\]' expected start and end of the same type/,
  );
  assert.throws(
    () => timelineFigure({ segments: [{ row: "r", kind: "k", start: "soon", end: 2 }] }),
    /argument 'segments\[0\]\.start' expected a Date, an ISO date string or a finite number/,
  );
});
