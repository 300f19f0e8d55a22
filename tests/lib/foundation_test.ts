/** Unit tests of the foundation modules: errors, random, config, report, backend. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, requireFinite, requireNumber, requireShape } from "../../lib/errors.ts";
import { Rng } from "../../lib/random.ts";
import { byMode, isQuick } from "../../lib/config.ts";
import { formatMetric, JUPYTER_DISPLAY, readReported, report } from "../../lib/report.ts";
import { BACKEND_LADDER, DeviceBanner, initBackend } from "../../lib/backend.ts";

Deno.test("errors name the function, the argument, the expected and the received", () => {
  assert.throws(
    () => requireNumber("bs", "sigma", -0.2, { positive: true }),
    (e: unknown) =>
      e instanceof CourseInputError &&
      e.message === "bs: argument 'sigma' expected a finite number > 0, received -0.2",
  );
  assert.throws(() => requireFinite("f", "xs", [1, NaN, 3]), /received NaN at index 1/);
  assert.throws(() => requireFinite("f", "xs", []), /expected a non-empty array/);
  assert.throws(
    () => requireShape("f", "x", [3, 2], [null, 3]),
    /expected shape \[\*, 3\], received shape \[3, 2\]/,
  );
  requireShape("f", "x", [5, 3], [null, 3]);
});

Deno.test("Rng: same seed, same stream; different seeds differ", () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const xs = Array.from({ length: 5 }, () => a.random());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.random()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => c.random()));
  assert.throws(() => new Rng(1.5), /argument 'seed' expected an integer/);
});

Deno.test("Rng: uniform, normal and Student-t draws have the right moments", () => {
  const r = new Rng(1);
  const n = 200_000;
  let s = 0, s2 = 0, u = 0;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
    u += r.random();
  }
  assert.ok(Math.abs(s / n) < 0.01);
  assert.ok(Math.abs(s2 / n - 1) < 0.02);
  assert.ok(Math.abs(u / n - 0.5) < 0.005);
  // Student-t with 5 df has variance 5/3 and excess kurtosis 6.
  let t2 = 0, t4 = 0;
  for (let i = 0; i < n; i++) {
    const t = r.studentT(5);
    t2 += t * t;
    t4 += t ** 4;
  }
  assert.ok(Math.abs(t2 / n - 5 / 3) < 0.05, `var ${t2 / n}`);
  assert.ok(t4 / n / (t2 / n) ** 2 > 5, "fat tails");
});

Deno.test("Rng: permutation is a permutation and shuffles reproducibly", () => {
  const p = new Rng(3).permutation(50);
  assert.deepEqual([...p].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(p, new Rng(3).permutation(50));
  assert.notDeepEqual(p, Array.from({ length: 50 }, (_, i) => i));
});

Deno.test("byMode picks by COURSE_QUICK", () => {
  const old = Deno.env.get("COURSE_QUICK");
  try {
    Deno.env.set("COURSE_QUICK", "1");
    assert.equal(isQuick(), true);
    assert.equal(byMode(50, 2), 2);
    Deno.env.set("COURSE_QUICK", "0");
    assert.equal(byMode(50, 2), 50);
  } finally {
    if (old === undefined) Deno.env.delete("COURSE_QUICK");
    else Deno.env.set("COURSE_QUICK", old);
  }
});

Deno.test("report merges metrics into COURSE_METRICS_FILE and rejects bad values", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/m/nb.json`;
  const old = Deno.env.get("COURSE_METRICS_FILE");
  Deno.env.set("COURSE_METRICS_FILE", file);
  try {
    report({ a: 1, b: "x" });
    const table = report({ b: "y", c: null });
    assert.deepEqual(readReported(file), { a: 1, b: "y", c: null });
    assert.match(table[JUPYTER_DISPLAY]()["text/html"], /<code>c<\/code>/);
    assert.throws(() => report({ bad: NaN }), /argument 'metrics.bad' expected a finite number/);
    assert.throws(() => report({ "bad name": 1 }), /metric names/);
    assert.throws(() => report({}), /non-empty object/);
  } finally {
    if (old === undefined) Deno.env.delete("COURSE_METRICS_FILE");
    else Deno.env.set("COURSE_METRICS_FILE", old);
    await Deno.remove(dir, { recursive: true });
  }
  assert.equal(formatMetric(0.123456), "0.1235");
  assert.equal(formatMetric(null), "n/a");
});

Deno.test("backend ladder: picks a working backend, explains skipped rungs, rejects unknown", async () => {
  const info = await initBackend();
  assert.ok(BACKEND_LADDER.includes(info.backend));
  assert.equal(tf.getBackend(), info.tfBackend);
  const better = BACKEND_LADDER.slice(0, BACKEND_LADDER.indexOf(info.backend));
  assert.deepEqual(info.skipped.map((s) => s.backend), info.forced ? [] : better);
  for (const s of info.skipped) assert.ok(s.reason.length > 10);
  const bundle = new DeviceBanner(info)[JUPYTER_DISPLAY]();
  assert.match(bundle["text/plain"], new RegExp(`backend ${info.backend}`));
  await assert.rejects(() => initBackend("tpu" as never), /expected one of tensorflow-gpu, webgpu/);
  const x = tf.tensor1d([1, 2, 3]);
  assert.deepEqual(Array.from(tf.tidy(() => x.square()).dataSync()), [1, 4, 9]);
});
