/**
 * Fast path (lib/fast, behind COURSE_FAST): tfjs's own `tf.train.adam` update done on ONE flat
 * vector for the length of a `fit` call. tfjs runs a dozen kernels per variable per step; this
 * runs its moment updates and its bias-corrected step (with both corrections folded into one
 * scalar factor, as the flat optimisers do: equal within float rounding) once on all weights
 * concatenated. The moments start from the optimiser's own slots and are written back to them
 * (and its iteration count and β-powers advance) so that the optimiser's state after `end()` is
 * what tfjs's own steps would have left. On host backends (wasm, cpu) the moments live in typed
 * arrays and the whole update runs in JS (no kernels; one upload per variable). Used by
 * fast_fit.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { hostBackend } from "./switch.ts";

/** An Adam slot as tfjs stores it (fields public in its JS, not in its types). */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The state of a tf.AdamOptimizer the twin reads and writes. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (Slot | undefined)[];
  accumulatedSecondMoment: (Slot | undefined)[];
  readonly iterations: number;
  incrementIterations(): void;
}

/** True for exactly tfjs's Adam optimiser (the one `tf.train.adam` makes, not a subclass). */
export function isTfAdam(opt: unknown): opt is tf.AdamOptimizer {
  // tfjs's optimisers answer `instanceof` by duck typing: compare the prototype instead
  return opt !== null && typeof opt === "object" &&
    Object.getPrototypeOf(opt) === tf.AdamOptimizer.prototype;
}

/** A flat twin of a tf.AdamOptimizer over fixed variables: `step` per batch, then `end`. */
export class AdamTwin {
  private readonly s: AdamState;
  private readonly sizes: number[];
  private m: tf.Variable | null = null;
  private v: tf.Variable | null = null;
  /** The moments in JS on host backends (then m and v stay null). */
  private host: { m: Float32Array; v: Float32Array } | null = null;
  private done = false;
  /** tfjs's accBeta1/2 (β^(steps + 1) as float32 products), kept here instead of read back. */
  private acc1: number;
  private acc2: number;

  /** `host`: keep the moments in JS and update without kernels (default: on wasm and cpu). */
  constructor(opt: tf.AdamOptimizer, readonly vars: tf.Variable[], host = hostBackend()) {
    require(isTfAdam(opt), "AdamTwin", "opt", "a tf.AdamOptimizer", opt);
    require(
      Array.isArray(vars) && vars.length > 0 && vars.every((v) => v instanceof tf.Variable),
      "AdamTwin",
      "vars",
      "a non-empty array of tf.Variable",
      vars,
    );
    this.s = opt as unknown as AdamState;
    [this.acc1, this.acc2] = [this.s.beta1, this.s.beta2].map((b) => {
      const b32 = Math.fround(b);
      let acc = b32; // what tfjs's accBeta holds after `iterations` steps
      for (let i = 0; i < this.s.iterations; i++) acc = Math.fround(acc * b32);
      return acc;
    });
    this.sizes = vars.map((v) => v.size);
    const flat = (slots: (Slot | undefined)[]) =>
      tf.tidy(() =>
        tf.variable(
          tf.concat(vars.map((v, i) => tf.reshape(slots[i]?.variable ?? tf.zerosLike(v), [-1]))),
          false,
        )
      );
    if (host) {
      const total = this.sizes.reduce((a, b) => a + b, 0);
      const flatHost = (slots: (Slot | undefined)[]) => {
        const out = new Float32Array(total);
        let off = 0;
        vars.forEach((v, i) => {
          const slot = slots[i]?.variable;
          if (slot) out.set(hostRead(slot) as Float32Array, off);
          off += v.size;
        });
        return out;
      };
      this.host = {
        m: flatHost(this.s.accumulatedFirstMoment),
        v: flatHost(this.s.accumulatedSecondMoment),
      };
    } else {
      this.m = flat(this.s.accumulatedFirstMoment);
      this.v = flat(this.s.accumulatedSecondMoment);
    }
  }

