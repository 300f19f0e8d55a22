/**
 * Hooks of the training loop: callbacks (train/epoch/batch begin and end), the progress
 * reporter interface (lib/plot draws a live chart; the default prints one line per epoch),
 * and early stopping.
 */
import { require, requireNumber } from "../errors.ts";

/** Numbers of one finished epoch: `loss`, `val_loss`, metrics, `val_<metric>`, `lr`, `seconds`. */
export type EpochLogs = Record<string, number>;

/** Lets a callback stop training after the current batch or epoch. */
export interface TrainControl {
  stop(reason?: string): void;
}

/** Optional hooks; each may be async (the loop awaits it). */
export interface TrainCallbacks {
  onTrainBegin?(info: { epochs: number; stepsPerEpoch: number }, control: TrainControl): unknown;
  onEpochBegin?(epoch: number, control: TrainControl): unknown;
  /** Before each step (e.g. re-mine hard negatives); `step` is the global step, 0-based. */
  onBatchBegin?(
    step: number,
    info: { epoch: number; batch: number },
    control: TrainControl,
  ): unknown;
  /** `loss` is the batch loss when the loop already read it (guard on), else null. */
  onBatchEnd?(
    step: number,
    info: { epoch: number; batch: number; loss: number | null },
    control: TrainControl,
  ): unknown;
  onEpochEnd?(epoch: number, logs: EpochLogs, control: TrainControl): unknown;
  onTrainEnd?(info: { epochs: number; stopReason: string }): unknown;
}

/** A progress display: updated after each epoch, closed at the end. */
export interface ProgressReporter {
  update(epoch: number, logs: EpochLogs): void;
  done(): void;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toFixed(4);
}

/** One compact line per epoch: `epoch 3/20  loss 0.4123  val_loss 0.4410  acc ... 0.21s`. */
export function consoleProgress(
  epochs: number,
  opts: { every?: number; write?: (line: string) => void } = {},
): ProgressReporter {
  requireNumber("consoleProgress", "epochs", epochs, { integer: true, positive: true });
  const every = requireNumber("consoleProgress", "every", opts.every ?? 1, {
    integer: true,
    positive: true,
  });
  const write = opts.write ?? ((line: string) => console.log(line));
  const width = String(epochs).length;
  let last = -1;
  let lastLine = "";
  const line = (epoch: number, logs: EpochLogs) => {
    const parts = Object.entries(logs)
      .filter(([k]) => k !== "seconds" && k !== "lr")
      .map(([k, v]) => `${k} ${fmt(v)}`);
    const secs = logs.seconds !== undefined ? `  ${logs.seconds.toFixed(2)}s` : "";
    return `epoch ${String(epoch + 1).padStart(width)}/${epochs}  ${parts.join("  ")}${secs}`;
  };
  return {
    update(epoch, logs) {
      lastLine = line(epoch, logs);
      if ((epoch + 1) % every === 0 || epoch + 1 === epochs) {
        write(lastLine);
        last = epoch;
      }
    },
    done() {
      if (lastLine && last === -1) write(lastLine);
    },
  };
}

/** A progress reporter that shows nothing. */
export function silentProgress(): ProgressReporter {
  return { update() {}, done() {} };
}

/** Early stopping settings: stop after `patience` epochs without improvement of `monitor`. */
export interface EarlyStoppingOptions {
  patience: number;
  /** Logged quantity to watch (default "val_loss", or "loss" without validation data). */
  monitor?: string;
  /** "min" (losses, default) or "max" (accuracy). */
  mode?: "min" | "max";
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch at the end (default true). */
  restoreBest?: boolean;
}

/** Tracks the best value of the monitored quantity and says when to stop. */
export class EarlyStopper {
  readonly patience: number;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly restoreBest: boolean;
  best = NaN;
  bestEpoch = -1;
  #wait = 0;

  constructor(readonly monitor: string, opts: EarlyStoppingOptions) {
    this.patience = requireNumber("earlyStopping", "patience", opts.patience, {
      integer: true,
      nonNegative: true,
    });
    this.mode = opts.mode ?? "min";
    require(["min", "max"].includes(this.mode), "earlyStopping", "mode", "min | max", this.mode);
    this.minDelta = requireNumber("earlyStopping", "minDelta", opts.minDelta ?? 0, {
      nonNegative: true,
    });
    this.restoreBest = opts.restoreBest ?? true;
  }

  /** Record an epoch's logs; returns {improved, stop}. */
  observe(epoch: number, logs: EpochLogs): { improved: boolean; stop: boolean } {
    const v = logs[this.monitor];
    require(
      typeof v === "number",
      "earlyStopping",
      "monitor",
      `a logged quantity (${Object.keys(logs).join(", ")})`,
      this.monitor,
    );
    const better = this.bestEpoch < 0 ||
      (this.mode === "min" ? v < this.best - this.minDelta : v > this.best + this.minDelta);
    if (better && Number.isFinite(v)) {
      this.best = v;
      this.bestEpoch = epoch;
      this.#wait = 0;
      return { improved: true, stop: false };
    }
    this.#wait += 1;
    return { improved: false, stop: this.#wait >= this.patience };
  }
}
