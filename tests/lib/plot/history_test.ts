/** Tests of historyFigure (training curves) and subplotsFigure (panel layout). */
import assert from "node:assert/strict";
import { historyFigure } from "../../../lib/plot/history.ts";
import { subplotsFigure } from "../../../lib/plot/subplots.ts";
import { lineFigure } from "../../../lib/plot/line.ts";
import { surfaceFigure } from "../../../lib/plot/surface.ts";

Deno.test("historyFigure puts loss and val_loss on one panel, each metric on its own", () => {
  const h = {
    epoch: [1, 2, 3],
    loss: [1, 0.5, 0.25],
    val_loss: [1.1, 0.7, 0.6],
    acc: [0.5, 0.7, 0.8],
    val_acc: [0.5, 0.6, 0.65],
  };
  const f = historyFigure(h, { title: "fit" });
  assert.deepEqual(f.data.map((t) => [t.name, t.xaxis, t.yaxis]), [
    ["loss", "x", "y"],
    ["val_loss", "x", "y"],
    ["acc", "x2", "y2"],
    ["val_acc", "x2", "y2"],
  ]);
  assert.deepEqual(f.data[1].y, h.val_loss);
  assert.deepEqual(f.data[3].x, h.epoch);
  assert.equal((f.data[1].line as { dash: string }).dash, "dash");
  assert.equal((f.layout.xaxis2 as { matches: string }).matches, "x");
  assert.deepEqual((f.layout.yaxis2 as { title: unknown }).title, { text: "acc" });
});

Deno.test("historyFigure accepts a tf.History-like object and a single metric", () => {
  const f = historyFigure({ epoch: [0, 1], history: { loss: [2, 1], val_loss: [3, 2] } });
  assert.deepEqual(f.data.map((t) => t.name), ["loss", "val_loss"]);
  assert.equal(f.data[0].xaxis, undefined); // one panel: a plain line figure
  assert.deepEqual(historyFigure({ loss: [3, 2, 1] }).data[0].x, [1, 2, 3]);
  assert.throws(
    () => historyFigure({ epoch: [1, 2, 3], loss: [1, 2] }),
    /historyFigure: argument 'history\.loss' expected length 3 \(the length of epoch\)/,
  );
  assert.throws(() => historyFigure({}), /argument 'history' expected at least one metric/);
});

Deno.test("subplotsFigure lays panels on a grid with disjoint domains and titles", () => {
  const a = lineFigure({ y: [1, 2], title: "A", yTitle: "a" });
  const b = lineFigure({ y: [3, 4], title: "B" });
  const c = lineFigure({ y: [5, 6], title: "C" });
  const f = subplotsFigure([a, b, c], { cols: 2 });
  const dom = (k: string) => (f.layout[k] as { domain: number[] }).domain;
  assert.deepEqual(f.data.map((t) => t.yaxis), ["y", "y2", "y3"]);
  assert.ok(dom("xaxis")[1] < dom("xaxis2")[0], "columns do not overlap");
  assert.ok(dom("yaxis3")[1] < dom("yaxis")[0], "rows do not overlap");
  assert.deepEqual(dom("xaxis3"), dom("xaxis"));
  assert.deepEqual(
    (f.layout.annotations as { text: string }[]).map((x) => x.text),
    ["<b>A</b>", "<b>B</b>", "<b>C</b>"],
  );
  assert.deepEqual((f.layout.yaxis as { title: unknown }).title, { text: "a" });
  const s = surfaceFigure({ x: [0, 1], y: [0, 1], z: [[0, 1], [1, 2]] });
  assert.throws(
    () => subplotsFigure([a, s]),
    /subplotsFigure: argument 'figures\[1\]' expected 2-D \(cartesian\) traces, received a surface/,
  );
  assert.throws(() => subplotsFigure([a], { titles: ["x", "y"] }), /expected 1 titles/);
});
