/**
 * Fast path (lib/fast, behind COURSE_FAST): one GRU direction as ONE differentiable op for
 * backends whose tensors live in host memory (wasm, cpu), used by `gruEncode` in
 * lib/jepa/gru_encoder.ts; the reference is `gruRun` there (tfjs ops and autodiff). Per step
 * two fused matmuls run as tfjs kernels: r and z = sigmoid([h, x_t]·[Wh; Wx] + bh + bx) on their
 * columns, and h·Wh + bh on the n gate's (r multiplies that half only); the n gate's tanh, the
 * state update and the whole backward pass run in JS on typed arrays (tfjs's per-kernel cost
 * dominates at these sizes); x·Wx of the n gate and the weight gradients are one matmul each
 * over all steps. One of the few places in lib allowed to read synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";

/** One GRU direction's weights (gate order r, z, n): input [F, 3H], [3H]; recurrent [H, 3H], [3H]. */
export interface GruWeights {
  wx: tf.Tensor;
  bx: tf.Tensor;
  wh: tf.Tensor;
  bh: tf.Tensor;
}

/** How to run a direction: return all states or the last; read the time axis backwards. */
export interface GruHostOptions {
  /** Return the states of every step [B, T, H] (in the input's time order), else the last [B, H]. */
  sequence: boolean;
  /** Run from the last step to the first (the backward direction of a bidirectional GRU). */
  reverse: boolean;
}

/** Check gruHost's arguments (host backend, shapes, options); returns the hidden size H. */
function checkArgs(x: tf.Tensor, w: GruWeights, opts: GruHostOptions): number {
  const fn = "gruHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  require(
    x instanceof tf.Tensor && x.rank === 3 && (x.shape[1] ?? 0) > 0,
    fn,
    "x",
    "a tensor [batch, time >= 1, features]",
    x,
  );
  const h = w?.wh instanceof tf.Tensor && w.wh.rank === 2 ? w.wh.shape[0] : 0;
  const f = x.shape[2] as number;
  const shaped = (t: unknown, shape: number[]) =>
    t instanceof tf.Tensor && t.shape.join(",") === shape.join(",");
  require(h > 0 && shaped(w.wh, [h, 3 * h]), fn, "w.wh", "a tensor [H, 3H]", w?.wh);
  require(shaped(w.wx, [f, 3 * h]), fn, "w.wx", `a tensor [${f}, ${3 * h}]`, w.wx);
  require(shaped(w.bx, [3 * h]), fn, "w.bx", `a tensor [${3 * h}]`, w.bx);
  require(shaped(w.bh, [3 * h]), fn, "w.bh", `a tensor [${3 * h}]`, w.bh);
  require(
    opts !== null && typeof opts === "object" && typeof opts.sequence === "boolean" &&
      typeof opts.reverse === "boolean",
    fn,
    "opts",
    "{sequence: boolean, reverse: boolean}",
    opts,
  );
  return h;
}

/**
 * Run one GRU direction (PyTorch's cell, h0 = 0) over x [B, T, F]: the states [B, T, H] when
 * `opts.sequence`, else the final state [B, H]; differentiable in x and the four weights.
 */
