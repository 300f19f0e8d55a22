/**
 * Parity of lib/fast/gru_host.ts (one GRU direction as a host op with a hand-written backward)
 * with its reference, `gruRun` in lib/jepa/gru_encoder.ts (tfjs ops and autodiff): values and
 * the gradients of x and all four weights, both directions, states or last state; and the whole
 * `gruEncode` (2 bidirectional layers) with the fast paths on and off.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { gruHost } from "../../../lib/fast/gru_host.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { gruEncode, type GruEncoderConfig, gruRun } from "../../../lib/jepa/gru_encoder.ts";
import { initJepaEncoder } from "../../../lib/jepa/model.ts";
import { disposeParams, type ParamMap } from "../../../lib/nn/params.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const variable = (shape: number[], seed: number, name: string) =>
  tf.tidy(() =>
    tf.variable(
      tf.tensor(Array.from(rng(seed).normals(shape.reduce((a, b) => a * b, 1), 0, 0.5)), shape),
      true,
      name,
    )
  );

Deno.test({
  name: "gruHost: values and gradients (x and the four weights) match gruRun's tfjs ops",
  ignore: !HOST,
  fn: () => {
    const before = tf.memory().numTensors;
    // a typical shape and a small one
    for (const [b, t, f, h] of [[5, 4, 3, 6], [2, 2, 2, 3]]) {
      const x = variable([b, t, f], 1, `gru_parity_${t}_x`);
      const params: ParamMap = {
        "g/x/w": variable([f, 3 * h], 2, `gru_parity_${t}_wx`),
        "g/x/b": variable([3 * h], 3, `gru_parity_${t}_bx`),
        "g/h/w": variable([h, 3 * h], 4, `gru_parity_${t}_wh`),
        "g/h/b": variable([3 * h], 5, `gru_parity_${t}_bh`),
      };
      const vars = [x, params["g/x/w"], params["g/x/b"], params["g/h/w"], params["g/h/b"]];
      const w = { wx: vars[1], bx: vars[2], wh: vars[3], bh: vars[4] };
      for (const sequence of [true, false]) {
        for (const reverse of [false, true]) {
          // a weighted sum, so that every output element gets its own gradient
          const wy = tf.tensor(
            Array.from(rng(7).normals(sequence ? b * t * h : b * h)),
            sequence ? [b, t, h] : [b, h],
          );
          const run = (host: boolean) => {
            const { value, grads } = tf.variableGrads(() => {
              let y: tf.Tensor;
              if (host) y = gruHost(x, w, { sequence, reverse });
              else {
                const r = gruRun(params, "g", (reverse ? tf.reverse(x, 1) : x) as tf.Tensor3D, h);
                y = sequence ? (reverse ? tf.reverse(r.seq, 1) : r.seq) : r.last;
              }
              return tf.sum(tf.mul(y, wy)) as tf.Scalar;
            }, vars);
            const out = [value, ...vars.map((v) => grads[v.name])].map((g) => g.dataSync());
            tf.dispose([value, ...Object.values(grads)]);
            return out;
          };
          const host = run(true), ops = run(false);
          assert.equal(host.length, 6); // loss, dx, dWx, dbx, dWh, dbh
          host.forEach((arr, i) =>
            assert.ok(
              maxAbsDiff(arr, ops[i]) < 1e-5,
              `T ${t} sequence ${sequence} reverse ${reverse} part ${i}: ${
                maxAbsDiff(arr, ops[i])
              }`,
            )
          );
          assert.ok(Math.abs(host[0][0]) > 1e-3); // a non-trivial loss
          assert.ok(host.slice(1).every((g) => g.some((v) => Math.abs(v) > 1e-4))); // and gradients
          wy.dispose();
        }
      }
      tf.dispose(vars);
    }
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "gruHost: bad input is named",
  ignore: !HOST,
  fn: () => {
    const before = tf.memory().numTensors;
    const x = tf.zeros([2, 3, 4]);
    const bad = {
      x: tf.zeros([2, 4]),
      wx: tf.zeros([3, 6]),
      wh: tf.zeros([2, 5]),
      bh: tf.zeros([5]),
    };
    const ok = { wx: tf.zeros([4, 6]), bx: tf.zeros([6]), wh: tf.zeros([2, 6]), bh: tf.zeros([6]) };
    const opts = { sequence: false, reverse: false };
    assert.throws(
      () => gruHost(bad.x, ok, opts),
      /gruHost: argument 'x' expected a tensor \[batch, time >= 1, features\]/,
    );
    assert.throws(
      () => gruHost(x, { ...ok, wx: bad.wx }, opts),
      /gruHost: argument 'w.wx' expected a tensor \[4, 6\]/,
    );
    assert.throws(
      () => gruHost(x, { ...ok, wh: bad.wh }, opts),
      /gruHost: argument 'w.wh' expected a tensor \[H, 3H\]/,
    );
    assert.throws(
      () => gruHost(x, { ...ok, bh: bad.bh }, opts),
      /gruHost: argument 'w.bh' expected a tensor \[6\]/,
    );
    assert.throws(
      () => gruHost(x, ok, { sequence: "yes" } as never),
      /gruHost: argument 'opts' expected \{sequence: boolean, reverse: boolean\}/,
    );
    tf.dispose([x, ...Object.values(ok), ...Object.values(bad)]);
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "gruEncode: the host GRU (fast paths on) matches the tfjs ops (off), with fewer kernels",
  ignore: !HOST,
  fn: async () => {
    const c: GruEncoderConfig = {
      kind: "gru",
      inputDim: 3,
      hidden: 5,
      layers: 2,
      bidirectional: true,
      dModel: 4,
    };
    const enc = initJepaEncoder(c, 11);
    const vars = Object.values(enc.params);
    const x = tf.tensor3d(Array.from(rng(12).normals(6 * 4 * 3)), [6, 4, 3]);
    const before = tf.memory().numTensors;
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const loss = () => tf.sum(tf.square(gruEncode(enc.params, "enc", c, x))) as tf.Scalar;
        const prof = await tf.profile(() => tf.tidy(loss));
        tf.dispose(prof.result as tf.Tensor);
        const { value, grads } = tf.variableGrads(loss, vars);
        const out = [value, ...vars.map((v) => grads[v.name])].map((g) => g.dataSync());
        tf.dispose([value, ...Object.values(grads)]);
        const tanh = prof.kernels.filter((k) => k.name === "Tanh").length;
        return { out, kernels: prof.kernels.length, tanh };
      } finally {
        setFastPaths(true);
      }
    };
    const host = await run(true), ops = await run(false);
    assert.equal(host.out.length, vars.length + 1);
    host.out.forEach((arr, i) => assert.ok(maxAbsDiff(arr, ops.out[i]) < 1e-5, `part ${i}`));
    assert.ok(host.out[0][0] > 1e-3);
    // the ops run each gate as kernels (one tanh per layer, direction and step); the host op
    // runs two matmuls per step and the gate maths in JS
    assert.equal(ops.tanh, 2 * 2 * 4);
    assert.equal(host.tanh, 0);
    assert.ok(host.kernels < ops.kernels * 0.7, `${host.kernels} vs ${ops.kernels} kernels`);
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
    disposeParams(enc.params);
  },
});
