/**
 * Fast path (lib/fast, behind COURSE_FAST): tf.train.adam's flat twin (adam_twin.ts) in the
 * `fit` of ANY Layers model, not only the Dense stacks fast_fit.ts plans (an LSTM, a text
 * model, a Bidirectional GRU...). tfjs's Adam runs a dozen kernels per variable per batch; the
 * twin runs one update on all weights concatenated. `installAdamFit` wraps
 * `tf.LayersModel.prototype.fit` (which `tf.Sequential.fit` calls too); each call that finds
 * the fast paths on and exactly tfjs's Adam compiled gives that optimiser, for the length of
 * the call, an own `applyGradients` that steps the twin (made at the first batch, over the
 * variables in the order tfjs indexes its slots, unless they are too large for it to pay on
 * wasm/cpu: `TWIN_MAX_MEAN_SIZE`), and writes the twin's state back into the
 * optimiser's slots when `fit` ends, so that the optimiser is then what tfjs's own steps would
 * have left (within float rounding: the parity test in tests/lib/fast/fit_adam_test.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { AdamTwin, isTfAdam } from "./adam_twin.ts";
import { fastPaths, hostBackend } from "./switch.ts";

type Fit = tf.LayersModel["fit"];
type Grads = Parameters<tf.AdamOptimizer["applyGradients"]>[0];
let plainFit: Fit | null = null;

/** True once `installAdamFit` has wrapped `tf.LayersModel.prototype.fit`. */
export function adamFitInstalled(): boolean {
  return plainFit !== null;
}

/** The gradients of one `applyGradients` call as (name, tensor) pairs, in tfjs's slot order. */
function entriesOf(grads: Grads): [string, tf.Tensor][] {
  return Array.isArray(grads)
    ? grads.map((g) => [g.name, g.tensor])
    : Object.entries(grads) as [string, tf.Tensor][];
}

/** On wasm/cpu the twin updates in JS, which costs more per weight than tfjs's wasm kernels
 * but saves their ~14 launches per variable: it pays for small variables (the windows LSTM +
 * Dense: 5 variables, 4.9k weights) and not for large ones (the text model's 8099 × 64
 * embedding made its fit ~30% slower), so it is used up to this mean size per variable. */
export const TWIN_MAX_MEAN_SIZE = 16384;

/** Whether the flat twin is the faster update for `vars` (always off host backends). */
function twinPays(vars: tf.Variable[]): boolean {
  if (!hostBackend()) return true; // tensor form: fewer kernels, the same work
  const total = vars.reduce((a, v) => a + v.size, 0);
  return total <= TWIN_MAX_MEAN_SIZE * vars.length;
}

/** Run `fit` with `opt`'s updates done by a flat twin; the state is written back at the end. */
async function withTwin(opt: tf.AdamOptimizer, run: () => Promise<tf.History>) {
  const own = opt as unknown as Record<string, unknown>;
  const original = opt.applyGradients.bind(opt);
  // a box, since TypeScript does not see the closure below assign it
  const state: { twin: AdamTwin | null; names: string[] } = { twin: null, names: [] };
  own.applyGradients = (grads: Grads) => {
    const entries = entriesOf(grads);
    const same = state.twin !== null && entries.length === state.names.length &&
      entries.every(([name], i) => name === state.names[i]);
    if (!same) {
      state.twin?.end(); // another set of variables: the slots are tfjs's again, then a new twin
      state.twin = null;
      const registered = tf.engine().registeredVariables;
      const vars = entries.map(([name]) => registered[name]);
      if (vars.some((v) => v === undefined) || !twinPays(vars)) {
        return original(grads); // tfjs's own update (and its error for unknown variables)
      }
      state.twin = new AdamTwin(opt, vars);
      state.names = entries.map(([name]) => name);
    }
    state.twin!.step(entries.map(([, g]) => g));
  };
  try {
    return await run();
  } finally {
    delete own.applyGradients; // back to the prototype's
    state.twin?.end();
  }
}

/**
 * Wrap `tf.LayersModel.prototype.fit` so that every model compiled with `tf.train.adam` fits with
 * the flat twin while the fast paths are on and its variables are small enough for it to pay
 * (`TWIN_MAX_MEAN_SIZE`; idempotent; with the fast paths off, `fit` is tfjs's own).
 */
export function installAdamFit(): void {
  if (plainFit) return;
  const original = tf.LayersModel.prototype.fit;
  plainFit = original;
  const fit = function (
    this: tf.LayersModel,
    x: Parameters<Fit>[0],
    y: Parameters<Fit>[1],
    args?: Parameters<Fit>[2],
  ): Promise<tf.History> {
    const opt: unknown = this.optimizer;
    // a fit already running on this optimiser keeps its twin (tfjs refuses a second fit itself)
    if (!fastPaths() || !isTfAdam(opt) || Object.hasOwn(opt, "applyGradients")) {
      return original.call(this, x, y, args);
    }
    return withTwin(opt, () => original.call(this, x, y, args));
  };
  tf.LayersModel.prototype.fit = fit as Fit;
}

/** Put tfjs's own `fit` back (the parity test compares both). */
export function uninstallAdamFit(): void {
  if (!plainFit) return;
  tf.LayersModel.prototype.fit = plainFit;
  plainFit = null;
}
