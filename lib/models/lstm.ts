/**
 * The course's LSTM layer (`CourseLSTM`) and `lstmSequence`: the whole sequence is one
 * differentiable op whose backward pass is hand-written backpropagation through time. Compared with `tf.layers.lstm` it projects the
 * inputs of all time steps in one matmul, runs fewer kernels per step, and records a single
 * tape node instead of dozens per step (tfjs's per-kernel overhead dominates at these sizes).
 * Maths and weight layout are Keras's (gates i, f, c, o; sigmoid/tanh), so weights can be
 * exchanged with `tf.layers.lstm({recurrentActivation: "sigmoid"})`. Two implementations of
 * the op: tensor ops (lstm_ops.ts, any backend: the reference) and, behind lib/fast's switch,
 * host kernels in JS for wasm/cpu (fast/lstm_host.ts: one matmul kernel per step each way, the
 * cell maths and BPTT in JS, the weight gradients as one matmul).
 */
import * as tf from "@tensorflow/tfjs";
import { argsFromConfig } from "./layer_config.ts";
import { require, requireNumber } from "../errors.ts";
import { lstmHost } from "../fast/lstm_host.ts";
import { fastPaths } from "../fast/switch.ts";
import { lstmOps, type LstmWeights } from "./lstm_ops.ts";

export type { LstmGradArgs, LstmWeights } from "./lstm_ops.ts";

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

/** Which implementation `lstmSequence` runs ("auto": host on wasm and cpu when the fast paths
 * are on, else ops). */
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
  const host = impl === "host" ||
    (impl === "auto" && fastPaths() && HOST_BACKENDS.has(tf.getBackend()));
  return (host ? lstmHost : lstmOps)(x, weights, units, seq);
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
    const keys = ["units", "returnSequences", "goBackwards", "seed", "name"];
    return new cls(argsFromConfig(config, keys, true));
  }
}
tf.serialization.registerClass(CourseLSTM);
