/**
 * The LSTM op in plain tensor ops, any backend (GPUs included); the reference that lib/fast's
 * host kernels must match. Forward: per step one matmul, a split and the gate maths as tfjs
 * kernels; backward: hand-written backpropagation through time, one tape node for the whole
 * sequence. Also the weight layout and argument types both implementations share.
 */
import * as tf from "@tensorflow/tfjs";

/** Weights of one LSTM layer in Keras layout: kernel [F, 4U], recurrent [U, 4U], bias [4U]. */
export interface LstmWeights {
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** The arguments tf.customGrad passes an LSTM implementation: x, kernel, recurrent kernel, bias. */
export type LstmGradArgs = [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];

/** An LSTM implementation's forward pass and gradient, given the op's arguments and sizes. */
export type LstmBody = (
  args: LstmGradArgs,
  n: number,
  steps: number,
  feats: number,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/** Wrap an implementation as one differentiable op on (x, kernel, recurrent kernel, bias). */
export function lstmOp(x: tf.Tensor, weights: LstmWeights, body: LstmBody): tf.Tensor {
  const [n, steps, feats] = x.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) =>
    body(args as LstmGradArgs, n, steps, feats)
  );
  return op(x, weights.kernel, weights.recurrentKernel, weights.bias);
}

/** An LSTM implementation: x [N, T, F] → [N, T, U] when `seq`, else the last state [N, U]. */
export type LstmImplementation = (
  x: tf.Tensor,
  weights: LstmWeights,
  units: number,
  seq: boolean,
) => tf.Tensor;

/** Run the LSTM over x [N, T, F] in tensor ops: [N, T, U] when `seq`, else [N, U]. */
export const lstmOps: LstmImplementation = (x, weights, units, seq) =>
  lstmOp(x, weights, ([xs, k, rk, b, save], n, steps, feats) => {
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
