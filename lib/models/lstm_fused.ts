/**
 * A fast LSTM for tfjs: the whole sequence is one differentiable op whose backward pass is
 * hand-written backpropagation through time. Compared with `tf.layers.lstm` it projects the
 * inputs of all time steps in one matmul, runs fewer kernels per step, and records a single
 * tape node instead of dozens per step (tfjs's per-kernel overhead dominates at these sizes).
 * Maths and weight layout are Keras's (gates i, f, c, o; sigmoid/tanh), so weights can be
 * exchanged with `tf.layers.lstm({recurrentActivation: "sigmoid"})`.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";

/** Weights of one LSTM layer in Keras layout: kernel [F, 4U], recurrent [U, 4U], bias [4U]. */
export interface LstmWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

function checkShapes(fn: string, x: tf.Tensor, w: LstmWeights): number {
  require(x instanceof tf.Tensor && x.rank === 3, fn, "x", "a tensor of shape [N, T, F]", x);
  const units = w.recurrentKernel?.shape?.[0];
  require(
    w.recurrentKernel instanceof tf.Tensor && w.recurrentKernel.rank === 2 &&
      w.recurrentKernel.shape[1] === 4 * units,
    fn,
    "recurrentKernel",
    "a tensor of shape [U, 4U]",
    w.recurrentKernel,
  );
  require(
    w.kernel instanceof tf.Tensor && w.kernel.rank === 2 && w.kernel.shape[0] === x.shape[2] &&
      w.kernel.shape[1] === 4 * units,
    fn,
    "kernel",
    `a tensor of shape [${x.shape[2]}, ${4 * units}]`,
    w.kernel,
  );
  require(
    w.bias instanceof tf.Tensor && w.bias.rank === 1 && w.bias.shape[0] === 4 * units,
    fn,
    "bias",
    `a tensor of shape [${4 * units}]`,
    w.bias,
  );
  return units;
}

/** Backends whose tensors live in host memory: there the cell maths runs in plain JS. */
const HOST_BACKENDS = new Set(["wasm", "cpu"]);

/** Which implementation `lstmSequence` runs ("auto": host on wasm and cpu, else ops). */
export type LstmImpl = "auto" | "host" | "ops";

/**
 * Run an LSTM over `x` [N, T, F] from zero state: [N, T, U] when `returnSequences`, else the
 * last hidden state [N, U]. Differentiable in x and all weights (hand-written BPTT).
 */
export function lstmSequence(
  x: tf.Tensor3D,
  weights: LstmWeights,
  opts: { returnSequences?: boolean; impl?: LstmImpl } = {},
): tf.Tensor {
  const units = checkShapes("lstmSequence", x, weights);
  require(x.shape[1] > 0, "lstmSequence", "x", "at least one time step", x);
  const impl = opts.impl ?? "auto";
  require(
    ["auto", "host", "ops"].includes(impl),
    "lstmSequence",
    "opts.impl",
    '"auto", "host" or "ops"',
    impl,
  );
  const seq = opts.returnSequences ?? false;
  const host = impl === "host" || (impl === "auto" && HOST_BACKENDS.has(tf.getBackend()));
  return (host ? lstmHost : lstmOps)(x, weights, units, seq);
}

/**
 * Tensor-op implementation (any backend, e.g. GPUs): per step one matmul, a split and the
 * gate maths as tfjs kernels.
 */
