/**
 * Recurrent stacks for sequences: LSTM or GRU layers (units per layer, optional
 * bidirectional, dropout between layers, return sequences or the last state) with seeded
 * initialisers, and the two models the course trains with them: a text classifier
 * (Embedding -> RNN -> Dropout -> Dense softmax) and a regressor/classifier on [N, T, F]
 * windows. LSTMs run on the course's fused op (`CourseLSTM`), GRUs on `tf.layers.gru`.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { courseEmbedding } from "./embedding.ts";
import { CourseLSTM } from "./lstm.ts";

/** Which recurrent cell a stack uses. */
export type RecurrentCell = "lstm" | "gru";

/** Shape of a recurrent stack. */
export interface RecurrentStackOptions {
  /** "lstm" (default) or "gru". */
  cell?: RecurrentCell;
  /** Units of each recurrent layer, first to last (e.g. [64] or [64, 32]). */
  units: number[];
  /** Read each layer both ways and concatenate (output width 2 x units). Default false. */
  bidirectional?: boolean;
  /** Dropout rate after every recurrent layer, in [0, 1) (default 0). */
  dropout?: number;
  /** Last layer returns [N, T, U] (true) or its last state [N, U] (default false). */
  returnSequences?: boolean;
  /** Seed of all initialisers and dropout masks (default DEFAULT_SEED). */
  seed?: number;
}

function checkStack(fn: string, o: RecurrentStackOptions): Required<RecurrentStackOptions> {
  require(o !== null && typeof o === "object", fn, "options", "an options object", o);
  const cell = o.cell ?? "lstm";
  require(cell === "lstm" || cell === "gru", fn, "options.cell", '"lstm" or "gru"', cell);
  require(
    Array.isArray(o.units) && o.units.length > 0,
    fn,
    "options.units",
    "a non-empty array of layer sizes",
    o.units,
  );
  o.units.forEach((u, i) =>
    requireNumber(fn, `options.units[${i}]`, u, { integer: true, positive: true })
  );
  const dropout = requireNumber(fn, "options.dropout", o.dropout ?? 0, { min: 0 });
  require(dropout < 1, fn, "options.dropout", "a rate in [0, 1)", dropout);
  return {
    cell,
    units: [...o.units],
    bidirectional: o.bidirectional ?? false,
    dropout,
    returnSequences: o.returnSequences ?? false,
    seed: requireNumber(fn, "options.seed", o.seed ?? DEFAULT_SEED, { integer: true }),
  };
}

function oneLayer(
  cell: RecurrentCell,
  units: number,
  returnSequences: boolean,
  rng: Rng,
  inputShape?: number[],
): tf.layers.Layer {
  if (cell === "lstm") {
    return new CourseLSTM({ units, returnSequences, seed: rng.seedInt(), inputShape });
  }
  return tf.layers.gru({
    units,
    returnSequences,
    recurrentActivation: "sigmoid",
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seedInt() }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: rng.seedInt() }),
    inputShape,
  });
}

/**
 * The recurrent layers of a stack, in order (recurrent, dropout, recurrent, dropout, ...);
 * `inputShape` [T, F] is set on the first layer when it opens a model.
 */
export function recurrentStack(
  options: RecurrentStackOptions,
  inputShape?: [number, number],
): tf.layers.Layer[] {
  const o = checkStack("recurrentStack", options);
  const rng = new Rng(o.seed);
  const layers: tf.layers.Layer[] = [];
  o.units.forEach((units, li) => {
    const seqOut = li < o.units.length - 1 || o.returnSequences;
    const shape = li === 0 && !o.bidirectional ? inputShape : undefined;
    const layer = oneLayer(o.cell, units, seqOut, rng, shape);
    layers.push(
      o.bidirectional
        ? tf.layers.bidirectional({
          layer: layer as tf.RNN,
          mergeMode: "concat",
          inputShape: li === 0 ? inputShape : undefined,
        })
        : layer,
    );
    if (o.dropout > 0) layers.push(tf.layers.dropout({ rate: o.dropout, seed: rng.seedInt() }));
  });
  return layers;
}

/** Options of `buildTextRnn`. */
export interface TextRnnOptions extends RecurrentStackOptions {
  /** Vocabulary size (`vocab.size`). */
  vocabSize: number;
  /** Embedding width (default 64). */
  embeddingDim?: number;
  /** Padded sequence length. */
  maxLen: number;
  /** Number of classes of the softmax head. */
  classes: number;
}

/** Embedding -> recurrent stack -> Dropout -> Dense(classes, softmax), seeded, uncompiled. */
export function buildTextRnn(options: TextRnnOptions): tf.Sequential {
  const fn = "buildTextRnn";
  const o = checkStack(fn, options);
  requireNumber(fn, "options.vocabSize", options.vocabSize, { integer: true, min: 3 });
  requireNumber(fn, "options.maxLen", options.maxLen, { integer: true, positive: true });
  requireNumber(fn, "options.classes", options.classes, { integer: true, min: 2 });
  const dim = requireNumber(fn, "options.embeddingDim", options.embeddingDim ?? 64, {
    integer: true,
    positive: true,
  });
  const rng = new Rng(o.seed);
  const model = tf.sequential();
  model.add(courseEmbedding({
    inputDim: options.vocabSize,
    outputDim: dim,
    inputLength: options.maxLen,
    seed: rng.seedInt(),
  }));
  const stack = recurrentStack({ ...o, dropout: 0, seed: rng.seedInt() });
  stack.forEach((l) => model.add(l));
  if (o.dropout > 0) model.add(tf.layers.dropout({ rate: o.dropout, seed: rng.seedInt() }));
  model.add(tf.layers.dense({
    units: options.classes,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seedInt() }),
  }));
  return model;
}

/** Options of `buildSequenceRnn`. */
export interface SequenceRnnOptions extends RecurrentStackOptions {
  /** Window length T. */
  timeSteps: number;
  /** Features per step F. */
  features: number;
  /** Output units (default 1). */
  outputs?: number;
  /** Head activation: "linear" (regression, default), "sigmoid" or "softmax". */
  outputActivation?: "linear" | "sigmoid" | "softmax";
}

/** Recurrent stack on [N, T, F] windows -> Dense(outputs) head, seeded, uncompiled. */
export function buildSequenceRnn(options: SequenceRnnOptions): tf.Sequential {
  const fn = "buildSequenceRnn";
  const o = checkStack(fn, options);
  const count = { integer: true, positive: true };
  const T = requireNumber(fn, "options.timeSteps", options.timeSteps, count);
  const F = requireNumber(fn, "options.features", options.features, count);
  const outputs = requireNumber(fn, "options.outputs", options.outputs ?? 1, count);
  const act = options.outputActivation ?? "linear";
  const known = act === "linear" || act === "sigmoid" || act === "softmax";
  require(known, fn, "options.outputActivation", '"linear", "sigmoid" or "softmax"', act);
  const rng = new Rng(o.seed);
  const model = tf.sequential();
  recurrentStack({ ...o, seed: rng.seedInt() }, [T, F]).forEach((l) => model.add(l));
  model.add(tf.layers.dense({
    units: outputs,
    activation: act,
    kernelInitializer: tf.initializers.glorotUniform({ seed: rng.seedInt() }),
  }));
  return model;
}
