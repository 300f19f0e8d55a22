/**
 * Random weights of a tiny BERT (seeded), and a plain-JS forward pass over them: the oracle
 * the generated ONNX model is checked against (post-LN BERT, exact erf GELU, eps 1e-12).
 */
import { Rng } from "../../../../lib/random.ts";
import type { BertOnnxSizes, BertOnnxWeights } from "../../../../lib/nlp/onnx/bert_graph.ts";

/** Sizes of the tiny BERT (the exporter's type). */
export type TinyBertSizes = BertOnnxSizes;
/** All parameters of the tiny BERT (the exporter's type). */
export type TinyBertWeights = BertOnnxWeights;

/** Draw seeded random weights. */
export function randomTinyBert(sizes: TinyBertSizes, seed: number): TinyBertWeights {
  const rng = new Rng(seed);
  const n = (len: number, std: number, mean = 0) => Float32Array.from(rng.normals(len, mean, std));
  const { vocab, hidden: h, ffn, maxPos, numLabels } = sizes;
  const s = 1 / Math.sqrt(h);
  return {
    sizes,
    word: n(vocab * h, 1),
    pos: n(maxPos * h, 0.5),
    type: n(2 * h, 0.5),
    embG: n(h, 0.1, 1),
    embB: n(h, 0.1),
    layers: Array.from({ length: sizes.layers }, () => ({
      wq: n(h * h, s),
      bq: n(h, 0.1),
      wk: n(h * h, s),
      bk: n(h, 0.1),
      wv: n(h * h, s),
      bv: n(h, 0.1),
      wo: n(h * h, s),
      bo: n(h, 0.1),
      ln1g: n(h, 0.1, 1),
      ln1b: n(h, 0.1),
      w1: n(h * ffn, s),
      b1: n(ffn, 0.1),
      w2: n(ffn * h, 1 / Math.sqrt(ffn)),
      b2: n(h, 0.1),
      ln2g: n(h, 0.1, 1),
      ln2b: n(h, 0.1),
    })),
    poolW: n(h * h, s),
    poolB: n(h, 0.1),
    clsW: n(h * numLabels, s),
    clsB: n(numLabels, 0.1),
  };
}

function erf(x: number): number {
  // series for small |x|, continued fraction tail otherwise (abs error < 1e-12 here)
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let k = 1; k < 80; k++) {
      term *= -ax * ax / k;
      sum += term / (2 * k + 1);
    }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let f = 0;
  for (let k = 60; k >= 1; k--) f = (k / 2) / (ax + f);
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f));
}

function dense(x: number[][], w: Float32Array, b: Float32Array, out: number): number[][] {
  return x.map((row) => {
    const y = Array.from(b);
    row.forEach((v, i) => {
      for (let j = 0; j < out; j++) y[j] += v * w[i * out + j];
    });
    return y;
  });
}

function layerNorm(x: number[][], g: Float32Array, b: Float32Array): number[][] {
  return x.map((row) => {
    const m = row.reduce((s, v) => s + v, 0) / row.length;
    const v = row.reduce((s, u) => s + (u - m) ** 2, 0) / row.length;
    return row.map((u, i) => ((u - m) / Math.sqrt(v + 1e-12)) * g[i] + b[i]);
  });
}

/** Forward pass of one sequence: last hidden states [seq][hidden] and classifier logits. */
export function tinyBertForward(
  w: TinyBertWeights,
  ids: readonly number[],
  mask: readonly number[],
  typeIds: readonly number[] = ids.map(() => 0),
): { hidden: number[][]; logits: number[] } {
  const { hidden: h, heads, ffn, numLabels } = w.sizes;
  const hd = h / heads;
  let x = ids.map((id, t) =>
    Array.from(
      { length: h },
      (_, d) => w.word[id * h + d] + w.pos[t * h + d] + w.type[typeIds[t] * h + d],
    )
  );
  x = layerNorm(x, w.embG, w.embB);
  for (const L of w.layers) {
    const q = dense(x, L.wq, L.bq, h);
    const k = dense(x, L.wk, L.bk, h);
    const v = dense(x, L.wv, L.bv, h);
    const ctx = x.map(() => new Array<number>(h).fill(0));
    for (let head = 0; head < heads; head++) {
      for (let i = 0; i < x.length; i++) {
        const sc = x.map((_, j) => {
          let s = 0;
          for (let d = 0; d < hd; d++) s += q[i][head * hd + d] * k[j][head * hd + d];
          return s / Math.sqrt(hd) + (1 - mask[j]) * -10000;
        });
        const m = Math.max(...sc);
        const e = sc.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((p, j) => {
          for (let d = 0; d < hd; d++) ctx[i][head * hd + d] += (p / z) * v[j][head * hd + d];
        });
      }
    }
    const att = dense(ctx, L.wo, L.bo, h);
    const x1 = layerNorm(att.map((r, i) => r.map((u, d) => u + x[i][d])), L.ln1g, L.ln1b);
    const f = dense(x1, L.w1, L.b1, ffn).map((r) =>
      r.map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2)))
    );
    const f2 = dense(f, L.w2, L.b2, h);
    x = layerNorm(f2.map((r, i) => r.map((u, d) => u + x1[i][d])), L.ln2g, L.ln2b);
  }
  const pooled = dense([x[0]], w.poolW, w.poolB, h)[0].map(Math.tanh);
  const logits = dense([pooled], w.clsW, w.clsB, numLabels)[0];
  return { hidden: x, logits };
}
