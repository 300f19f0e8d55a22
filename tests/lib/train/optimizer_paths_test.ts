import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { ROSENBROCK, runOptimizerPaths, VALLEY } from "../../../lib/train/optimizer_paths.ts";

await initBackend();
const grad = (x: number, y: number) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

Deno.test("optimizer paths: first steps equal the hand-computed SGD, momentum and Adam updates", async () => {
  const runs = [
    { name: "sgd", kind: "sgd", lr: 1e-3 },
    { name: "mom", kind: "momentum", lr: 1e-3, momentum: 0.9 },
    { name: "adam", kind: "adam", lr: 0.1 },
  ] as const;
  const [sgd, mom, adam] = await runOptimizerPaths(ROSENBROCK, { runs, steps: 2 });
  const [x0, y0] = ROSENBROCK.start;
  for (const p of [sgd, mom, adam]) {
    assert.deepEqual([p.x[0], p.y[0]], [x0, y0], `${p.name} starts at the start`);
    assert.ok(Math.abs(p.loss[0] - ROSENBROCK.value(x0, y0)) < 1e-4);
    assert.equal(p.x.length, 3);
    assert.equal(p.loss.length, 3);
  }
  const g0 = grad(x0, y0);
  const near = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  near(sgd.x[1], x0 - 1e-3 * g0[0], "sgd x1");
  near(sgd.y[1], y0 - 1e-3 * g0[1], "sgd y1");
  // momentum: v1 = g0, v2 = 0.9 v1 + g1, p2 = p1 - lr v2
  const g1 = grad(mom.x[1], mom.y[1]);
  near(mom.x[2], mom.x[1] - 1e-3 * (0.9 * g0[0] + g1[0]), "momentum x2");
  near(mom.y[2], mom.y[1] - 1e-3 * (0.9 * g0[1] + g1[1]), "momentum y2");
  // Adam's first step is lr * sign(gradient) (bias-corrected m / sqrt(v) = g / |g|)
  near(adam.x[1], x0 - 0.1 * Math.sign(g0[0]), "adam x1");
  near(adam.y[1], y0 - 0.1 * Math.sign(g0[1]), "adam y1");
});

Deno.test("optimizer paths: Adam reaches (1, 1) on Rosenbrock within 1000 steps, no leaks", async () => {
  const before = tf.memory().numTensors;
  const paths = await runOptimizerPaths(ROSENBROCK, { steps: 1000 });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(paths.map((p) => p.name), ["SGD", "momentum", "Adam"]);
  const adam = paths[2];
  const [x, y] = [adam.x[1000], adam.y[1000]];
  assert.ok(Math.hypot(x - 1, y - 1) < 1e-2, `Adam ends at (${x}, ${y})`);
  for (const p of paths) {
    assert.ok(p.loss[1000] < p.loss[0] / 10, `${p.name} loss ${p.loss[0]} -> ${p.loss[1000]}`);
    assert.ok(Math.abs(p.loss[1000] - ROSENBROCK.value(p.x[1000], p.y[1000])) < 1e-9);
  }
  // plain SGD is the slowest hiker on this valley floor
  assert.ok(paths[0].loss[1000] > paths[2].loss[1000]);
});

Deno.test("optimizer paths: seeded gradient noise is repeatable and still descends the valley", async () => {
  const runs = [{ name: "sgd", kind: "sgd", lr: 0.2 }] as const;
  const a = await runOptimizerPaths(VALLEY, { runs, steps: 200, gradNoise: 0.3, seed: 5 });
  const b = await runOptimizerPaths(VALLEY, { runs, steps: 200, gradNoise: 0.3, seed: 5 });
  const c = await runOptimizerPaths(VALLEY, { runs, steps: 200, gradNoise: 0.3, seed: 6 });
  assert.deepEqual(a[0].x, b[0].x);
  assert.notDeepEqual(a[0].x, c[0].x);
  assert.ok(a[0].loss[200] < 0.1 * a[0].loss[0], `loss ${a[0].loss[0]} -> ${a[0].loss[200]}`);
});

Deno.test("optimizer paths reject bad input", async () => {
  await assert.rejects(
    () => runOptimizerPaths(ROSENBROCK, { steps: 0 }),
    /runOptimizerPaths: argument 'steps' expected an integer >= 1, received 0/,
  );
  await assert.rejects(
    () => runOptimizerPaths(ROSENBROCK, { start: [NaN, 1] as [number, number] }),
    /argument 'start' expected \[x, y\] with finite numbers/,
  );
  await assert.rejects(
    () => runOptimizerPaths(ROSENBROCK, { runs: [{ name: "x", kind: "sgd", lr: -1 }] }),
    /argument 'runs\[0\]\.lr' expected a finite number > 0, received -1/,
  );
  await assert.rejects(
    () => runOptimizerPaths(ROSENBROCK, { runs: [{ name: "x", kind: "rmsprop" as "sgd", lr: 1 }] }),
    /argument 'runs\[0\]\.kind' expected "sgd", "momentum" or "adam", received rmsprop/,
  );
});
