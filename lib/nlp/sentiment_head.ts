/**
 * A small classifier head on sentence embeddings: multinomial logistic regression
 * (softmax(xW + b)) trained with tfjs (Adam, L2 penalty), evaluated in plain JS, and stored as
 * a small JSON file (weights as base64 float32) with its provenance.
 */
import { ensureBackend } from "../backend.ts";
import * as tf from "@tensorflow/tfjs";
import { require, requireFinite, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";
import { softmaxRows } from "./pooling.ts";

/** The head's parameters: `w` is [dim, labels.length] row-major, `b` has one bias per label. */
export interface SentimentHeadWeights {
  labels: string[];
  dim: number;
  w: Float32Array;
  b: Float32Array;
}

/** Class probabilities for each embedding (rows sum to 1). */
export function headProbabilities(
  head: SentimentHeadWeights,
  vectors: readonly Float32Array[],
): Float32Array[] {
  const k = head.labels.length;
  return vectors.map((v, r) => {
    require(
      v instanceof Float32Array && v.length === head.dim,
      "headProbabilities",
      `vectors[${r}]`,
      `a Float32Array of length ${head.dim}`,
      v,
    );
    requireFinite("headProbabilities", `vectors[${r}]`, v);
    const z = Float32Array.from(head.b);
    for (let i = 0; i < head.dim; i++) {
      const x = v[i];
      if (x === 0) continue;
      for (let j = 0; j < k; j++) z[j] += x * head.w[i * k + j];
    }
    return softmaxRows([z])[0];
  });
}

/** Training settings of the head. */
export interface HeadTrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/**
 * Fit softmax regression on embeddings `x` with integer classes `y` (full-batch Adam); the
 * weights are read with `await data()` (any backend).
 */
export async function trainSentimentHead(
  x: readonly Float32Array[],
  y: readonly number[],
  labels: readonly string[],
  opts: HeadTrainOptions = {},
): Promise<SentimentHeadWeights> {
  await ensureBackend();
  const fn = "trainSentimentHead";
  require(Array.isArray(x) && x.length > 0, fn, "x", "a non-empty array of vectors", x);
  require(y.length === x.length, fn, "y", `${x.length} labels`, `${y.length}`);
  require(labels.length >= 2, fn, "labels", "at least 2 label names", labels);
  const dim = x[0].length;
  y.forEach((c, i) =>
    require(
      Number.isInteger(c) && c >= 0 && c < labels.length,
      fn,
      `y[${i}]`,
      `a class in 0..${labels.length - 1}`,
      c,
    )
  );
  const epochs = requireNumber(fn, "epochs", opts.epochs ?? 300, { integer: true, positive: true });
  const lr = requireNumber(fn, "learningRate", opts.learningRate ?? 0.02, { positive: true });
  const l2 = requireNumber(fn, "l2", opts.l2 ?? 1e-4, { nonNegative: true });
  const rng = new Rng(opts.seed ?? 42);
  const k = labels.length;
  const flat = new Float32Array(x.length * dim);
  x.forEach((v, i) => {
    require(v.length === dim, fn, `x[${i}]`, `length ${dim}`, v);
    requireFinite(fn, `x[${i}]`, v);
    flat.set(v, i * dim);
  });
  const xs = tf.tensor2d(flat, [x.length, dim]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(y as number[], "int32"), k).toFloat());
  const w = tf.tidy(() =>
    tf.variable(tf.randomNormal([dim, k], 0, 0.01, "float32", rng.seedInt()))
  );
  const b = tf.tidy(() => tf.variable(tf.zeros([k])));
  const opt = tf.train.adam(lr);
  for (let e = 0; e < epochs; e++) {
    tf.tidy(() => {
      opt.minimize(() =>
        tf.losses.softmaxCrossEntropy(ys, xs.matMul(w).add(b)).add(
          w.square().sum().mul(l2),
        ) as tf.Scalar
      );
    });
  }
  const [wv, bv] = await Promise.all([w.data(), b.data()]);
  const out = {
    labels: [...labels],
    dim,
    w: Float32Array.from(wv),
    b: Float32Array.from(bv),
  };
  opt.dispose();
  tf.dispose([xs, ys, w, b]);
  return out;
}

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = "";
  for (const byte of bytes) s += String.fromCharCode(byte);
  return btoa(s);
}

function fromBase64(s: string): Float32Array {
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** Serialise a head plus provenance (`meta`: encoder, split, seed, accuracy...) as JSON text. */
export function sentimentHeadToJson(
  head: SentimentHeadWeights,
  meta: Record<string, unknown>,
): string {
  return JSON.stringify(
    { ...meta, labels: head.labels, dim: head.dim, w: toBase64(head.w), b: toBase64(head.b) },
    null,
    2,
  ) + "\n";
}

/** Parse the JSON written by `sentimentHeadToJson`; returns the weights and the whole record. */
export function sentimentHeadFromJson(
  text: string,
): { head: SentimentHeadWeights; meta: Record<string, unknown> } {
  const meta = JSON.parse(text) as Record<string, unknown>;
  const labels = meta.labels as string[];
  const dim = meta.dim as number;
  require(
    Array.isArray(labels) && typeof dim === "number" && typeof meta.w === "string",
    "sentimentHeadFromJson",
    "text",
    "JSON with labels, dim, w, b",
    Object.keys(meta).join(", "),
  );
  const w = fromBase64(meta.w as string);
  const b = fromBase64(meta.b as string);
  require(
    w.length === dim * labels.length && b.length === labels.length,
    "sentimentHeadFromJson",
    "text",
    `w of ${dim * labels.length} and b of ${labels.length} floats`,
    `${w.length} and ${b.length}`,
  );
  return { head: { labels, dim, w, b }, meta };
}