function lstmOps(
  x: tf.Tensor,
  weights: LstmWeights,
  units: number,
  seq: boolean,
): tf.Tensor {
  const [n, steps, feats] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, k, rk, b, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const proj = tf.reshape(tf.add(tf.matMul(tf.reshape(xs, [n * steps, feats]), k), b), [
      n,
      steps,
      4 * units,
    ]);
    const zs = tf.unstack(proj, 1);
    let h: tf.Tensor = tf.zeros([n, units]);
    let c: tf.Tensor = tf.zeros([n, units]);
    const hs: tf.Tensor[] = [];
    const kept: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const z = tf.add(zs[t], tf.matMul(h, rk));
      const [zi, zf, zg, zo] = tf.split(z, 4, 1);
      const i = tf.sigmoid(zi), f = tf.sigmoid(zf), g = tf.tanh(zg), o = tf.sigmoid(zo);
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
      const tc = tf.tanh(cNew);
      kept.push(h, c, i, f, g, o, tc);
      h = tf.mul(o, tc);
      c = cNew;
      hs.push(h);
    }
    save([xs, k, rk, ...kept]);
    const value = seq ? tf.stack(hs, 1) : h;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x0, k0, rk0] = saved;
      const dys = seq ? tf.unstack(dy, 1) : null;
      let dh: tf.Tensor | null = null;
      let dc: tf.Tensor | null = null;
      const dzs: tf.Tensor[] = new Array(steps);
      const hPrev: tf.Tensor[] = new Array(steps);
      for (let t = steps - 1; t >= 0; t--) {
        const [hp, cp, i, f, g, o, tc] = saved.slice(3 + 7 * t, 10 + 7 * t);
        hPrev[t] = hp;
        const fromOut = dys ? dys[t] : (t === steps - 1 ? dy : null);
        const dht: tf.Tensor = dh === null ? fromOut! : fromOut === null ? dh : tf.add(dh, fromOut);
        const dcLocal = tf.mul(tf.mul(dht, o), tf.sub(1, tf.square(tc)));
        const dct: tf.Tensor = dc === null ? dcLocal : tf.add(dc, dcLocal);
        const dzi = tf.mul(tf.mul(dct, g), tf.mul(i, tf.sub(1, i)));
        const dzf = tf.mul(tf.mul(dct, cp), tf.mul(f, tf.sub(1, f)));
        const dzg = tf.mul(tf.mul(dct, i), tf.sub(1, tf.square(g)));
        const dzo = tf.mul(tf.mul(dht, tc), tf.mul(o, tf.sub(1, o)));
        const dz = tf.concat([dzi, dzf, dzg, dzo], 1);
        dzs[t] = dz;
        dh = tf.matMul(dz, rk0, false, true);
        dc = tf.mul(dct, f);
      }
      const dZ = tf.reshape(tf.stack(dzs, 1), [n * steps, 4 * units]);
      const dx = tf.reshape(tf.matMul(dZ, k0, false, true), [n, steps, feats]);
      const dk = tf.matMul(tf.reshape(x0, [n * steps, feats]), dZ, true, false);
      const H = tf.reshape(tf.stack(hPrev, 1), [n * steps, units]);
      const drk = tf.matMul(H, dZ, true, false);
      const db = tf.sum(dZ, 0);
      return [dx, dk, drk, db];
    };
    return { value, gradFunc };
  });
  return op(x, weights.kernel, weights.recurrentKernel, weights.bias);
}

/**
 * Host implementation: per step ONE tfjs kernel, [h, x_t] @ [rk; k] + b with a fused sigmoid
 * (the g columns doubled: tanh(z) = 2 sigmoid(2z) - 1); the cell update and the whole
 * backward gate maths run in JS on typed arrays (tfjs's per-kernel cost dominates here); the
 * weight gradients are three matmuls over all steps at the end.
 */