  /** The host form of `step`: moments and weights updated in JS (float32 at each operation). */
  private stepHost(grads: tf.Tensor[], bc1: number, sbc2: number): void {
    const s = this.s;
    const { m, v } = this.host!;
    const [b1, b2] = [Math.fround(s.beta1), Math.fround(s.beta2)];
    const [c1, c2] = [Math.fround(1 - s.beta1), Math.fround(1 - s.beta2)];
    const eps = Math.fround(s.epsilon * sbc2);
    const factor = Math.fround((-s.learningRate * sbc2) / bc1);
    let off = 0;
    grads.forEach((gt, k) => {
      const g = hostRead(gt) as Float32Array;
      const w = this.vars[k];
      const p = Float32Array.from(hostRead(w));
      for (let j = 0; j < p.length; j++) {
        const i = off + j, gi = g[j];
        m[i] = Math.fround(Math.fround(m[i] * b1) + Math.fround(gi * c1));
        v[i] = Math.fround(Math.fround(v[i] * b2) + Math.fround(Math.fround(gi * gi) * c2));
        p[j] += Math.fround(Math.fround(m[i] / Math.fround(Math.sqrt(v[i]) + eps)) * factor);
      }
      off += p.length;
      const t = tf.tensor(p, w.shape, "float32");
      w.assign(t);
      t.dispose();
    });
  }

  /** One Adam update of `vars` from their gradients (in the order of `vars`). */
  step(grads: tf.Tensor[]): void {
    require(!this.done, "AdamTwin.step", "this", "a twin before end()", "ended");
    const s = this.s;
    // the bias corrections as tfjs computes them in float32: 1 − accBeta
    const bc1 = Math.fround(1 - this.acc1);
    const sbc2 = Math.sqrt(Math.fround(1 - this.acc2));
    if (this.host) this.stepHost(grads, bc1, sbc2);
    else {
      this.stepTensors(grads, bc1, sbc2);
    }
    this.acc1 = Math.fround(this.acc1 * Math.fround(s.beta1));
    this.acc2 = Math.fround(this.acc2 * Math.fround(s.beta2));
    s.incrementIterations();
  }

  /** The tensor form of `step` (backends whose tensors are not in host memory). */
  private stepTensors(grads: tf.Tensor[], bc1: number, sbc2: number): void {
    const s = this.s;
    const [mVar, vVar] = [this.m!, this.v!];
    tf.tidy(() => {
      const g = tf.concat(grads.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1]))));
      const m = tf.add(tf.mul(mVar, s.beta1), tf.mul(g, 1 - s.beta1));
      const v = tf.add(tf.mul(vVar, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
      mVar.assign(m);
      vVar.assign(v);
      // lr·(m/bc1)/(sqrt(v/bc2)+eps) with one scalar factor, as the flat optimisers do
      const update = tf.mul(
        tf.div(m, tf.add(tf.sqrt(v), s.epsilon * sbc2)),
        (-s.learningRate * sbc2) / bc1,
      );
      const pieces = tf.split(update, this.sizes);
      this.vars.forEach((w, i) => {
        const p = w.rank === 1 ? pieces[i] : tf.reshape(pieces[i], w.shape);
        w.assign(tf.add(p, w));
      });
    });
  }

  /** Write the moments back into the optimiser's slots and free the flat copies. */
  end(): void {
    if (this.done) return;
    this.done = true;
    const back = (
      flat: tf.Tensor | Float32Array,
      slots: (Slot | undefined)[],
      suffix: string,
    ) => {
      const pieces = tf.split(flat instanceof Float32Array ? tf.tensor1d(flat) : flat, this.sizes);
      this.vars.forEach((w, i) => {
        const value = tf.reshape(pieces[i], w.shape);
        const slot = slots[i];
        if (slot) slot.variable.assign(value);
        else {slots[i] = {
            originalName: `${w.name}/${suffix}`,
            variable: tf.variable(value, false),
          };}
      });
    };
    tf.tidy(() => {
      back(this.host?.m ?? this.m!, this.s.accumulatedFirstMoment, "m");
      back(this.host?.v ?? this.v!, this.s.accumulatedSecondMoment, "v");
      this.s.accBeta1.assign(tf.scalar(this.acc1));
      this.s.accBeta2.assign(tf.scalar(this.acc2));
    });
    if (this.m && this.v) tf.dispose([this.m, this.v]);
    this.host = null;
  }
}
