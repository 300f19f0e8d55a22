/** Tests of evaluateGrid, contourFigure (with optimiser paths) and surfaceFigure. */
import assert from "node:assert/strict";
import { evaluateGrid } from "../../../lib/plot/grid.ts";
import { contourFigure } from "../../../lib/plot/contour.ts";
import { surfaceFigure } from "../../../lib/plot/surface.ts";

const bowl = (x: number, y: number) => x * x + 2 * y * y;

Deno.test("evaluateGrid puts f(x[j], y[i]) at z[i][j] with both ends included", () => {
  const g = evaluateGrid(bowl, [-1, 1], [0, 2], 3);
  assert.deepEqual(g.x, [-1, 0, 1]);
  assert.deepEqual(g.y, [0, 1, 2]);
  assert.deepEqual(g.z, [[1, 0, 1], [3, 2, 3], [9, 8, 9]]);
  assert.throws(
    () => evaluateGrid(bowl, [1, -1], [0, 1]),
    /evaluateGrid: argument 'xRange' expected \[lo, hi\] with finite lo < hi, received \[1, -1\]/,
  );
  assert.throws(
    () => evaluateGrid((x) => 1 / x, [0, 1], [0, 1], 2),
    /argument 'f' expected finite values on the grid, received Infinity at \(0, 0\)/,
  );
});

Deno.test("contourFigure draws the surface and each path with start and end markers", () => {
  const g = evaluateGrid(bowl, [-2, 2], [-2, 2], 21);
  const path = { name: "sgd", x: [1.5, 0.9, 0.3], y: [-1.5, -0.4, 0.1] };
  const f = contourFigure({ ...g, paths: [path], title: "hiker", xTitle: "w1", yTitle: "w2" });
  assert.equal(f.data[0].type, "contour");
  assert.deepEqual(f.data[0].z, g.z);
  assert.deepEqual([f.data[1].x, f.data[1].y], [path.x, path.y]);
  assert.deepEqual([f.data[2].x, f.data[2].y], [[1.5, 0.3], [-1.5, 0.1]]);
  const logged = contourFigure({ ...g, logScale: true });
  // min z is 0 at the centre, max 12 at the corners: log10(z + 1e-6 * 12).
  const eps = 12e-6;
  assert.ok(Math.abs((logged.data[0].z as number[][])[10][10] - Math.log10(eps)) < 1e-9);
  assert.ok(Math.abs((logged.data[0].z as number[][])[0][0] - Math.log10(12 + eps)) < 1e-9);
  assert.throws(
    () => contourFigure({ ...g, paths: [{ name: "p", x: [1, 2], y: [1] }] }),
    /contourFigure: argument 'paths\[0\]\.y' expected length 2 \(the length of paths\[0\]\.x\)/,
  );
  assert.throws(
    () => contourFigure({ x: g.x, y: g.y.slice(1), z: g.z }),
    /argument 'z rows' expected length 20 \(the length of y\), received length 21/,
  );
});

Deno.test("surfaceFigure draws a 3-D surface with titled scene axes and 3-D paths", () => {
  const g = evaluateGrid(bowl, [-1, 1], [-1, 1], 5);
  const f = surfaceFigure({
    ...g,
    zTitle: "loss",
    paths: [{ name: "adam", x: [1, 0], y: [1, 0], z: [3, 0] }],
  });
  assert.deepEqual(f.data.map((t) => t.type), ["surface", "scatter3d"]);
  assert.deepEqual(f.data[0].z, g.z);
  const scene = f.layout.scene as Record<string, { title: { text: string } }>;
  assert.equal(scene.zaxis.title.text, "loss");
  assert.equal(f.layout.xaxis, undefined);
  assert.throws(
    () => surfaceFigure({ ...g, paths: [{ name: "p", x: [1], y: [1], z: [1, 2] }] }),
    /argument 'paths\[0\]\.z' expected length 1/,
  );
});