function lstmHost(
  x: tf.Tensor,
  weights: LstmWeights,
  units: number,
  seq: boolean,
): tf.Tensor {
  const [n, steps, feats] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, k, rk, b, save] = args as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.GradSaveFunc,
    ];
    const u = units, g4 = 4 * units, nu = n * units, uf = units + feats;
    const XS = xs.dataSync() as Float32Array; // [n, T, F]
    // [h_{t-1}, x_t] @ [rk; k] + b in one fused matmul with sigmoid; the g columns are
    // doubled so that tanh(z) = 2 sigmoid(2z) - 1
    const [w, bw] = tf.tidy(() => {
      const scale = tf.concat([tf.ones([2 * u]), tf.fill([u], 2), tf.ones([u])]);
      return [tf.mul(tf.concat([rk, k], 0), scale), tf.mul(b, scale)];
    });
    // per step, batch-major: h/c/tanh(c) [T, n, U], activated gates i, f, g, o [T, n, 4U]
    const H = new Float32Array(steps * nu), C = new Float32Array(steps * nu);
    const TC = new Float32Array(steps * nu), G = new Float32Array(steps * n * g4);
    const A = new Float32Array(n * uf);
    for (let t = 0; t < steps; t++) {
      for (let s = 0; s < n; s++) {
        if (t > 0) A.set(H.subarray((t - 1) * nu + s * u, (t - 1) * nu + (s + 1) * u), s * uf);
        A.set(XS.subarray((s * steps + t) * feats, (s * steps + t + 1) * feats), s * uf + u);
      }
      const at = tf.tensor2d(A, [n, uf]);
      const st = tf.fused.matMul({ a: at, b: w, bias: bw, activation: "sigmoid" });
      const S = st.dataSync() as Float32Array;
      tf.dispose([at, st]);
      for (let s = 0; s < n; s++) {
        const zo = s * g4, go = t * n * g4 + zo, so = t * nu + s * u, cp = so - nu;
        for (let j = 0; j < u; j++) {
          const i = S[zo + j],
            f = S[zo + u + j],
            g = 2 * S[zo + 2 * u + j] - 1,
            o = S[zo + 3 * u + j];
          const c = (t > 0 ? f * C[cp + j] : 0) + i * g;
          const tc = 1 - 2 / (1 + Math.exp(2 * c));
          G[go + j] = i, G[go + u + j] = f, G[go + 2 * u + j] = g, G[go + 3 * u + j] = o;
          C[so + j] = c, TC[so + j] = tc, H[so + j] = o * tc;
        }
      }
    }
    tf.dispose([w, bw]);
    save([xs, k, rk]);
    let value: tf.Tensor;
    if (seq) {
      const out = new Float32Array(n * steps * u);
      for (let t = 0; t < steps; t++) {
        for (let s = 0; s < n; s++) {
          out.set(H.subarray(t * nu + s * u, t * nu + (s + 1) * u), (s * steps + t) * u);
        }
      }
      value = tf.tensor3d(out, [n, steps, u]);
    } else value = tf.tensor2d(H.slice((steps - 1) * nu), [n, u]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x0, k0, rk0] = saved;
      const DY = dy.dataSync() as Float32Array;
      const rkT = tf.transpose(rk0);
      const DZ = new Float32Array(n * steps * g4); // [n, T, 4U]
      const HP = new Float32Array(n * steps * u); // h_{t-1} as [n, T, U]
      let dh: Float32Array = new Float32Array(nu);
      const dc = new Float32Array(nu);
      const dzt = new Float32Array(n * g4);
      for (let t = steps - 1; t >= 0; t--) {
        for (let s = 0; s < n; s++) {
          const go = (t * n + s) * g4, so = t * nu + s * u, cp = (t - 1) * nu + s * u;
          const yo = seq ? (s * steps + t) * u : s * u, zo = (s * steps + t) * g4;
          const hasDy = seq || t === steps - 1;
          for (let j = 0; j < u; j++) {
            const i = G[go + j], f = G[go + u + j], g = G[go + 2 * u + j], o = G[go + 3 * u + j];
            const tc = TC[so + j], c0 = t > 0 ? C[cp + j] : 0;
            const dht = dh[s * u + j] + (hasDy ? DY[yo + j] : 0);
            const dct = dc[s * u + j] + dht * o * (1 - tc * tc);
            const a = s * g4 + j;
            dzt[a] = dct * g * i * (1 - i);
            dzt[a + u] = dct * c0 * f * (1 - f);
            dzt[a + 2 * u] = dct * i * (1 - g * g);
            dzt[a + 3 * u] = dht * tc * o * (1 - o);
            dc[s * u + j] = dct * f;
            if (t > 0) HP[(s * steps + t) * u + j] = H[cp + j];
          }
          DZ.set(dzt.subarray(s * g4, (s + 1) * g4), zo);
        }
        if (t > 0) {
          const dzT = tf.tensor2d(dzt, [n, g4]);
          const r = tf.matMul(dzT, rkT);
          dh = r.dataSync() as Float32Array;
          tf.dispose([dzT, r]);
        }
      }
      rkT.dispose();
      return tf.tidy(() => {
        const dZ = tf.tensor2d(DZ, [n * steps, g4]);
        const dx = tf.reshape(tf.matMul(dZ, k0, false, true), [n, steps, feats]);
        const dk = tf.matMul(tf.reshape(x0, [n * steps, feats]), dZ, true, false);
        const drk = tf.matMul(tf.tensor2d(HP, [n * steps, u]), dZ, true, false);
        const db = tf.sum(dZ, 0);
        return [dx, dk, drk, db];
      });
    };
    return { value, gradFunc };
  });
  return op(x, weights.kernel, weights.recurrentKernel, weights.bias);
}

