/**
 * Dropout with seeded masks: a fresh mask per call drawn from the course's `Rng` (tfjs's own
 * Dropout layer, given a seed, repeats ONE mask at every step). Used by the MLP in both styles.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";

/** The survivor scale of `fillDropoutMask` for `rate` (1/(1-rate) with the rate quantised). */
export function dropoutKeepScale(rate: number): number {
  requireNumber("dropoutKeepScale", "rate", rate, { min: 0 });
  require(rate < 1, "dropoutKeepScale", "rate", "a rate in [0, 1)", rate);
  const threshold = Math.round(rate * 65536);
  return threshold === 0 ? 1 : 65536 / (65536 - threshold);
}

/**
 * Fill `out` with an inverted-dropout mask: 0 with probability `rate`, else 1/(1-rate). Draws
 * 16-bit uniforms from a local sfc32 stream seeded by `rng` (so the rate is quantised to
 * 1/65536 and the survivor scale matches the quantised rate exactly; fast enough per batch).
 */
export function fillDropoutMask(out: Float32Array, rate: number, rng: Rng): Float32Array {
  const keep = dropoutKeepScale(rate);
  const threshold = Math.round(rate * 65536);
  let a = rng.nextUint32() | 0;
  let b = rng.nextUint32() | 0;
  let c = rng.nextUint32() | 0;
  let d = 1;
  const n = out.length;
  for (let i = -12; i < n; i += 2) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    if (i < 0) continue; // warm-up rounds decorrelate the seed
    out[i] = (t & 0xffff) < threshold ? 0 : keep;
    if (i + 1 < n) out[i + 1] = (t >>> 16) < threshold ? 0 : keep;
  }
  return out;
}

/**
 * Inverted dropout with a mask drawn from `rng`: zeroes each entry with probability `rate` and
 * scales survivors by 1/(1-rate); the mask is a constant, so gradients flow through survivors.
 */
export function seededDropout(x: tf.Tensor, rate: number, rng: Rng): tf.Tensor {
  require(x instanceof tf.Tensor, "seededDropout", "x", "a tensor", x);
  require(rng instanceof Rng, "seededDropout", "rng", "an Rng", rng);
  requireNumber("seededDropout", "rate", rate, { min: 0 });
  require(rate < 1, "seededDropout", "rate", "a rate in [0, 1)", rate);
  if (rate === 0) return x.clone();
  const mask = fillDropoutMask(new Float32Array(x.size), rate, rng);
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, "float32")));
}

/** A dropout layer whose masks come from a seeded `Rng` (tfjs's own reuses one mask per seed). */
export class SeededDropout extends tf.layers.Layer {
  static className = "CourseSeededDropout";
  readonly rate: number;
  readonly seed: number;
  #rng: Rng;

  constructor(args: { rate: number; seed: number; name?: string }) {
    require(
      typeof args === "object" && args !== null,
      "SeededDropout",
      "args",
      "{rate, seed}",
      args,
    );
    dropoutKeepScale(args.rate); // rejects a rate outside [0, 1)
    requireNumber("SeededDropout", "seed", args.seed, { integer: true });
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.#rng = new Rng(args.seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || this.rate === 0) return x.clone();
    return seededDropout(x, this.rate, this.#rng);
  }

  /** The next training mask of `size` entries (what `call` would draw; lib/fast uses it). */
  drawMask(size: number): Float32Array {
    requireNumber("SeededDropout.drawMask", "size", size, { integer: true, positive: true });
    return fillDropoutMask(new Float32Array(size), this.rate, this.#rng);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
