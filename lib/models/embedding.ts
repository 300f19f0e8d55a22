/**
 * An embedding (id -> learned vector) that trains on every tfjs backend. The built-in
 * `tf.layers.embedding` differentiates `gather` through `UnsortedSegmentSum`, which the wasm
 * backend does not register (training fails) and the cpu backend runs row by row (slow).
 * Here the gradient of the lookup scatters the output gradient into the touched rows with
 * `tf.scatterND` (duplicates add up), a single fused kernel on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, require, requireNumber } from "../errors.ts";
import { argsFromConfig } from "./layer_config.ts";

/** Look up rows of `table` [vocab, dim] for integer `ids` (any shape) -> [...ids.shape, dim]. */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const fn = "embeddingLookup";
  require(
    table instanceof tf.Tensor && table.rank === 2 && table.dtype === "float32",
    fn,
    "table",
    "a float32 tensor of shape [vocab, dim]",
    table,
  );
  require(ids instanceof tf.Tensor, fn, "ids", "an integer tensor of ids", ids);
  const [vocab, dim] = table.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const idx = ids.dtype === "int32" ? ids : tf.cast(ids, "int32");
    const flat = tf.reshape(idx, [-1]);
    save([flat]);
    const value = tf.reshape(tf.gather(t, flat), [...ids.shape, dim]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const rows = tf.reshape(saved[0], [-1, 1]);
      return tf.scatterND(rows, tf.reshape(dy, [-1, dim]), [vocab, dim]);
    };
    return { value, gradFunc };
  });
  return lookup(table);
}

/** Check ids are integers in [0, vocab) (reads the tensor with `await data()`: not in hot loops). */
export async function checkEmbeddingIds(fn: string, ids: tf.Tensor, vocab: number): Promise<void> {
  const data = await ids.data();
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    require(
      Number.isInteger(v) && v >= 0 && v < vocab,
      fn,
      "ids",
      `integer ids in [0, ${vocab})`,
      `${describe(v)} at flat index ${i}`,
    );
  }
}

/** Settings of `CourseEmbedding`. */
export interface CourseEmbeddingArgs {
  /** Vocabulary size (number of ids). */
  inputDim: number;
  /** Length of each vector. */
  outputDim: number;
  /** Seed of the uniform(-0.05, 0.05) initialiser (draw it with `rng.seedInt()`). */
  seed?: number;
  /** Sequence length, so the layer can open a `tf.sequential` (sets inputShape [inputLength]). */
  inputLength?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * The course's embedding layer: same maths, weight name ("embeddings") and shapes as
 * `tf.layers.embedding`, with a scatter gradient that trains on wasm. Serialisable.
 */
export class CourseEmbedding extends tf.layers.Layer {
  /** Name under which the class is registered for model save/load. */
  static className = "CourseEmbedding";
  readonly inputDim: number;
  readonly outputDim: number;
  readonly seed: number | undefined;
  readonly inputLength: number | undefined;
  private embeddings: tf.LayerVariable | null = null;

  constructor(args: CourseEmbeddingArgs) {
    const fn = "CourseEmbedding";
    require(args !== null && typeof args === "object", fn, "args", "an options object", args);
    requireNumber(fn, "args.inputDim", args.inputDim, { integer: true, positive: true });
    requireNumber(fn, "args.outputDim", args.outputDim, { integer: true, positive: true });
    if (args.seed !== undefined) requireNumber(fn, "args.seed", args.seed, { integer: true });
    if (args.inputLength !== undefined) {
      requireNumber(fn, "args.inputLength", args.inputLength, { integer: true, positive: true });
    }
    super({
      name: args.name,
      trainable: args.trainable,
      inputShape: args.inputLength !== undefined ? [args.inputLength] : undefined,
    });
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.seed = args.seed;
    this.inputLength = args.inputLength;
  }

  override build(_inputShape: tf.Shape | tf.Shape[]): void {
    this.embeddings = this.addWeight(
      "embeddings",
      [this.inputDim, this.outputDim],
      "float32",
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? inputs[0] : inputs;
      return embeddingLookup(this.embeddings!.read() as tf.Tensor2D, ids);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      seed: this.seed ?? null,
      inputLength: this.inputLength ?? null,
    };
  }

  /** Rebuild from `getConfig()` (used by tfjs when loading a saved model). */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const keys = ["inputDim", "outputDim", "seed", "inputLength", "name", "trainable"];
    return new cls(argsFromConfig(config, keys));
  }
}
tf.serialization.registerClass(CourseEmbedding);

/** Create a `CourseEmbedding` layer (the course's drop-in for `tf.layers.embedding`). */
export function courseEmbedding(args: CourseEmbeddingArgs): CourseEmbedding {
  return new CourseEmbedding(args);
}
