/**
 * Sliding windows for sequence models: from a frame sorted by (ticker, time), every run of
 * `length` consecutive rows of one ticker (and one segment, e.g. one split) becomes a
 * [length, F] slice of X, and the target is `target` at `horizon` rows after the window's
 * last row, still inside the same ticker and segment. Windows never cross either boundary.
 */
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";
import { requireSortedByTime } from "./features.ts";

/** A time value as the frame holds it: a Date for date columns, a number otherwise. */
export type TimeValue = Date | number;

/** Options of `makeWindows`. */
export interface WindowOptions {
  /** Feature columns (numeric), in the order of the last axis of X. */
  features: readonly string[];
  /** Target column (numeric). */
  target: string;
  /** Window length T (rows). */
  length: number;
  /** Rows between the window's last row and the target row (default 1: the next row). */
  horizon?: number;
  /** Group column (default "ticker"; null for a single series). */
  group?: string | null;
  /** Time column (default "date"). */
  time?: string;
  /** Optional column (e.g. "split") whose changes are boundaries no window may cross. */
  segment?: string;
}

/** Windows as tensors plus, per window, its group and the times it spans. */
export interface WindowSet {
  /** [N, T, F] float32 inputs. */
  X: tf.Tensor3D;
  /** [N] float32 targets. */
  y: tf.Tensor1D;
  groups: string[];
  /** Time of the first input row of each window. */
  startTimes: TimeValue[];
  /** Time of the last input row (the moment the prediction is made). */
  endTimes: TimeValue[];
  /** Time of the target row. */
  targetTimes: TimeValue[];
  /** Windows left out because an input or the target was null/NaN (e.g. rolling warm-up). */
  skipped: number;
  /** Free X and y. */
  dispose(): void;
}

function numeric(df: pl.DataFrame, col: string): Float64Array {
  require(
    df.columns.includes(col),
    "makeWindows",
    "options",
    `a column '${col}'`,
    df.columns.join(", "),
  );
  const dt = String(df.getColumn(col).dtype);
  require(
    /Float|Int/.test(dt),
    "makeWindows",
    `column '${col}'`,
    "a numeric column",
    dt,
  );
  const s = df.select(pl.col(col).cast(pl.Float64).fillNull(pl.lit(NaN)).alias(col)).getColumn(col);
  return Float64Array.from(s.toArray() as number[]);
}

/** Build `[N, T, F]` windows and next-period targets per ticker (see the file comment). */
export function makeWindows(df: pl.DataFrame, options: WindowOptions): WindowSet {
  const fn = "makeWindows";
  const T = requireNumber(fn, "options.length", options.length, { integer: true, min: 1 });
  const h = requireNumber(fn, "options.horizon", options.horizon ?? 1, { integer: true, min: 0 });
  require(options.features.length > 0, fn, "options.features", "at least one column", "none");
  const group = options.group === undefined ? "ticker" : options.group;
  const time = options.time ?? "date";
  requireSortedByTime(fn, df, time, group);
  const n = df.height;
  const F = options.features.length;
  const cols = options.features.map((c) => numeric(df, c));
  const target = numeric(df, options.target);
  const groups = group ? (df.getColumn(group).cast(pl.String).toArray() as string[]) : null;
  const segs = options.segment
    ? (df.getColumn(options.segment).cast(pl.String).toArray() as string[])
    : null;
  const times = df.getColumn(time).toArray() as TimeValue[];
  const same = (a: number, b: number) =>
    (!groups || groups[a] === groups[b]) && (!segs || segs[a] === segs[b]);
  const starts: number[] = [];
  let skipped = 0;
  for (let s = 0; s + T - 1 + h < n; s++) {
    const e = s + T - 1, t = e + h;
    if (!same(s, t)) continue;
    let ok = Number.isFinite(target[t]);
    for (let r = s; ok && r <= e; r++) {
      for (let f = 0; f < F; f++) if (!Number.isFinite(cols[f][r])) ok = false;
    }
    if (ok) starts.push(s);
    else skipped++;
  }
  const N = starts.length;
  if (N === 0) {
    const runs = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const k = `${groups ? groups[r] : ""}|${segs ? segs[r] : ""}`;
      runs.set(k, (runs.get(k) ?? 0) + 1);
    }
    const longest = Math.max(0, ...runs.values());
    require(
      longest >= T + h,
      fn,
      "options.length",
      `a window that fits: length ${T} + horizon ${h} = ${T + h} rows per series`,
      `${n === 0 ? "an empty frame" : `a longest series (group/segment) of ${longest} rows`}`,
    );
    require(
      false,
      fn,
      "df",
      "at least one window whose inputs and target are all finite",
      `${skipped} windows, each with a null/NaN input or target (rolling warm-up longer ` +
        "than the series?)",
    );
  }
  const xs = new Float32Array(N * T * F);
  const ys = new Float32Array(N);
  starts.forEach((s, i) => {
    for (let r = 0; r < T; r++) {
      for (let f = 0; f < F; f++) xs[(i * T + r) * F + f] = cols[f][s + r];
    }
    ys[i] = target[s + T - 1 + h];
  });
  const X = tf.tensor3d(xs, [N, T, F]);
  const y = tf.tensor1d(ys);
  return {
    X,
    y,
    groups: starts.map((s) => (groups ? groups[s] : "")),
    startTimes: starts.map((s) => times[s]),
    endTimes: starts.map((s) => times[s + T - 1]),
    targetTimes: starts.map((s) => times[s + T - 1 + h]),
    skipped,
    dispose() {
      X.dispose();
      y.dispose();
    },
  };
}
