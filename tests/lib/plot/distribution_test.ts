/** Tests of histogramFigure (bins, densities, fitted normal) and qqFigure. */
import assert from "node:assert/strict";
import { histogramCounts, histogramFigure } from "../../../lib/plot/histogram.ts";
import { qqFigure } from "../../../lib/plot/qq.ts";
import { rng } from "../../../lib/random.ts";

function trapezoid(x: number[], y: number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
  return s;
}

Deno.test("histogramCounts bins by hand-checkable edges, right edge included", () => {
  const { edges, counts } = histogramCounts([0, 0.1, 0.5, 0.99, 1, 2], 2);
  assert.deepEqual(edges, [0, 1, 2]);
  assert.deepEqual(counts, [4, 2]); // [0, 1): 0, 0.1, 0.5, 0.99; [1, 2]: 1, 2
  assert.deepEqual(histogramCounts([3, 3], 1).edges, [2.5, 3.5]); // constant sample widened
  assert.throws(() => histogramCounts([1], 0), /argument 'bins' expected an integer > 0/);
});

Deno.test("histogram with a normal overlay: bar densities and the fitted curve integrate to 1", () => {
  const r = rng(7);
  const xs = Array.from({ length: 2000 }, () => 0.01 * r.normal());
  const f = histogramFigure({ values: xs, bins: 30, normal: true, title: "returns" });
  assert.equal(f.data.length, 2);
  const [bars, curve] = f.data;
  const area = (bars.y as number[]).reduce((a, h) => a + h * (bars.width as number), 0);
  assert.ok(Math.abs(area - 1) < 1e-12, `bar area ${area}`);
  const integral = trapezoid(curve.x as number[], curve.y as number[]);
  assert.ok(Math.abs(integral - 1) < 1e-3, `curve integral ${integral}`);
  // The curve is the normal with the sample's mean and std: its peak is 1 / (σ √(2π)).
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  const peak = Math.max(...(curve.y as number[]));
  assert.ok(Math.abs(peak - 1 / (sd * Math.sqrt(2 * Math.PI))) / peak < 1e-3, `peak ${peak}`);
  assert.equal(curve.name, `normal fit: μ=${m.toPrecision(3)}, σ=${sd.toPrecision(3)}`);
  assert.deepEqual((f.layout.yaxis as { title: unknown }).title, { text: "density" });
});

Deno.test("histograms of several samples share bins; counts add up to each sample size", () => {
  const f = histogramFigure({ values: { a: [0, 1, 2, 3], b: [2, 3, 4, 5, 6, 7] }, bins: 7 });
  assert.deepEqual(f.data[0].x, f.data[1].x);
  assert.deepEqual(f.data.map((t) => (t.y as number[]).reduce((a, b) => a + b, 0)), [4, 6]);
  assert.equal(f.layout.barmode, "overlay");
  assert.throws(
    () => histogramFigure({ values: { a: [1, 2], b: [1, NaN] } }),
    /histogramFigure: argument 'values\.b' expected finite numbers, received NaN at index 1/,
  );
  assert.throws(
    () => histogramFigure({ values: [1, 1, 1], normal: true }),
    /argument 'values' expected values that are not all equal \(std > 0\)/,
  );
});

Deno.test("qqFigure pairs sorted z-scores with normal quantiles at (i - 0.5) / n", () => {
  const f = qqFigure({ values: [3, 1, 2, 5, 4] });
  const [pts, line] = f.data;
  // Sorted 1..5: mean 3, sample std sqrt(2.5).
  const sd = Math.sqrt(2.5);
  assert.deepEqual(pts.y, [1, 2, 3, 4, 5].map((v) => (v - 3) / sd));
  const q = pts.x as number[];
  // Φ^-1(0.1) = -1.2815515655, Φ^-1(0.5) = 0, symmetric.
  assert.ok(Math.abs(q[0] + 1.2815515655) < 1e-8, `q[0] = ${q[0]}`);
  assert.ok(Math.abs(q[2]) < 1e-12 && Math.abs(q[0] + q[4]) < 1e-12);
  assert.deepEqual(line.y, line.x); // y = x for z-scores
  const raw = qqFigure({ values: [3, 1, 2, 5, 4], standardize: false });
  const ends = raw.data[1];
  assert.ok(Math.abs((ends.y as number[])[0] - (3 + sd * q[0])) < 1e-12);
  assert.throws(
    () => qqFigure({ values: [1, 2] }),
    /qqFigure: argument 'values' expected at least 3/,
  );
});
