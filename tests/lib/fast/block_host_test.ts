/**
 * Parity of lib/fast/block_host.ts (a pre-LN Transformer block as one host op with a
 * hand-written backward) with its reference, `transformerBlock(..., reference = true)` in
 * lib/nn/attention.ts (tfjs ops and autodiff): values and the gradients of x and all sixteen
 * weights, for several shapes (one and many heads, one token, MLP ratios); tensors disposed;
 * bad arguments rejected with the function and argument named; and chapter 07's whole
 * patch-Transformer JEPA loss with the fast paths on and off.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { transformerBlockHost } from "../../../lib/fast/block_host.ts";
import { tanhRational } from "../../../lib/fast/block_math.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { createJepa, disposeJepa } from "../../../lib/jepa/model.ts";
import { jepaLosses } from "../../../lib/jepa/objective.ts";
import { initTransformerBlock, transformerBlock } from "../../../lib/nn/attention.ts";
import { disposeParams, ParamInit, type ParamMap } from "../../../lib/nn/params.ts";
import { Rng, rng } from "../../../lib/random.ts";
import { PATCH_CONFIG } from "../../../tools/bench/jepa_bench.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Block parameters with non-trivial LayerNorm scales and biases (init gives 1 and 0). */
function blockParams(d: number, ratio: number, seed: number): ParamMap {
  const params: ParamMap = {};
  initTransformerBlock(new ParamInit(params, new Rng(seed)), "blk", d, ratio);
  const r = rng(seed + 1);
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith("/b") || k.endsWith("/g")) {
      const base = k.endsWith("/g") ? 1 : 0;
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(r.normals(v.size, base, 0.3)), v.shape)));
    }
  }
  return params;
}

Deno.test({
  name: "transformerBlockHost: values and gradients (x and all 16 weights) match the tfjs ops",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    // head widths 4, 4, 3 (the general loops) and 8 (the written-out ones)
    const shapes = [[5, 6, 8, 2, 2], [3, 1, 4, 1, 1], [2, 4, 12, 4, 3], [4, 6, 32, 4, 2], [
      2,
      1,
      8,
      1,
      2,
    ]];
    for (const [b, n, d, heads, ratio] of shapes) {
      const params = blockParams(d, ratio, 10 + n + d);
      const x = tf.tidy(() =>
        tf.variable(tf.tensor(Float32Array.from(rng(n).normals(b * n * d)), [b, n, d]))
      );
      const wy = tf.tensor(Float32Array.from(rng(7).normals(b * n * d)), [b, n, d]); // one weight per output
      const vars = [x, ...Object.values(params)];
      const run = (reference: boolean) =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const y = reference
              ? transformerBlock(params, "blk", x as tf.Tensor3D, heads, true)
              : transformerBlockHost(x, {
                ln1g: params["blk/ln1/g"],
                ln1b: params["blk/ln1/b"],
                qw: params["blk/attn/q/w"],
                qb: params["blk/attn/q/b"],
                kw: params["blk/attn/k/w"],
                kb: params["blk/attn/k/b"],
                vw: params["blk/attn/v/w"],
                vb: params["blk/attn/v/b"],
                ow: params["blk/attn/o/w"],
                ob: params["blk/attn/o/b"],
                ln2g: params["blk/ln2/g"],
                ln2b: params["blk/ln2/b"],
                fc1w: params["blk/fc1/w"],
                fc1b: params["blk/fc1/b"],
                fc2w: params["blk/fc2/w"],
                fc2b: params["blk/fc2/b"],
              }, heads);
            return tf.sum(tf.mul(y, wy));
          }, vars);
          return [value, ...vars.map((v) => grads[v.name])];
        });
      const ref = run(true), host = run(false);
      for (let i = 0; i < ref.length; i++) {
        const [r, h] = [await ref[i].data(), await host[i].data()];
        const what = i === 0 ? "loss" : vars[i - 1].name;
        assert.deepEqual(host[i].shape, ref[i].shape, what);
        // zero gradients: the key bias adds q·b_k to every score of a row (softmax ignores it);
        // with one token the attention weight is 1 whatever q and k
        const zero = /attn\/k\/b/.test(what) || (n === 1 && /attn\/[qk]\//.test(what));
        if (!zero) assert.ok(maxAbs(r) > 1e-4, `${what}: a zero gradient`);
        const diff = maxAbsDiff(r, h);
        assert.ok(diff <= 2e-5 * Math.max(1, maxAbs(r)), `${what} [${b},${n},${d}]: ${diff}`);
      }
      tf.dispose([...ref, ...host, x, wy]);
      disposeParams(params);
    }
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "transformerBlock: the fast path runs the host op (a handful of kernels, not ~70)",
  ignore: !HOST,
  fn: async () => {
    const params = blockParams(8, 2, 3);
    const x = tf.tensor(Float32Array.from(rng(4).normals(4 * 6 * 8)), [4, 6, 8]) as tf.Tensor3D;
    const kernels = async (reference: boolean) => {
      const info = await tf.profile(() => transformerBlock(params, "blk", x, 2, reference));
      (info.result as tf.Tensor).dispose();
      return info.kernels.length;
    };
    const [fast, ref] = [await kernels(false), await kernels(true)];
    assert.ok(fast <= 6 && ref >= 30, `fast ${fast} kernels vs reference ${ref}`);
    x.dispose();
    disposeParams(params);
  },
});

