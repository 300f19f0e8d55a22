/**
 * What the hidden state holds: run the LSTM equations step by step in plain JavaScript from a
 * trained layer's weights and record every gate, the cell state and the hidden state over
 * time (for plots). Keras gate order i, f, c(g), o:
 *   z = x_t W + h_{t-1} U + b;  i, f, o = sigma(z_i, z_f, z_o);  g = tanh(z_g)
 *   c_t = f * c_{t-1} + i * g;  h_t = o * tanh(c_t)
 */
import type * as tf from "@tensorflow/tfjs";
import { require, requireFinite } from "../errors.ts";

/** Per-step values of one sequence: each field is [T][U] (time, unit). */
export interface LstmTrace {
  input: number[][];
  inputGate: number[][];
  forgetGate: number[][];
  candidate: number[][];
  outputGate: number[][];
  cell: number[][];
  hidden: number[][];
}

/** Plain weights in Keras layout: kernel [F][4U], recurrentKernel [U][4U], bias [4U]. */
export interface LstmPlainWeights {
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
  /** Gate activation: "sigmoid" (default; CourseLSTM, PyTorch) or tfjs's "hardSigmoid". */
  recurrentActivation?: "sigmoid" | "hardSigmoid";
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const hardSigmoid = (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5));

/** Trace an LSTM over one sequence `x` [T][F] from zero state, from plain weights. */
export function lstmTraceFromWeights(w: LstmPlainWeights, x: number[][]): LstmTrace {
  const fn = "lstmTraceFromWeights";
  require(Array.isArray(x) && x.length > 0, fn, "x", "a non-empty [T][F] array", x);
  require(Array.isArray(w?.bias) && w.bias.length % 4 === 0, fn, "w.bias", "[4U] numbers", w?.bias);
  const U = w.bias.length / 4;
  const F = x[0].length;
  require(
    Array.isArray(w.kernel) && w.kernel.length === F && w.kernel.every((r) => r.length === 4 * U),
    fn,
    "w.kernel",
    `a [${F}][${4 * U}] array`,
    w.kernel,
  );
  require(
    Array.isArray(w.recurrentKernel) && w.recurrentKernel.length === U &&
      w.recurrentKernel.every((r) => r.length === 4 * U),
    fn,
    "w.recurrentKernel",
    `a [${U}][${4 * U}] array`,
    w.recurrentKernel,
  );
  const act = w.recurrentActivation ?? "sigmoid";
  const known = act === "sigmoid" || act === "hardSigmoid";
  require(known, fn, "w.recurrentActivation", '"sigmoid" or "hardSigmoid"', act);
  const gate = act === "sigmoid" ? sigmoid : hardSigmoid;
  const out: LstmTrace = {
    input: [],
    inputGate: [],
    forgetGate: [],
    candidate: [],
    outputGate: [],
    cell: [],
    hidden: [],
  };
  let h = new Array<number>(U).fill(0);
  let c = new Array<number>(U).fill(0);
  x.forEach((row, t) => {
    require(Array.isArray(row) && row.length === F, fn, `x[${t}]`, `${F} features`, row);
    requireFinite(fn, `x[${t}]`, row);
    const z = [...w.bias];
    for (let k = 0; k < F; k++) for (let j = 0; j < 4 * U; j++) z[j] += row[k] * w.kernel[k][j];
    for (let k = 0; k < U; k++) {
      for (let j = 0; j < 4 * U; j++) z[j] += h[k] * w.recurrentKernel[k][j];
    }
    const i = z.slice(0, U).map(gate);
    const f = z.slice(U, 2 * U).map(gate);
    const g = z.slice(2 * U, 3 * U).map(Math.tanh);
    const o = z.slice(3 * U).map(gate);
    c = c.map((cp, u) => f[u] * cp + i[u] * g[u]);
    h = c.map((cu, u) => o[u] * Math.tanh(cu));
    out.input.push([...row]);
    out.inputGate.push(i);
    out.forgetGate.push(f);
    out.candidate.push(g);
    out.outputGate.push(o);
    out.cell.push([...c]);
    out.hidden.push([...h]);
  });
  return out;
}

/**
 * Trace a trained LSTM layer (`CourseLSTM` or `tf.layers.lstm`, not bidirectional) over one
 * sequence `x` [T][F]; the layer must be the one that reads `x` (e.g. a model's first layer).
 * Asynchronous: the weights are read with `await array()` (any backend).
 */
export async function lstmTrace(layer: tf.layers.Layer, x: number[][]): Promise<LstmTrace> {
  const fn = "lstmTrace";
  const name = layer?.getClassName?.();
  require(
    name === "CourseLSTM" || name === "LSTM",
    fn,
    "layer",
    "a CourseLSTM or LSTM layer",
    name ?? layer,
  );
  const cfg = layer.getConfig() as Record<string, unknown>;
  require(
    cfg.goBackwards !== true,
    fn,
    "layer",
    "a forward-reading LSTM",
    "a goBackwards layer",
  );
  const [k, rk, b] = layer.getWeights();
  require(b !== undefined, fn, "layer", "an LSTM with a bias", "no bias weight");
  const ra = name === "LSTM" ? cfg.recurrentActivation : "sigmoid";
  require(
    ra === "sigmoid" || ra === "hardSigmoid",
    fn,
    "layer",
    "recurrentActivation sigmoid or hardSigmoid",
    String(ra),
  );
  require(
    name === "CourseLSTM" || cfg.activation === "tanh",
    fn,
    "layer",
    "activation tanh",
    String(cfg.activation),
  );
  const [kernel, recurrentKernel, bias] = await Promise.all([k.array(), rk.array(), b.array()]);
  return lstmTraceFromWeights({
    kernel: kernel as number[][],
    recurrentKernel: recurrentKernel as number[][],
    bias: bias as number[],
    recurrentActivation: ra,
  }, x);
}
