import assert from "node:assert/strict";
import { bootstrapCi, rocAucCi } from "../../../lib/eval/bootstrap.ts";
import { Rng } from "../../../lib/random.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/sklearn_jepa/fixtures.json", import.meta.url)),
);

Deno.test("rocAucCi: the estimate is sklearn's AUC (ties) and lies inside the interval", () => {
  const { y, scores, auc } = fx.auc_ties;
  const ci = rocAucCi(y, scores, { nBoot: 200, seed: 1 });
  assert.ok(Math.abs(ci.estimate - auc) < 1e-12, `${ci.estimate} vs ${auc}`);
  assert.ok(ci.lower < auc && auc < ci.upper);
  assert.deepEqual(rocAucCi(y, scores, { nBoot: 200, seed: 1 }), ci);
});

Deno.test("rocAucCi: bootstrap standard error agrees with Hanley & McNeil (1982)", () => {
  const r = new Rng(3);
  const y: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < 600; i++) {
    const label = r.random() < 0.3 ? 1 : 0;
    y.push(label);
    s.push(r.normal(label ? 1 : 0, 1));
  }
  const ci = rocAucCi(y, s, { nBoot: 400, seed: 2 });
  const a = ci.estimate;
  const n1 = y.filter((v) => v === 1).length;
  const n0 = y.length - n1;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt(
    (a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n0 - 1) * (q2 - a * a)) / (n1 * n0),
  );
  assert.ok(Math.abs(ci.stdError / se - 1) < 0.2, `bootstrap ${ci.stdError} vs HM ${se}`);
  // a 95% interval is about ±1.96 SE wide
  assert.ok(Math.abs((ci.upper - ci.lower) / (2 * 1.96 * se) - 1) < 0.25);
});

Deno.test("bootstrapCi: the mean of n values, interval near ±1.96·σ/√n", () => {
  const r = new Rng(5);
  const x = Array.from(r.normals(400, 2, 1));
  const ci = bootstrapCi(x.length, (rows) => rows.reduce((s, i) => s + x[i], 0) / rows.length, {
    nBoot: 500,
    seed: 1,
  });
  assert.ok(Math.abs(ci.stdError - 1 / 20) < 0.01, `${ci.stdError}`);
  assert.ok(ci.lower < ci.estimate && ci.estimate < ci.upper);
});

Deno.test("bootstrap: rejects bad input with a clear message", () => {
  assert.throws(
    () => rocAucCi([0, 0, 0], [0.1, 0.2, 0.3]),
    /rocAucCi: argument 'yTrue' expected both classes/,
  );
  assert.throws(
    () => rocAucCi([0, 1], [0.1]),
    /rocAucCi: argument 'scores' expected 2 finite scores/,
  );
  assert.throws(
    () => bootstrapCi(10, () => 1, { level: 2 }),
    /bootstrapCi: argument 'options.level'/,
  );
});
