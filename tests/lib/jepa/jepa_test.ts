import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { gruEncode } from "../../../lib/jepa/gru_encoder.ts";
import { loadEncoder, saveEncoder } from "../../../lib/jepa/io.ts";
import { disposeParams } from "../../../lib/nn/params.ts";
import {
  createJepa,
  disposeJepa,
  embedSequences,
  initJepaEncoder,
  type JepaConfig,
  jepaEncoder,
} from "../../../lib/jepa/model.ts";
import { jepaLosses, maskPositions } from "../../../lib/jepa/objective.ts";
import { trainJepa } from "../../../lib/jepa/train.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/** Seeded sine sequences with random amplitude and frequency: [n, T, F]. */
function sines(n: number, T: number, F: number, seed = 1): tf.Tensor3D {
  const r = new Rng(seed);
  const out = new Float32Array(n * T * F);
  for (let i = 0; i < n; i++) {
    const a = r.normal();
    const f = r.uniform(0.3, 1.5);
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < F; j++) {
        out[(i * T + t) * F + j] = a * Math.sin(f * t + j) + 0.1 * r.normal();
      }
    }
  }
  return tf.tensor3d(out, [n, T, F]);
}

const gruConfig = (target: JepaConfig["target"]): JepaConfig => ({
  encoder: { kind: "gru", inputDim: 2, hidden: 8, layers: 1, bidirectional: true, dModel: 8 },
  predictor: { kind: "mlp", hidden: 16, dropout: 0.1, maxHorizon: 2 },
  objective: { kind: "shift", maxHorizon: 2 },
  target,
  loss: "mse",
  seed: 3,
});

const patchConfig: JepaConfig = {
  encoder: {
    kind: "patch",
    inputDim: 2,
    seqLen: 6,
    patchLen: 2,
    dModel: 8,
    depth: 1,
    heads: 2,
    positions: "learned",
  },
  predictor: { kind: "transformer", dim: 8, depth: 1, heads: 2 },
  objective: { kind: "mask", maskRatio: 0.34, strategy: "random" },
  target: "ema",
  loss: "smooth_l1",
  vicreg: { variance: 1, covariance: 0.04 },
  sigreg: { weight: 0.1, directions: 8 },
  seed: 4,
};

Deno.test("gruEncode: PyTorch GRU equations by hand (1 unit, 2 steps, forward only)", () => {
  const enc = initJepaEncoder({
    kind: "gru",
    inputDim: 1,
    hidden: 1,
    layers: 1,
    bidirectional: false,
    dModel: 1,
  }, 1);
  const set = (k: string, v: number[]) => enc.params[k].assign(tf.tensor(v, enc.params[k].shape));
  // x-side weights for (r, z, n) and biases; h-side weights and biases; identity output
  set("enc/l0f/x/w", [0.5, -0.3, 0.8]);
  set("enc/l0f/x/b", [0.1, 0.0, -0.2]);
  set("enc/l0f/h/w", [0.4, 0.2, -0.6]);
  set("enc/l0f/h/b", [0.0, 0.05, 0.1]);
  set("enc/out/w", [1]);
  set("enc/out/b", [0]);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0;
  for (const x of [1, -2]) {
    const r = sig(0.5 * x + 0.1 + 0.4 * h);
    const z = sig(-0.3 * x + 0.2 * h + 0.05);
    const n = Math.tanh(0.8 * x - 0.2 + r * (-0.6 * h + 0.1));
    h = (1 - z) * n + z * h;
  }
  const out = tf.tidy(() =>
    gruEncode(enc.params, "enc", enc.config as never, tf.tensor3d([[[1], [-2]]])).dataSync()
  );
  close(out[0], h);
  disposeParams(enc.params);
});

Deno.test("bidirectional GRU: the backward direction reads the sequence reversed", () => {
  const enc = initJepaEncoder({
    kind: "gru",
    inputDim: 2,
    hidden: 3,
    layers: 2,
    bidirectional: true,
    dModel: 4,
  }, 2);
  const x = sines(3, 5, 2);
  const a = tf.tidy(() => gruEncode(enc.params, "enc", enc.config as never, x).arraySync());
  // swapping forward and backward weights and reversing time gives the same final states,
  // so with the output weights' halves swapped the embedding is unchanged (layer 1 only here)
  const one = initJepaEncoder({
    kind: "gru",
    inputDim: 2,
    hidden: 3,
    layers: 1,
    bidirectional: true,
    dModel: 6,
  }, 2);
  one.params["enc/out/w"].assign(tf.eye(6));
  const fwd = tf.tidy(() => gruEncode(one.params, "enc", one.config as never, x).arraySync());
  for (const p of ["x/w", "x/b", "h/w", "h/b"]) {
    const f = one.params[`enc/l0f/${p}`].clone();
    one.params[`enc/l0f/${p}`].assign(one.params[`enc/l0b/${p}`]);
    one.params[`enc/l0b/${p}`].assign(f);
    f.dispose();
  }
  const rev = tf.tidy(() =>
    gruEncode(one.params, "enc", one.config as never, tf.reverse(x, 1)).arraySync()
  );
  fwd.forEach((row, i) => row.forEach((v, j) => close(v, rev[i][(j + 3) % 6])));
  assert.equal(a[0].length, 4);
  tf.dispose(x);
  disposeParams(enc.params);
  disposeParams(one.params);
});

