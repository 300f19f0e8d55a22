/**
 * A student's plain script — `deno run -A script.ts`, no initBackend(), no notebook — calls
 * sentiment, train, linearProbe and the loaders through "@course/lib" and gets real results:
 * the library starts the backend itself (and respects COURSE_BACKEND).
 */
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);
const SCRIPT = `
import * as tf from "@tensorflow/tfjs";
import {
  backendInfo, linearProbe, loadPhraseBank, loadStockNetPrices, mlpForward, mlpParams,
  predictArray, sentiment, train,
} from "@course/lib";

const s = await sentiment(
  ["Operating profit rose sharply and the order backlog doubled.", "Net sales fell 20 % and the operating loss widened."],
  { model: "course", progress: false },
);
// y = 2a - b + 1 (exact), fitted by a linear functional model
const rows = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(3 * i)]);
const x = tf.tensor2d(rows);
const y = tf.tensor2d(rows.map(([a, b]) => [2 * a - b + 1]));
const model = { params: mlpParams({ inputDim: 2, hidden: [], output: { units: 1 }, seed: 1 }),
  forward: (p: ReturnType<typeof mlpParams>, t: tf.Tensor) => mlpForward(p, t) };
const h = await train(model, { x, y }, { epochs: 60, batchSize: 16, lr: 0.05, optimizer: "adam",
  seed: 1, progress: false });
const fitted = await predictArray(model, [[0.5, -0.5]]);
const probe = linearProbe([[0, 0], [0, 1], [5, 5], [5, 6]], [0, 0, 1, 1], [[0, 0.5], [5, 5.5]], [0, 1],
  { ci: false });
console.log(JSON.stringify({
  backend: backendInfo()?.backend, tfBackend: tf.getBackend(),
  labels: s.predicted, model: s.model,
  firstLoss: h.loss[0], lastLoss: h.loss.at(-1), fitted: fitted[0],
  probeAccuracy: probe.accuracy,
  phrasebank: loadPhraseBank({ minAgreement: 75 }).height,
  prices: loadStockNetPrices({ tickers: ["AAPL"] }).height,
}));
`;

async function runPlain(env: Record<string, string>): Promise<Record<string, unknown>> {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/plain.ts`;
  await Deno.writeTextFile(file, SCRIPT);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", new URL("deno.json", root).pathname, file],
      cwd: root.pathname,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, `the plain script failed:\n${stderr.slice(-2000)}`);
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    return JSON.parse(lines[lines.length - 1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a plain script calls sentiment, train, linearProbe and the loaders without set-up", async () => {
  const r = await runPlain({ COURSE_BACKEND: "" });
  assert.equal(r.model, "course-use-lite-head");
  assert.deepEqual(r.labels, ["positive", "negative"]);
  // the linear fit learned y = 2a - b + 1: loss fell and f(0.5, -0.5) ≈ 2.5
  assert.ok((r.lastLoss as number) < 0.05 * (r.firstLoss as number), JSON.stringify(r));
  assert.ok(Math.abs((r.fitted as number) - 2.5) < 0.2, `f(0.5, -0.5) = ${r.fitted}`);
  assert.equal(r.probeAccuracy, 1);
  assert.equal(r.phrasebank, 3453);
  assert.ok((r.prices as number) > 400, `AAPL rows ${r.prices}`);
  // the best rung that works here, picked without any set-up call
  assert.ok(
    ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"].includes(r.backend as string),
  );
});

Deno.test("a plain script respects COURSE_BACKEND=cpu", async () => {
  const r = await runPlain({ COURSE_BACKEND: "cpu" });
  assert.equal(r.backend, "cpu");
  assert.equal(r.tfBackend, "cpu");
  assert.deepEqual(r.labels, ["positive", "negative"]);
});
