/** Tests of lib/train/schedules.ts: closed-form values at chosen steps, and input checks. */
import assert from "node:assert/strict";
import {
  constantLr,
  linearWarmup,
  sampleSchedule,
  stepDecay,
  warmupCosine,
} from "../../../lib/train/schedules.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

Deno.test("constantLr returns the same rate at every step", () => {
  const s = constantLr(0.003);
  assert.deepEqual(sampleSchedule(s, 4), [0.003, 0.003, 0.003, 0.003]);
});

Deno.test("linearWarmup rises linearly from start to peak, then stays at peak", () => {
  const s = linearWarmup(1e-4, 1000);
  close(s(0), 0);
  close(s(250), 2.5e-5);
  close(s(999), 1e-4 * 0.999);
  close(s(1000), 1e-4);
  close(s(5000), 1e-4);
  const t = linearWarmup(1, 4, { start: 0.2 });
  close(t(2), 0.2 + 0.8 * 0.5);
});

Deno.test("warmupCosine: warmup, half-way cosine value, floor at the end", () => {
  const s = warmupCosine(1e-3, 100, 1100, { floor: 1e-5 });
  close(s(50), 5e-4);
  close(s(100), 1e-3);
  // half-way through the decay cos(pi/2) = 0: the midpoint of peak and floor
  close(s(600), (1e-3 + 1e-5) / 2, 1e-15);
  // a quarter through: floor + (peak-floor)(1+cos(pi/4))/2
  close(s(350), 1e-5 + (1e-3 - 1e-5) * (1 + Math.SQRT1_2) / 2, 1e-15);
  close(s(1100), 1e-5);
  close(s(99999), 1e-5);
});

Deno.test("stepDecay multiplies by the factor every `every` steps", () => {
  const s = stepDecay(0.1, 0.5, 10);
  close(s(0), 0.1);
  close(s(9), 0.1);
  close(s(10), 0.05);
  close(s(35), 0.0125);
});

Deno.test("schedules reject bad settings and bad steps with clear messages", () => {
  assert.throws(() => constantLr(0), /constantLr: argument 'lr' expected a finite number > 0/);
  assert.throws(() => linearWarmup(1e-3, 1.5), /linearWarmup: argument 'warmupSteps'/);
  assert.throws(
    () => warmupCosine(1e-3, 100, 100),
    /warmupCosine: argument 'totalSteps'.*> warmupSteps/,
  );
  assert.throws(() => warmupCosine(1e-3, 0, 10, { floor: 1 }), /argument 'floor'/);
  assert.throws(() => stepDecay(0.1, 1.5, 10), /stepDecay: argument 'factor'.*<= 1/);
  assert.throws(() => constantLr(0.1)(-1), /argument 'step' expected an integer >= 0, received -1/);
  assert.throws(() => linearWarmup(0.1, 3)(0.5), /argument 'step'/);
});