Deno.test("maskPositions: disjoint, sorted, the right counts; future masks the last patches", () => {
  const r = new Rng(1);
  const { visible, masked } = maskPositions(4, 6, 0.5, "random", r);
  visible.forEach((v, i) => {
    assert.equal(v.length, 3);
    assert.deepEqual([...v, ...masked[i]].sort(), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(v, [...v].sort((a, b) => a - b));
  });
  const f = maskPositions(2, 5, 0.4, "future", r);
  assert.deepEqual(f.masked, [[3, 4], [3, 4]]);
  assert.deepEqual(f.visible[0], [0, 1, 2]);
});

Deno.test("jepaLosses: the stop-gradient changes the online gradient; EMA targets get none", () => {
  const x = sines(8, 6, 2);
  const grads = (cfg: JepaConfig) => {
    const m = createJepa(cfg);
    const vars = Object.values(m.params);
    const g = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => jepaLosses(m, x, { training: false, rng: new Rng(1) }).total,
        vars,
      );
      return Array.from(tf.concat(vars.map((v) => tf.reshape(grads[v.name], [-1]))).dataSync());
    });
    const targetTrainable = Object.values(m.target).some((v) => v.trainable);
    disposeJepa(m);
    return { g, targetTrainable };
  };
  const sg = grads(gruConfig("online-stopgrad"));
  const full = grads(gruConfig("online"));
  const ema = grads(gruConfig("ema"));
  const diff = sg.g.reduce((s, v, i) => s + Math.abs(v - full.g[i]), 0);
  assert.ok(diff > 1e-4, `gradients should differ, |Δ| = ${diff}`);
  // at step 0 the EMA copy equals the online encoder: same gradient as online-stopgrad
  ema.g.forEach((v, i) => close(v, sg.g[i], 1e-5));
  assert.equal(ema.targetTrainable, false);
  x.dispose();
});

Deno.test("trainJepa: healthy EMA runs are not flagged, the forced-collapse config is; no leaks", async () => {
  const x = sines(192, 6, 2);
  const before = tf.memory().numTensors;
  const healthy = createJepa(gruConfig("ema"));
  const h = await trainJepa(healthy, x, { epochs: 4, batchSize: 16, lr: 3e-3, seed: 1 });
  assert.equal(h.stopReason, "completed");
  assert.equal(h.epochs.length, 4);
  assert.equal(h.steps, 4 * 12);
  assert.ok(h.epochs[3].latent < h.epochs[0].latent, "latent loss decreases");
  assert.equal(h.collapse.collapsed, false, h.collapse.reasons.join("; "));
  disposeJepa(healthy);
  const forced = createJepa(gruConfig("online"));
  const f = await trainJepa(forced, x, { epochs: 10, batchSize: 8, lr: 1e-2, seed: 1 });
  assert.equal(f.collapse.collapsed, true, JSON.stringify(f.epochs.at(-1)?.diagnostics));
  disposeJepa(forced);
  const patch = createJepa(patchConfig);
  const p = await trainJepa(patch, x, { epochs: 2, batchSize: 32, seed: 1 });
  assert.ok(p.epochs.every((e) => Number.isFinite(e.loss) && e.reg > 0));
  assert.equal(p.collapse.collapsed, false);
  disposeJepa(patch);
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});

Deno.test("trainJepa: the guard stops a diverging run; non-finite data is rejected", async () => {
  const x = sines(32, 6, 2);
  const m = createJepa(gruConfig("ema"));
  const warn = console.warn;
  console.warn = () => {};
  try {
    const h = await trainJepa(m, x, {
      epochs: 3,
      batchSize: 8,
      lr: 1e30,
      warmupFraction: 0,
      seed: 1,
    });
    assert.equal(h.stopReason, "guard");
    assert.ok(h.guard !== null && h.guard.step > 0 && h.epochs.length < 3);
  } finally {
    console.warn = warn;
  }
  const bad = tf.tidy(() => tf.concat([x, tf.fill([1, 6, 2], NaN)]) as tf.Tensor3D);
  await assert.rejects(
    () => trainJepa(m, bad, { epochs: 1 }),
    /trainJepa: argument 'x' expected finite values/,
  );
  await assert.rejects(() => trainJepa(m, x, { epochs: 0 }), /trainJepa: argument 'epochs'/);
  disposeJepa(m);
  tf.dispose([x, bad]);
});

Deno.test("saveEncoder/loadEncoder: identical embeddings after a round trip; missing files named", async () => {
  const dir = await Deno.makeTempDir();
  const x = sines(5, 6, 2);
  for (const cfg of [gruConfig("ema"), patchConfig]) {
    const m = createJepa(cfg);
    const enc = jepaEncoder(m, "target");
    await saveEncoder(enc, `${dir}/${cfg.encoder.kind}`);
    const loaded = await loadEncoder(`${dir}/${cfg.encoder.kind}`);
    const a = embedSequences(enc, x);
    const b = embedSequences(loaded, x);
    assert.deepEqual(Array.from(await b.data()), Array.from(await a.data()));
    assert.deepEqual(loaded.config, cfg.encoder);
    tf.dispose([a, b]);
    disposeParams(loaded.params);
    disposeJepa(m);
  }
  await assert.rejects(
    () => loadEncoder(`${dir}/nope`),
    /loadEncoder: argument 'dir' expected a folder with encoder.json/,
  );
  x.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("createJepa: rejects inconsistent configs with a clear message", () => {
  assert.throws(
    () =>
      createJepa({
        ...gruConfig("ema"),
        objective: { kind: "mask", maskRatio: 0.5, strategy: "random" },
      }),
    /createJepa: argument 'config.encoder.kind' expected "patch" for the mask objective/,
  );
  assert.throws(
    () => createJepa({ ...patchConfig, encoder: { ...patchConfig.encoder, patchLen: 4 } as never }),
    /patchEncoder: argument 'config.patchLen' expected a divisor of seqLen 6/,
  );
  assert.throws(() => createJepa({ ...gruConfig("ema"), target: "x" as never }), /config.target/);
});
