/**
 * A (bi)directional GRU encoder over time steps, written with tfjs ops (PyTorch's GRU cell:
 * r = σ(x·Wr + h·Ur), z = σ(x·Wz + h·Uz), n = tanh(x·Wn + r ⊙ (h·Un)), h' = (1 − z) ⊙ n + z ⊙ h).
 * The input projection of all steps is one matmul; the last layer's final states (both
 * directions) are projected to the embedding of width dModel.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { dense, param, type ParamInit, type ParamMap } from "../nn/params.ts";
import { gruHost, type GruWeights } from "../fast/gru_host.ts";
import { fastPaths } from "../fast/switch.ts";

/** Settings of the GRU encoder. */
export interface GruEncoderConfig {
  kind: "gru";
  /** Features per time step. */
  inputDim: number;
  /** Hidden units per direction. */
  hidden: number;
  layers: number;
  bidirectional: boolean;
  /** Width of the embedding. */
  dModel: number;
}

/** Check a GRU encoder config; returns it. */
export function checkGruConfig(c: GruEncoderConfig): GruEncoderConfig {
  const fn = "gruEncoder";
  for (const k of ["inputDim", "hidden", "layers", "dModel"] as const) {
    requireNumber(fn, `config.${k}`, c[k], { integer: true, positive: true });
  }
  require(
    typeof c.bidirectional === "boolean",
    fn,
    "config.bidirectional",
    "a boolean",
    c.bidirectional,
  );
  return c;
}

/** Add the GRU encoder's parameters under `key`. */
export function initGruEncoder(init: ParamInit, key: string, c: GruEncoderConfig): void {
  checkGruConfig(c);
  const dirs = c.bidirectional ? ["f", "b"] : ["f"];
  for (let l = 0; l < c.layers; l++) {
    const inDim = l === 0 ? c.inputDim : c.hidden * dirs.length;
    for (const d of dirs) {
      init.dense(`${key}/l${l}${d}/x`, inDim, 3 * c.hidden);
      init.dense(`${key}/l${l}${d}/h`, c.hidden, 3 * c.hidden);
    }
  }
  init.dense(`${key}/out`, c.hidden * dirs.length, c.dModel);
}

/**
 * Run one GRU direction over x [B, T, in] in tfjs ops (the reference of lib/fast/gru_host.ts);
 * returns all states [B, T, H] and the last [B, H].
 */
export function gruRun(
  params: ParamMap,
  key: string,
  x: tf.Tensor3D,
  hidden: number,
): { seq: tf.Tensor3D; last: tf.Tensor2D } {
  const [b, t] = x.shape;
  const gx = tf.unstack(dense(params, `${key}/x`, x), 1) as tf.Tensor2D[];
  let h: tf.Tensor2D = tf.zeros([b, hidden]);
  const states: tf.Tensor2D[] = [];
  for (let s = 0; s < t; s++) {
    const [xr, xz, xn] = tf.split(gx[s], 3, 1);
    const [hr, hz, hn] = tf.split(dense(params, `${key}/h`, h), 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D;
    states.push(h);
  }
  return { seq: tf.stack(states, 1) as tf.Tensor3D, last: h };
}

/** Embed sequences x [B, T, inputDim] into [B, dModel] (call inside tf.tidy). */
export function gruEncode(
  params: ParamMap,
  key: string,
  c: GruEncoderConfig,
  x: tf.Tensor,
): tf.Tensor2D {
  require(
    x instanceof tf.Tensor && x.rank === 3 && x.shape[2] === c.inputDim && (x.shape[1] ?? 0) > 0,
    "gruEncode",
    "x",
    `a tensor [batch, time, ${c.inputDim}]`,
    x,
  );
  if (fastPaths() && HOST_BACKENDS.has(tf.getBackend())) return gruEncodeHost(params, key, c, x);
  let seq = x as tf.Tensor3D;
  let lasts: tf.Tensor2D[] = [];
  for (let l = 0; l < c.layers; l++) {
    const fwd = gruRun(params, `${key}/l${l}f`, seq, c.hidden);
    if (!c.bidirectional) {
      [seq, lasts] = [fwd.seq, [fwd.last]];
      continue;
    }
    const bwd = gruRun(params, `${key}/l${l}b`, tf.reverse(seq, 1), c.hidden);
    seq = tf.concat([fwd.seq, tf.reverse(bwd.seq, 1)], 2) as tf.Tensor3D;
    lasts = [fwd.last, bwd.last];
  }
  const last = lasts.length === 1 ? lasts[0] : tf.concat(lasts, 1);
  return dense(params, `${key}/out`, last) as tf.Tensor2D;
}

/** Backends whose tensors live in host memory: the fast path's JS GRU cell applies there. */
const HOST_BACKENDS = new Set(["wasm", "cpu"]);

/** `gruEncode` with each direction as one host op (lib/fast/gru_host.ts); same numbers. */
function gruEncodeHost(
  params: ParamMap,
  key: string,
  c: GruEncoderConfig,
  x: tf.Tensor,
): tf.Tensor2D {
  const dirs = c.bidirectional ? ["f", "b"] : ["f"];
  const weights = (k: string): GruWeights => ({
    wx: param(params, `${k}/x/w`),
    bx: param(params, `${k}/x/b`),
    wh: param(params, `${k}/h/w`),
    bh: param(params, `${k}/h/b`),
  });
  let seq = x;
  for (let l = 0; l < c.layers; l++) {
    // the last layer's states are not needed, only its final ones
    const sequence = l < c.layers - 1;
    const outs = dirs.map((d) =>
      gruHost(seq, weights(`${key}/l${l}${d}`), { sequence, reverse: d === "b" })
    );
    seq = outs.length === 1 ? outs[0] : tf.concat(outs, sequence ? 2 : 1);
  }
  return dense(params, `${key}/out`, seq) as tf.Tensor2D;
}
