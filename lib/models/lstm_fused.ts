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
import { lstmHost } from "./lstm_host.ts";

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

/** The arguments tf.customGrad passes an LSTM implementation: x, kernel, recurrent kernel, bias. */
export type LstmGradArgs = [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];

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
    const [xs, k, rk, b, save] = args as LstmGradArgs;
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
