/**
 * `deno run -A tools/bench/lstm_profile.ts`: where one training step of the windows LSTM
 * benchmark (recurrent_bench.ts: CourseLSTM(32) on [30, 5] + Dense(1), Adam 1e-3, MSE, batch
 * 64; synthetic data, labelled synthetic) spends its time: the forward pass alone, forward +
 * backward (`tf.variableGrads`), the Adam update, and a whole `model.fit` batch; kernels per
 * step counted with `tf.profile` (on wasm the LSTM's per-step matmuls, 2 per time step, go to
 * the backend directly and are not in that count; fast/step_matmul.ts). Wall and CPU time.
 * Not part of `deno task bench` (no _bench.ts suffix).
 */
import process from "node:process";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { CourseLSTM } from "../../lib/models/lstm.ts";
import { rng } from "../../lib/random.ts";

await initBackend();
const N = 2000, T = 30, F = 5, B = 64;
const r = rng(7);
const x = tf.tensor3d(Float32Array.from(r.normals(N * T * F)), [N, T, F]);
const y = tf.tensor2d(Float32Array.from(r.normals(N)), [N, 1]);
const xb = tf.slice(x, [0, 0, 0], [B, T, F]);
const yb = tf.slice(y, [0, 0], [B, 1]);
const model = tf.sequential({
  layers: [
    new CourseLSTM({ units: 32, inputShape: [T, F], seed: 1 }),
    tf.layers.dense({ units: 1 }),
  ],
});
const optimizer = tf.train.adam(1e-3);
model.compile({ optimizer, loss: "meanSquaredError" });
const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
const loss = () => tf.losses.meanSquaredError(yb, model.apply(xb) as tf.Tensor) as tf.Scalar;

/** Median wall and CPU milliseconds of `f` over `reps` runs after two warm-ups (the CPU time,
 * of this process, is the steadier on a shared machine). */
async function ms(f: () => void | Promise<void>, reps = 30): Promise<[number, number]> {
  await f();
  await f();
  const t: number[] = [], c: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    await f();
    const dc = process.cpuUsage(c0);
    t.push(performance.now() - t0);
    c.push((dc.user + dc.system) / 1000);
  }
  const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(reps / 2)];
  return [median(t), median(c)];
}
async function kernels(f: () => void | Promise<void>): Promise<number> {
  const info = await tf.profile(async () => {
    await f();
    return [] as unknown as tf.TensorContainer;
  });
  return info.kernels.length;
}
const steps: [string, () => void | Promise<void>][] = [
  ["forward (model.apply + loss)", () => tf.tidy(() => void loss())],
  ["forward + backward (variableGrads)", () => {
    const g = tf.variableGrads(loss, vars);
    tf.dispose([g.value, ...Object.values(g.grads)]);
  }],
  ["forward + backward + adam (minimize)", () => tf.tidy(() => void optimizer.minimize(loss))],
  ["model.trainOnBatch", async () => void await model.trainOnBatch(xb, yb)],
  ["model.fit, 1 epoch / 32 batches (per batch)", async () => {
    await model.fit(x, y, { epochs: 1, batchSize: B, shuffle: true, verbose: 0 });
  }],
];
const before = tf.memory().numTensors;
for (const [name, f] of steps) {
  const isEpoch = name.startsWith("model.fit");
  const [m, cpu] = await ms(f, isEpoch ? 5 : 30);
  const k = await kernels(f);
  const per = isEpoch ? Math.ceil(N / B) : 1;
  console.log(
    `${name.padEnd(46)} ${(m / per).toFixed(2).padStart(7)} ms (cpu ${
      (cpu / per).toFixed(2).padStart(6)
    })  ${(k / per).toFixed(0).padStart(5)} kernels`,
  );
}
console.log(`tensors leaked: ${tf.memory().numTensors - before}`);
if (Deno.args.includes("--list")) {
  const info = await tf.profile(() => tf.tidy(() => void optimizer.minimize(loss)) as never);
  const count = new Map<string, number>();
  for (const k of info.kernels) count.set(k.name, (count.get(k.name) ?? 0) + 1);
  console.log([...count].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${c}`).join(", "));
}
