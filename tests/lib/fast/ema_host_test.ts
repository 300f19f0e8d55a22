/**
 * Parity of lib/fast/ema_host.ts (the EMA update of a target network in JS) with its
 * reference, `emaUpdate`'s tfjs ops with the fast paths off: five steps with a changing τ and
 * changing online weights agree to float precision; no tensor is left behind; bad input named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { emaHost } from "../../../lib/fast/ema_host.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { emaUpdate } from "../../../lib/train/ema.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

const normal = (shape: number[], seed: number) =>
  tf.tensor(Float32Array.from(rng(seed).normals(shape.reduce((a, b) => a * b, 1))), shape);

Deno.test({
  name: "emaHost: five steps equal emaUpdate's tfjs ops (fast paths off) to float precision",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    const shapes = [[3, 4], [5], [2, 2, 3]];
    const run = async (fast: boolean) => {
      const target = shapes.map((s, i) => tf.tidy(() => tf.variable(normal(s, i + 1), false)));
      const online = shapes.map((s, i) => tf.tidy(() => tf.variable(normal(s, i + 10))));
      setFastPaths(fast);
      try {
        for (let step = 0; step < 5; step++) {
          emaUpdate(target, online, 0.9 + 0.02 * step);
          online.forEach((o, i) =>
            tf.tidy(() => o.assign(tf.add(o, normal(shapes[i], 20 + step))))
          );
        }
      } finally {
        setFastPaths(true);
      }
      const out = await Promise.all(target.map((t) => t.data()));
      tf.dispose([...target, ...online]);
      return out;
    };
    const [fast, ref] = [await run(true), await run(false)];
    fast.forEach((a, i) => {
      a.forEach((v, j) => assert.ok(Math.abs(v - ref[i][j]) < 1e-6, `var ${i}[${j}]`));
    });
    // and a hand computation: τ = 0.5 between 4 and 2 gives 3
    const t = tf.tidy(() => tf.variable(tf.fill([2], 4), false)), o = tf.fill([2], 2);
    emaHost([t], [o], 0.5);
    assert.deepEqual(Array.from(await t.data()), [3, 3]);
    tf.dispose([t, o]);
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "emaHost: bad input names the function and the argument",
  ignore: !HOST,
  fn: () => {
    const t = tf.tidy(() => tf.variable(tf.zeros([2]), false)), o = tf.zeros([3]);
    assert.throws(() => emaHost([t], [o], 0.5), /emaHost: argument 'online\[0\]' expected/);
    assert.throws(() => emaHost([t], [], 0.5), /emaHost: argument 'online' expected/);
    assert.throws(() => emaHost([t], [t], 2), /emaHost: argument 'tau' expected/);
    tf.dispose([t, o]);
  },
});