/** Settings of `CourseLSTM`. */
export interface CourseLstmArgs {
  units: number;
  /** Return [N, T, U] (true) or the last state [N, U] (default false). */
  returnSequences?: boolean;
  /** Read the sequence backwards (Keras `go_backwards`: outputs stay in reading order). */
  goBackwards?: boolean;
  /** Seed of the initialisers (draw with `rng.seedInt()`). */
  seed?: number;
  /** Input shape [T, F] when the layer opens a `tf.sequential`. */
  inputShape?: number[];
  name?: string;
}

/**
 * The course's LSTM layer (Keras semantics, sigmoid gates, forget-gate bias 1) on the fused
 * `lstmSequence` op; serialisable; weights named kernel / recurrent_kernel / bias.
 */
export class CourseLSTM extends tf.layers.Layer {
  /** Registered class name for model save/load. */
  static className = "CourseLSTM";
  readonly units: number;
  readonly returnSequences: boolean;
  readonly goBackwards: boolean;
  readonly seed: number | undefined;
  private w: tf.LayerVariable[] = [];

  constructor(args: CourseLstmArgs) {
    require(args !== null && typeof args === "object", "CourseLSTM", "args", "options", args);
    requireNumber("CourseLSTM", "args.units", args.units, { integer: true, positive: true });
    if (args.seed !== undefined) {
      requireNumber("CourseLSTM", "args.seed", args.seed, { integer: true });
    }
    super({ name: args.name, inputShape: args.inputShape });
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const f = s[s.length - 1] as number;
    const u = this.units;
    // a backward copy (Bidirectional clones the config) starts from different weights
    const seed = this.seed === undefined ? undefined : this.seed + (this.goBackwards ? 7919 : 0);
    const forgetOne = new Float32Array(4 * u);
    forgetOne.fill(1, u, 2 * u);
    this.w = [
      this.addWeight("kernel", [f, 4 * u], "float32", tf.initializers.glorotUniform({ seed })),
      this.addWeight(
        "recurrent_kernel",
        [u, 4 * u],
        "float32",
        tf.initializers.glorotUniform({ seed: seed === undefined ? undefined : seed + 1 }),
      ),
      this.addWeight("bias", [4 * u], "float32", tf.initializers.zeros()),
    ];
    const b0 = tf.tensor1d(forgetOne);
    this.w[2].write(b0);
    b0.dispose();
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      let x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      if (this.goBackwards) x = tf.reverse(x, 1);
      const [kernel, recurrentKernel, bias] = this.w.map((v) => v.read());
      return lstmSequence(x, {
        kernel: kernel as tf.Tensor2D,
        recurrentKernel: recurrentKernel as tf.Tensor2D,
        bias: bias as tf.Tensor1D,
      }, { returnSequences: this.returnSequences });
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      returnSequences: this.returnSequences,
      goBackwards: this.goBackwards,
      seed: this.seed ?? null,
    };
  }

  /** Rebuild from `getConfig()` (used by tfjs when loading a saved model). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const c = config as Record<string, unknown>;
    return new cls({
      units: c.units,
      returnSequences: c.returnSequences,
      goBackwards: c.goBackwards,
      seed: c.seed ?? undefined,
      name: c.name,
      inputShape: c.batchInputShape ? (c.batchInputShape as number[]).slice(1) : undefined,
    });
  }
}
tf.serialization.registerClass(CourseLSTM);
