/**
 * lib/fast/attention_math.ts: the host attention loops equal a naive softmax attention written
 * from its definition (general heads and the written-out width-8 path), and their backward
 * pass equals central finite differences of a weighted sum of the output.
 */
import assert from "node:assert/strict";
import { attentionRows, attentionRowsBackward } from "../../../lib/fast/attention_math.ts";
import { Rng } from "../../../lib/random.ts";

/** softmax(q·kᵀ/√dh)·v per sequence and head, in float64, from the definition. */
function naive(qkv: Float32Array, batch: number, n: number, d: number, heads: number) {
  const dh = d / heads, ctx = new Float64Array(batch * n * d);
  const at = (row: number, col: number) => qkv[row * 3 * d + col];
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < n; i++) {
        const s = Array.from({ length: n }, (_, j) => {
          let dot = 0;
          for (let e = 0; e < dh; e++) {
            dot += at(b * n + i, h * dh + e) * at(b * n + j, d + h * dh + e);
          }
          return Math.exp(dot / Math.sqrt(dh));
        });
        const z = s.reduce((a, u) => a + u, 0);
        for (let e = 0; e < dh; e++) {
          let c = 0;
          for (let j = 0; j < n; j++) c += (s[j] / z) * at(b * n + j, 2 * d + h * dh + e);
          ctx[(b * n + i) * d + h * dh + e] = c;
        }
      }
    }
  }
  return ctx;
}

const CASES = [
  { name: "heads of width 4 (general loops)", batch: 2, n: 3, d: 8, heads: 2 },
  { name: "heads of width 8 (written-out loops)", batch: 2, n: 4, d: 16, heads: 2 },
];

for (const c of CASES) {
  Deno.test(`attentionRows and its backward, ${c.name}`, () => {
    const r = new Rng(5);
    const rows = c.batch * c.n;
    const qkv = Float32Array.from(r.normals(rows * 3 * c.d));
    const { ctx, p } = attentionRows(qkv, c.batch, c.n, c.d, c.heads);
    const want = naive(qkv, c.batch, c.n, c.d, c.heads);
    want.forEach((v, i) => assert.ok(Math.abs(ctx[i] - v) < 1e-5, `ctx[${i}] ${ctx[i]} vs ${v}`));
    for (let row = 0; row < c.batch * c.heads * c.n; row++) {
      const sum = p.slice(row * c.n, (row + 1) * c.n).reduce((a, u) => a + u, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `weights of row ${row} sum to 1`);
    }
    // L = Σ ctx·w: dL/dqkv by the backward pass against central differences
    const w = Float32Array.from(r.normals(rows * c.d));
    const loss = (x: Float32Array) =>
      naive(x, c.batch, c.n, c.d, c.heads).reduce((a, v, i) => a + v * w[i], 0);
    const grad = attentionRowsBackward(Float32Array.from(w), qkv, p, c.batch, c.n, c.d, c.heads);
    const h = 1e-3;
    for (let i = 0; i < qkv.length; i += 3) {
      const up = Float32Array.from(qkv), down = Float32Array.from(qkv);
      up[i] += h;
      down[i] -= h;
      const fd = (loss(up) - loss(down)) / (up[i] - down[i]);
      assert.ok(
        Math.abs(grad[i] - fd) < 2e-3 * Math.max(1, Math.abs(fd)),
        `dqkv[${i}] ${grad[i]} vs ${fd}`,
      );
    }
    assert.ok(grad.some((g) => Math.abs(g) > 1e-2), "a gradient to compare");
  });
}
