import assert from "node:assert/strict";
import { minimizeLbfgs } from "../../../lib/train/lbfgs.ts";

Deno.test("minimizeLbfgs: solves an ill-conditioned quadratic to its closed-form minimum", () => {
  // f = ½ Σ a_i (x_i - c_i)², minimum at c
  const a = [1, 10, 100, 1000];
  const c = [1, -2, 0.5, 3];
  const r = minimizeLbfgs(
    (x) => ({
      value: 0.5 * a.reduce((s, ai, i) => s + ai * (x[i] - c[i]) ** 2, 0),
      grad: Float64Array.from(a, (ai, i) => ai * (x[i] - c[i])),
    }),
    [0, 0, 0, 0],
    { gradTol: 1e-9, fTol: 0 },
  );
  assert.ok(r.converged && r.stopReason === "gradient");
  r.x.forEach((v, i) => assert.ok(Math.abs(v - c[i]) < 1e-8, `x[${i}] = ${v}`));
  for (let i = 1; i < r.trace.length; i++) assert.ok(r.trace[i] <= r.trace[i - 1]);
});

Deno.test("minimizeLbfgs: finds Rosenbrock's minimum (1, 1) from (-1.2, 1)", () => {
  const r = minimizeLbfgs(
    (x) => ({
      value: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2,
      grad: Float64Array.of(
        -2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2),
        200 * (x[1] - x[0] ** 2),
      ),
    }),
    [-1.2, 1],
    { gradTol: 1e-8 },
  );
  assert.ok(Math.abs(r.x[0] - 1) < 1e-6 && Math.abs(r.x[1] - 1) < 1e-6, `x = ${r.x}`);
  assert.ok(r.iterations < 100, `${r.iterations} iterations`);
});

Deno.test("minimizeLbfgs: rejects a bad start and a bad objective", () => {
  assert.throws(
    () => minimizeLbfgs(() => ({ value: 0, grad: new Float64Array(1) }), []),
    /minimizeLbfgs: argument 'x0' expected a non-empty start/,
  );
  assert.throws(
    () => minimizeLbfgs(() => ({ value: NaN, grad: new Float64Array(1) }), [0]),
    /argument 'fg' expected a finite value and a gradient of length 1 at x0, received value NaN/,
  );
  assert.throws(
    () => minimizeLbfgs((x) => ({ value: 0, grad: x }), [0], { memory: 0 }),
    /argument 'memory' expected an integer > 0/,
  );
});
