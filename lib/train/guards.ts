/**
 * Training guards: the global gradient norm, clipping by global norm, and a per-step check that
 * stops training on a NaN/Inf loss or gradient before the bad update is applied, with a report
 * (step, epoch, batch, culprit, last good loss) that says what happened.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";

/** Global L2 norm of a list of gradients, sqrt(Σ‖g‖²), as a scalar tensor. */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  require(
    Array.isArray(grads) && grads.length > 0 && grads.every((g) => g instanceof tf.Tensor),
    "globalNorm",
    "grads",
    "a non-empty array of tensors",
    grads,
  );
  return tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(squares.length === 1 ? squares[0] : tf.addN(squares)) as tf.Scalar;
  });
}

/**
 * Scale gradients by min(1, maxNorm / globalNorm) so their global norm is at most `maxNorm`
 * (the direction is kept). Pass `norm` when it is already computed. Returns new tensors.
 */
export function clipByGlobalNorm(
  grads: tf.Tensor[],
  maxNorm: number,
  norm?: tf.Scalar,
): tf.Tensor[] {
  requireNumber("clipByGlobalNorm", "maxNorm", maxNorm, { positive: true });
  return tf.tidy(() => {
    const n = norm ?? globalNorm(grads);
    // maxNorm / max(norm, maxNorm) is 1 below the threshold and maxNorm/norm above it.
    const scale = tf.div(maxNorm, tf.maximum(n, maxNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
}

/** What the guard saw when it stopped training. */
export interface GuardReport {
  /** Global optimiser step (0-based) whose loss or gradient was not finite. */
  step: number;
  epoch: number;
  batch: number;
  /** "loss", or "grad:<variable name>" for the first variable with a non-finite gradient. */
  culprit: string;
  lossValue: number;
  gradNorm: number | null;
  /** Loss of the last step that passed the check (null when the first step failed). */
  lastGoodLoss: number | null;
  lastGoodStep: number | null;
  /** True when the weights were rolled back to a snapshot (they had become non-finite). */
  restoredFromSnapshot: boolean;
  message: string;
}

/** Name of the first tensor holding a NaN or ±Inf, or null (read with `await data()`). */
export async function firstNonFinite(
  named: { name: string; tensor: tf.Tensor }[],
): Promise<string | null> {
  checkNamed("firstNonFinite", named);
  for (const { name, tensor } of named) {
    const t = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(tensor))));
    const bad = (await t.data().finally(() => t.dispose()))[0];
    if (bad) return name;
  }
  return null;
}

function checkNamed(fn: string, named: { name: string; tensor: tf.Tensor }[]): void {
  require(Array.isArray(named), fn, "named", "an array of {name, tensor}", named);
  named.forEach((e, i) =>
    require(
      e !== null && typeof e === "object" && e.tensor instanceof tf.Tensor,
      fn,
      `named[${i}]`,
      "{name: string, tensor: tf.Tensor}",
      e,
    )
  );
}

/** Keeps the last good loss and builds the report when a step's loss or gradient is not finite. */
export class StepGuard {
  lastGoodLoss: number | null = null;
  lastGoodStep: number | null = null;

  /** Check one step's loss and gradient norm; resolves to null when both are finite. */
  async check(
    where: { step: number; epoch: number; batch: number },
    loss: number,
    gradNorm: number | null,
    namedGrads: () => { name: string; tensor: tf.Tensor }[],
  ): Promise<GuardReport | null> {
    if (this.#passes(where, loss, gradNorm)) return null;
    const culprit = Number.isFinite(loss)
      ? `grad:${(await firstNonFinite(namedGrads())) ?? "global norm"}`
      : "loss";
    return this.#report(where, culprit, loss, gradNorm);
  }

  #passes(where: { step: number }, loss: number, gradNorm: number | null): boolean {
    const ok = Number.isFinite(loss) && (gradNorm === null || Number.isFinite(gradNorm));
    if (ok) {
      this.lastGoodLoss = loss;
      this.lastGoodStep = where.step;
    }
    return ok;
  }

  #report(
    where: { step: number; epoch: number; batch: number },
    culprit: string,
    loss: number,
    gradNorm: number | null,
  ): GuardReport {
    const report: GuardReport = {
      ...where,
      culprit,
      lossValue: loss,
      gradNorm,
      lastGoodLoss: this.lastGoodLoss,
      lastGoodStep: this.lastGoodStep,
      restoredFromSnapshot: false,
      message: "",
    };
    report.message = formatGuardReport(report);
    return report;
  }
}

/** One-paragraph explanation of a guard stop, for the console and the notebook. */
export function formatGuardReport(r: GuardReport): string {
  const last = r.lastGoodLoss === null
    ? "no step passed the check before it"
    : `last good loss ${r.lastGoodLoss.toPrecision(6)} at step ${r.lastGoodStep}`;
  const what = r.culprit === "loss"
    ? `the loss was ${r.lossValue}`
    : `the gradient of ${r.culprit.slice(5)} was not finite (loss ${r.lossValue})`;
  const weights = r.restoredFromSnapshot
    ? "weights were non-finite and were restored from the last snapshot"
    : "the update was not applied, so the weights are the last good ones";
  return `training stopped by the guard at step ${r.step} (epoch ${r.epoch}, batch ${r.batch}): ` +
    `${what}; ${last}; ${weights}.`;
}