export function gruHost(x: tf.Tensor, w: GruWeights, opts: GruHostOptions): tf.Tensor {
  const hid = checkArgs(x, w, opts);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, wx, bx, wh, bh, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const [n, steps, feats] = xs.shape;
    const H = hid, H2 = 2 * hid, H3 = 3 * hid, nH = n * hid;
    const { sequence, reverse } = opts;
    const timeOf = (s: number) => (reverse ? steps - 1 - s : s);
    // r and z straight from one fused kernel per step: sigmoid([h, x_t]·[Wh_rz; Wx_rz] + bh_rz +
    // bx_rz); the n gate keeps its two halves apart (r multiplies h·Wh_n + bh_n only)
    const WX = hostRead(wx) as Float32Array, WH = hostRead(wh) as Float32Array;
    const BX = hostRead(bx) as Float32Array, BH = hostRead(bh) as Float32Array;
    const hf = H + feats;
    const WRZ = new Float32Array(hf * H2), BRZ = new Float32Array(H2);
    const WHN = new Float32Array(H * H), WXN = new Float32Array(feats * H);
    for (let i = 0; i < H; i++) {
      WRZ.set(WH.subarray(i * H3, i * H3 + H2), i * H2);
      WHN.set(WH.subarray(i * H3 + H2, (i + 1) * H3), i * H);
    }
    for (let f = 0; f < feats; f++) {
      WRZ.set(WX.subarray(f * H3, f * H3 + H2), (H + f) * H2);
      WXN.set(WX.subarray(f * H3 + H2, (f + 1) * H3), f * H);
    }
    for (let j = 0; j < H2; j++) BRZ[j] = BH[j] + BX[j];
    const BHN = BH.slice(H2);
    const wrz = tf.tensor2d(WRZ, [hf, H2]), brz = tf.tensor1d(BRZ);
    const whn = tf.tensor2d(WHN, [H, H]), bhn = tf.tensor1d(BHN);
    // x·Wx_n + bx_n of every step, batch-major [B, T, H]
    const gxn = tf.tidy(() =>
      tf.fused.matMul({
        a: tf.reshape(xs, [n * steps, feats]) as tf.Tensor2D,
        b: tf.tensor2d(WXN, [feats, H]),
        bias: tf.tensor1d(BX.slice(H2)),
      })
    );
    const GXN = hostRead(gxn) as Float32Array;
    gxn.dispose();
    const XS = hostRead(xs) as Float32Array;
    const A = new Float32Array(n * hf); // [h, x_t] per row (h = 0 at the first step)
    // per processing step s, time-major [s, B, H]: HS block s = the state before step s
    const HS = new Float32Array((steps + 1) * nH);
    const R = new Float32Array(steps * nH), Z = new Float32Array(steps * nH);
    const N = new Float32Array(steps * nH), GHN = new Float32Array(steps * nH);
    for (let s = 0; s < steps; s++) {
      const t = timeOf(s);
      for (let b = 0; b < n; b++) {
        if (s > 0) A.set(HS.subarray(s * nH + b * H, s * nH + (b + 1) * H), b * hf);
        A.set(XS.subarray((b * steps + t) * feats, (b * steps + t + 1) * feats), b * hf + H);
      }
      const at = tf.tensor2d(A, [n, hf]);
      const rz = tf.fused.matMul({ a: at, b: wrz, bias: brz, activation: "sigmoid" });
      const RZ = hostRead(rz) as Float32Array;
      tf.dispose([at, rz]);
      let GH: Float32Array = BHN; // h0 = 0: h·Wh_n + bh_n = bh_n
      if (s > 0) {
        const ht = tf.tensor2d(HS.subarray(s * nH, (s + 1) * nH), [n, H]);
        const g = tf.fused.matMul({ a: ht, b: whn, bias: bhn });
        GH = hostRead(g) as Float32Array;
        tf.dispose([ht, g]);
      }
      for (let b = 0; b < n; b++) {
        const xo = (b * steps + t) * H, zo = b * H2, go = s > 0 ? b * H : 0, so = s * nH + b * H;
        for (let j = 0; j < H; j++) {
          const r = RZ[zo + j], z = RZ[zo + H + j], ghn = GH[go + j];
          const nn = Math.tanh(GXN[xo + j] + r * ghn);
          R[so + j] = r, Z[so + j] = z, N[so + j] = nn, GHN[so + j] = ghn;
          HS[so + nH + j] = (1 - z) * nn + z * HS[so + j];
        }
      }
    }
    tf.dispose([wrz, brz, whn, bhn]);
    save([xs, wx, wh]);
    let value: tf.Tensor;
    if (sequence) {
      const out = new Float32Array(n * steps * H);
      for (let s = 0; s < steps; s++) {
        const t = timeOf(s);
        for (let b = 0; b < n; b++) {
          const from = (s + 1) * nH + b * H;
          out.set(HS.subarray(from, from + H), (b * steps + t) * H);
        }
      }
      value = tf.tensor3d(out, [n, steps, H]);
    } else value = tf.tensor2d(HS.slice(steps * nH), [n, H]);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x0, wx0, wh0] = saved;
      const DY = hostRead(dy) as Float32Array;
      const whT = tf.transpose(wh0);
      const dGX = new Float32Array(n * steps * H3); // batch-major [B, T, 3H] like gx
      const dGH = new Float32Array(steps * n * H3); // time-major [s, B, 3H] like HS
      const dBX = new Float64Array(H3), dBH = new Float64Array(H3); // the bias gradients
      const dh = new Float32Array(nH); // dL/d(state after step s) from the later steps
      const dhz = new Float32Array(nH); // its direct part through z ⊙ h
      for (let s = steps - 1; s >= 0; s--) {
        const t = timeOf(s);
        const fromDy = sequence || s === steps - 1;
        for (let b = 0; b < n; b++) {
          const so = s * nH + b * H, xo = (b * steps + t) * H3, go = (s * n + b) * H3;
          const yo = sequence ? (b * steps + t) * H : b * H;
          for (let j = 0; j < H; j++) {
            const k = b * H + j;
            const dht = dh[k] + (fromDy ? DY[yo + j] : 0);
            const r = R[so + j], z = Z[so + j], nn = N[so + j];
            const dan = dht * (1 - z) * (1 - nn * nn);
            const dar = dan * GHN[so + j] * r * (1 - r);
            const daz = dht * (HS[so + j] - nn) * z * (1 - z);
            dGX[xo + j] = dar, dGX[xo + H + j] = daz, dGX[xo + H2 + j] = dan;
            dGH[go + j] = dar, dGH[go + H + j] = daz, dGH[go + H2 + j] = dan * r;
            dBX[j] += dar, dBX[H + j] += daz, dBX[H2 + j] += dan;
            dBH[j] += dar, dBH[H + j] += daz, dBH[H2 + j] += dan * r;
            dhz[k] = dht * z;
          }
        }
        if (s > 0) {
          const dg = tf.tensor2d(dGH.subarray(s * n * H3, (s + 1) * n * H3), [n, H3]);
          const m = tf.matMul(dg, whT);
          const M = hostRead(m) as Float32Array;
          tf.dispose([dg, m]);
          for (let k = 0; k < nH; k++) dh[k] = dhz[k] + M[k];
        }
      }
      whT.dispose();
      // the weight gradients' left operands, transposed here (wasm multiplies a transposed
      // operand slowly): x as [F, B·T] and the previous states as [H, T·B]
      const XS = hostRead(x0) as Float32Array;
      const xT = new Float32Array(feats * n * steps);
      for (let i = 0; i < n * steps; i++) {
        for (let f = 0; f < feats; f++) xT[f * n * steps + i] = XS[i * feats + f];
      }
      const hT = new Float32Array(H * steps * n);
      for (let i = 0; i < steps * n; i++) {
        for (let j = 0; j < H; j++) hT[j * steps * n + i] = HS[i * H + j];
      }
      return tf.tidy(() => {
        const dgx = tf.tensor2d(dGX, [n * steps, H3]);
        return [
          tf.reshape(tf.matMul(dgx, wx0, false, true), [n, steps, feats]),
          tf.matMul(tf.tensor2d(xT, [feats, n * steps]), dgx),
          tf.tensor1d(Float32Array.from(dBX)),
          tf.matMul(tf.tensor2d(hT, [H, steps * n]), tf.tensor2d(dGH, [steps * n, H3])),
          tf.tensor1d(Float32Array.from(dBH)),
        ];
      });
    };
    return { value, gradFunc };
  });
  return op(x, w.wx, w.bx, w.wh, w.bh);
}
