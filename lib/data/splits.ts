/**
 * Leakage-safe splits. Time series: chronological train/val/test by date, walk-forward folds
 * and purged k-fold with an embargo (López de Prado) for overlapping windows; i.i.d. tabular
 * data only: stratified shuffle split. Time splits cut on distinct times, so all tickers share
 * the same cut dates, and every part reports its date range.
 */
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";
import type { TimeValue } from "./windows.ts";

/** One part of a split: row indices and the time range they cover. */
export interface SplitPart {
  name: string;
  indices: number[];
  start: TimeValue | null;
  end: TimeValue | null;
}

/** A train/test fold; `purged` and `embargoed` count training rows removed for leakage. */
export interface Fold {
  index: number;
  train: SplitPart;
  test: SplitPart;
  purged: number;
  embargoed: number;
}

const ms = (t: TimeValue) => (t instanceof Date ? t.getTime() : t);

/** Format a time for reports: yyyy-mm-dd (with hh:mm when not midnight) or the number. */
export function formatTime(t: TimeValue | null): string {
  if (t === null) return "-";
  if (!(t instanceof Date)) return String(t);
  const iso = t.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 16).replace("T", " ");
}

/** One line per part: name, rows, first and last time. */
export function describeSplit(parts: readonly SplitPart[]): string {
  return parts.map((p) =>
    `${p.name.padEnd(8)} ${String(p.indices.length).padStart(7)} rows  ` +
    `${formatTime(p.start)} .. ${formatTime(p.end)}`
  ).join("\n");
}

function part(name: string, indices: number[], times: readonly TimeValue[]): SplitPart {
  if (indices.length === 0) return { name, indices, start: null, end: null };
  let lo = indices[0], hi = indices[0];
  for (const i of indices) {
    if (ms(times[i]) < ms(times[lo])) lo = i;
    if (ms(times[i]) > ms(times[hi])) hi = i;
  }
  return { name, indices, start: times[lo], end: times[hi] };
}

function distinct(fn: string, times: readonly TimeValue[]): number[] {
  require(times.length > 0, fn, "times", "a non-empty array of times", times);
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(ms(times[i]))) {
      require(false, fn, "times", "Dates or finite numbers", `${times[i]} at index ${i}`);
    }
  }
  return [...new Set(times.map(ms))].sort((a, b) => a - b);
}

/**
 * Chronological train/val/test split on distinct times (fractions of distinct times), with
 * `gap` distinct times dropped before val and before test (an embargo for windows).
 */
export function chronologicalSplit(
  times: readonly TimeValue[],
  options: { train?: number; val?: number; gap?: number } = {},
): SplitPart[] {
  const fn = "chronologicalSplit";
  const ftrain = requireNumber(fn, "options.train", options.train ?? 0.7, {
    positive: true,
    max: 1,
  });
  const fval = requireNumber(fn, "options.val", options.val ?? 0.15, { nonNegative: true });
  require(ftrain + fval < 1, fn, "options", "train + val < 1", `${ftrain} + ${fval}`);
  const gap = requireNumber(fn, "options.gap", options.gap ?? 0, {
    integer: true,
    nonNegative: true,
  });
  const u = distinct(fn, times);
  const a = Math.round(ftrain * u.length), b = Math.round((ftrain + fval) * u.length);
  require(a > 0 && b + gap < u.length, fn, "times", "enough distinct times for 3 parts", u.length);
  const rank = new Map(u.map((t, i) => [t, i]));
  const idx: number[][] = [[], [], []];
  times.forEach((t, i) => {
    const r = rank.get(ms(t))!;
    if (r < a) idx[0].push(i);
    else if (r >= a + gap && r < b) idx[1].push(i);
    else if (r >= b + gap) idx[2].push(i);
  });
  return [part("train", idx[0], times), part("val", idx[1], times), part("test", idx[2], times)];
}

/**
 * Walk-forward folds: the last `folds` blocks of `testSize` distinct times are the test sets,
 * in order; each trains on all earlier times (or the last `trainSize` with a rolling window)
 * except the `embargo` distinct times just before its test block.
 */
