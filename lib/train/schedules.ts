/**
 * Learning-rate schedules as pure functions of the optimiser step (0-based): the training loop
 * calls `schedule(step)` before every update and sets the optimiser's learning rate to it.
 */
import { require, requireNumber } from "../errors.ts";

/** A learning-rate schedule: optimiser step (0, 1, 2, ...) → learning rate. */
export type LrSchedule = (step: number) => number;

function checkStep(fn: string, step: number): number {
  return requireNumber(fn, "step", step, { integer: true, nonNegative: true });
}

/** The same learning rate at every step. */
export function constantLr(lr: number): LrSchedule {
  requireNumber("constantLr", "lr", lr, { positive: true });
  return (step) => {
    checkStep("constantLr", step);
    return lr;
  };
}

/** Linear warmup from `start` (default 0) to `peak` over `warmupSteps`, then `peak`. */
export function linearWarmup(
  peak: number,
  warmupSteps: number,
  opts: { start?: number } = {},
): LrSchedule {
  requireNumber("linearWarmup", "peak", peak, { positive: true });
  requireNumber("linearWarmup", "warmupSteps", warmupSteps, { integer: true, nonNegative: true });
  const start = requireNumber("linearWarmup", "start", opts.start ?? 0, { nonNegative: true });
  return (step) => {
    checkStep("linearWarmup", step);
    if (step >= warmupSteps) return peak;
    return start + (peak - start) * (step / warmupSteps);
  };
}

/**
 * Linear warmup to `peak` over `warmupSteps`, then cosine decay to `floor` (default 0) at
 * `totalSteps`, and `floor` after that.
 */
export function warmupCosine(
  peak: number,
  warmupSteps: number,
  totalSteps: number,
  opts: { floor?: number; start?: number } = {},
): LrSchedule {
  requireNumber("warmupCosine", "peak", peak, { positive: true });
  requireNumber("warmupCosine", "warmupSteps", warmupSteps, { integer: true, nonNegative: true });
  requireNumber("warmupCosine", "totalSteps", totalSteps, { integer: true, positive: true });
  require(
    totalSteps > warmupSteps,
    "warmupCosine",
    "totalSteps",
    `an integer > warmupSteps (${warmupSteps})`,
    totalSteps,
  );
  const floor = requireNumber("warmupCosine", "floor", opts.floor ?? 0, { nonNegative: true });
  require(floor <= peak, "warmupCosine", "floor", `a number <= peak (${peak})`, floor);
  const warm = linearWarmup(peak, warmupSteps, { start: opts.start });
  return (step) => {
    checkStep("warmupCosine", step);
    if (step < warmupSteps) return warm(step);
    if (step >= totalSteps) return floor;
    const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
    return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
  };
}

/** Step decay: `initial · factor^floor(step / every)` (e.g. halve every 1000 steps). */
export function stepDecay(initial: number, factor: number, every: number): LrSchedule {
  requireNumber("stepDecay", "initial", initial, { positive: true });
  requireNumber("stepDecay", "factor", factor, { positive: true, max: 1 });
  requireNumber("stepDecay", "every", every, { integer: true, positive: true });
  return (step) => {
    checkStep("stepDecay", step);
    return initial * factor ** Math.floor(step / every);
  };
}

/** Sample a schedule at steps 0..steps-1 (for plotting). */
export function sampleSchedule(schedule: LrSchedule, steps: number): number[] {
  require(typeof schedule === "function", "sampleSchedule", "schedule", "a function", schedule);
  requireNumber("sampleSchedule", "steps", steps, { integer: true, nonNegative: true });
  return Array.from({ length: steps }, (_, i) => schedule(i));
}