Deno.test({
  name: "transformerBlockHost: bad arguments name the function and the argument",
  ignore: !HOST,
  fn: () => {
    const params = blockParams(8, 2, 5);
    const w = {
      ln1g: params["blk/ln1/g"],
      ln1b: params["blk/ln1/b"],
      qw: params["blk/attn/q/w"],
      qb: params["blk/attn/q/b"],
      kw: params["blk/attn/k/w"],
      kb: params["blk/attn/k/b"],
      vw: params["blk/attn/v/w"],
      vb: params["blk/attn/v/b"],
      ow: params["blk/attn/o/w"],
      ob: params["blk/attn/o/b"],
      ln2g: params["blk/ln2/g"],
      ln2b: params["blk/ln2/b"],
      fc1w: params["blk/fc1/w"],
      fc1b: params["blk/fc1/b"],
      fc2w: params["blk/fc2/w"],
      fc2b: params["blk/fc2/b"],
    };
    const x = tf.zeros([2, 3, 8]);
    const x2 = tf.zeros([6, 8]);
    assert.throws(() => transformerBlockHost(x, w, 3), /transformerBlockHost: argument 'heads'/);
    assert.throws(() => transformerBlockHost(x2, w, 2), /transformerBlockHost: argument 'x'/);
    assert.throws(
      () => transformerBlockHost(x, { ...w, kw: params["blk/fc1/w"] }, 2),
      /transformerBlockHost: argument 'w\.kw' expected a float32 tensor \[8, 8\]/,
    );
    assert.throws(
      () => transformerBlockHost(x, w, 2, 0),
      /transformerBlockHost: argument 'eps'/,
    );
    tf.dispose([x, x2]);
    disposeParams(params);
  },
});

Deno.test({
  name: "patch-Transformer JEPA: loss and every gradient equal with the fast paths on and off",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    const model = createJepa({ ...PATCH_CONFIG, seed: 3 });
    const x = tf.tensor3d(Float32Array.from(rng(8).normals(16 * 48)), [16, 6, 8]);
    const vars = Object.values(model.params);
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const { value, grads } = tf.variableGrads(
          () => jepaLosses(model, x, { training: true, rng: new Rng(4) }).total,
          vars,
        );
        const out = [value, ...vars.map((v) => grads[v.name])];
        const data = await Promise.all(out.map((t) => t.data()));
        tf.dispose(out);
        return data;
      } finally {
        setFastPaths(true);
      }
    };
    const [fast, ref] = [await run(true), await run(false)];
    assert.equal(fast.length, vars.length + 1);
    fast.forEach((a, i) => {
      const what = i === 0 ? "loss" : vars[i - 1].name;
      assert.ok(maxAbsDiff(a, ref[i]) <= 2e-5 * Math.max(1, maxAbs(ref[i])), what);
    });
    assert.ok(ref[0][0] > 0.01, "a non-trivial loss");
    x.dispose();
    disposeJepa(model);
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test("tanhRational: within 2e-8 of Math.tanh on [-12, 12]; ±1 at ±∞; NaN stays NaN", () => {
  let worst = 0;
  for (let x = -12; x <= 12; x += 1e-3) {
    worst = Math.max(worst, Math.abs(tanhRational(x) - Math.tanh(x)));
  }
  // either side of the switch to the exponential form
  for (const x of [4.5, 4.5000001, -4.5, -4.5000001, 1e-30, -1e-30, 30, -30]) {
    worst = Math.max(worst, Math.abs(tanhRational(x) - Math.tanh(x)));
  }
  assert.ok(worst < 2e-8, `max error ${worst}`);
  assert.equal(tanhRational(Infinity), 1);
  assert.equal(tanhRational(-Infinity), -1);
  assert.ok(Number.isNaN(tanhRational(NaN)));
});
