import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { initAttention } from "../../../lib/nn/attention.ts";
import { disposeParams, ParamInit, type ParamMap } from "../../../lib/nn/params.ts";
import { applyRope, causalRopeAttention, ropeTables } from "../../../lib/nn/rope.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("applyRope: hand-computed rotation, identity at position 0, norm kept", async () => {
  const before = tf.memory().numTensors;
  // d = 2: one pair rotated by p·base^0 = p radians
  const x = tf.tensor2d([[1, 0], [1, 0], [3, 4]]);
  const r = applyRope(x, [0, 1, 2]);
  const v = await r.array() as number[][];
  close(v[0][0], 1);
  close(v[0][1], 0);
  close(v[1][0], Math.cos(1));
  close(v[1][1], Math.sin(1));
  close(v[2][0], 3 * Math.cos(2) - 4 * Math.sin(2));
  close(v[2][1], 4 * Math.cos(2) + 3 * Math.sin(2));
  close(Math.hypot(v[2][0], v[2][1]), 5);
  tf.dispose([x, r]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("applyRope: q·k depends only on the offset between positions", async () => {
  const rng = new Rng(3);
  const d = 8;
  const q = tf.tensor2d([Array.from(rng.normals(d))]);
  const k = tf.tensor2d([Array.from(rng.normals(d))]);
  const dot = async (p: number, s: number) => {
    const v = tf.tidy(() => tf.sum(tf.mul(applyRope(q, [p]), applyRope(k, [s]))));
    const out = (await v.data())[0];
    v.dispose();
    return out;
  };
  for (const [p, s] of [[0, 3], [5, 1], [2, 2]]) {
    const ref = await dot(p, s);
    for (const shift of [1, 7, 40]) close(await dot(p + shift, s + shift), ref, 1e-4);
  }
  // and it does depend on the offset (otherwise the property would be empty)
  assert.ok(Math.abs((await dot(0, 3)) - (await dot(0, 1))) > 1e-3);
  tf.dispose([q, k]);
});

Deno.test("ropeTables and applyRope reject bad input with named messages", () => {
  assert.throws(() => ropeTables([0, 1], 3), /ropeTables: argument 'dim' expected an even number/);
  const x = tf.zeros([3, 4]);
  assert.throws(() => applyRope(x, [0, 1]), /applyRope: argument 'positions' expected 3 positions/);
  x.dispose();
});

Deno.test("causalRopeAttention: a token never sees later tokens; same result under a time shift", async () => {
  const params: ParamMap = {};
  initAttention(new ParamInit(params, new Rng(1)), "a", 8);
  const rng = new Rng(4);
  const x = tf.tensor3d([Array.from({ length: 5 }, () => Array.from(rng.normals(8)))]);
  const before = tf.memory().numTensors;
  const changed = tf.tidy(() =>
    tf.concat([tf.slice(x, [0, 0, 0], [1, 3, 8]), tf.add(tf.slice(x, [0, 3, 0], [1, 2, 8]), 5)], 1)
  ) as tf.Tensor3D;
  const a = causalRopeAttention(params, "a", x, 2);
  const b = causalRopeAttention(params, "a", changed, 2);
  const c = causalRopeAttention(params, "a", x, 2, [10, 11, 12, 13, 14]);
  const [va, vb, vc] = await Promise.all([a.array(), b.array(), c.array()]);
  for (let t = 0; t < 3; t++) {
    for (let j = 0; j < 8; j++) close(va[0][t][j], vb[0][t][j], 1e-5);
  }
  assert.ok(Math.abs(va[0][4][0] - vb[0][4][0]) > 1e-4, "later tokens do change");
  for (let t = 0; t < 5; t++) {
    for (let j = 0; j < 8; j++) close(va[0][t][j], vc[0][t][j], 1e-4);
  }
  tf.dispose([changed, a, b, c]);
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  disposeParams(params);
});