export function walkForwardFolds(
  times: readonly TimeValue[],
  options: { folds: number; testSize: number; embargo?: number; trainSize?: number },
): Fold[] {
  const fn = "walkForwardFolds";
  const k = requireNumber(fn, "options.folds", options.folds, { integer: true, min: 1 });
  const m = requireNumber(fn, "options.testSize", options.testSize, { integer: true, min: 1 });
  const emb = requireNumber(fn, "options.embargo", options.embargo ?? 0, { integer: true, min: 0 });
  const u = distinct(fn, times);
  const firstTest = u.length - k * m;
  require(
    firstTest - emb > 0,
    fn,
    "options",
    `folds * testSize + embargo < ${u.length} distinct times`,
    `${k} * ${m} + ${emb}`,
  );
  if (options.trainSize !== undefined) {
    requireNumber(fn, "options.trainSize", options.trainSize, { integer: true, min: 1 });
  }
  const rank = new Map(u.map((t, i) => [t, i]));
  const r = times.map((t) => rank.get(ms(t))!);
  return Array.from({ length: k }, (_, f) => {
    const t0 = firstTest + f * m, t1 = t0 + m;
    const trEnd = t0 - emb;
    const trStart = options.trainSize === undefined ? 0 : Math.max(0, trEnd - options.trainSize);
    const train: number[] = [], test: number[] = [];
    let embargoed = 0;
    r.forEach((ri, i) => {
      if (ri >= t0 && ri < t1) test.push(i);
      else if (ri >= trStart && ri < trEnd) train.push(i);
      else if (ri >= trEnd && ri < t0) embargoed++;
    });
    return {
      index: f,
      train: part("train", train, times),
      test: part("test", test, times),
      purged: 0,
      embargoed,
    };
  });
}

/**
 * Purged k-fold with embargo for samples that span [start, end] (a window's first input time
 * to its target time): test folds are k contiguous blocks of distinct end times; a training
 * sample is purged when its span overlaps the test span, and embargoed when it starts within
 * `embargo` distinct times after the test span ends.
 */
export function purgedKFold(
  starts: readonly TimeValue[],
  ends: readonly TimeValue[],
  options: { k: number; embargo?: number },
): Fold[] {
  const fn = "purgedKFold";
  require(ends.length === starts.length, fn, "ends", `length ${starts.length}`, ends);
  const k = requireNumber(fn, "options.k", options.k, { integer: true, min: 2 });
  const emb = requireNumber(fn, "options.embargo", options.embargo ?? 0, { integer: true, min: 0 });
  for (let i = 0; i < starts.length; i++) {
    if (ms(starts[i]) > ms(ends[i])) {
      require(false, fn, "starts", "start <= end for every sample", `start > end at index ${i}`);
    }
  }
  const uEnd = distinct(fn, ends);
  require(uEnd.length >= k, fn, "ends", `at least ${k} distinct end times`, uEnd.length);
  const allTimes = distinct(fn, [...starts, ...ends]);
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const lo = uEnd[Math.floor((f * uEnd.length) / k)];
    const hi = uEnd[Math.floor(((f + 1) * uEnd.length) / k) - 1];
    const test: number[] = [];
    let spanStart = Infinity;
    ends.forEach((e, i) => {
      if (ms(e) >= lo && ms(e) <= hi) {
        test.push(i);
        spanStart = Math.min(spanStart, ms(starts[i]));
      }
    });
    const after = allTimes.findIndex((t) => t > hi);
    const embEnd = after < 0 || emb === 0
      ? hi
      : allTimes[Math.min(after + emb - 1, allTimes.length - 1)];
    const inTest = new Set(test);
    const train: number[] = [];
    let purged = 0, embargoed = 0;
    starts.forEach((s, i) => {
      if (inTest.has(i)) return;
      const a = ms(s), b = ms(ends[i]);
      if (a <= hi && b >= spanStart) purged++;
      else if (a > hi && a <= embEnd) embargoed++;
      else train.push(i);
    });
    folds.push({
      index: f,
      train: part("train", train, starts),
      test: part("test", test, ends),
      purged,
      embargoed,
    });
  }
  return folds;
}

/**
 * Stratified shuffle split for i.i.d. tabular data (never for time series): each class keeps
 * its share in train and test and appears in both (so a class needs >= 2 examples); seeded
 * through lib/random.ts.
 */
export function stratifiedShuffleSplit(
  labels: readonly (string | number)[],
  options: { testFraction?: number; seed?: number } = {},
): { train: number[]; test: number[] } {
  const fn = "stratifiedShuffleSplit";
  const frac = requireNumber(fn, "options.testFraction", options.testFraction ?? 0.2, {
    positive: true,
    max: 0.99,
  });
  require(labels.length >= 2, fn, "labels", "at least 2 labels", labels);
  const rng = new Rng(options.seed ?? 42);
  const byClass = new Map<string | number, number[]>();
  labels.forEach((l, i) => {
    const list = byClass.get(l);
    if (list) list.push(i);
    else byClass.set(l, [i]);
  });
  for (const [key, idx] of byClass) {
    require(
      idx.length >= 2,
      fn,
      "labels",
      "at least 2 examples of every class (one for train, one for test)",
      `class ${JSON.stringify(key)} with ${idx.length} example (index ${idx[0]})`,
    );
  }
  const train: number[] = [], test: number[] = [];
  for (const key of [...byClass.keys()].sort()) {
    const idx = rng.shuffle([...byClass.get(key)!]);
    // Every class on both sides, even when the fraction rounds to none or all of a tiny class.
    const nTest = Math.min(Math.max(Math.round(frac * idx.length), 1), idx.length - 1);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
