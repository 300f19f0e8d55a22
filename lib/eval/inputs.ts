/**
 * Input normalisation shared by the metrics: labels, scores and probabilities may come as
 * plain arrays, typed arrays or tensors; every metric turns them into checked JS arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, describe, require } from "../errors.ts";

/** A class label: an integer class id or a name. */
export type ClassLabel = number | string;

/** Labels as an array, a typed array or a 1-D tensor (read, never disposed). */
export type LabelsInput = ArrayLike<number> | readonly ClassLabel[] | tf.Tensor;

/** Numbers as an array, a typed array or a tensor (read, never disposed). */
export type NumbersInput = ArrayLike<number> | readonly number[] | tf.Tensor;

/** Read labels into a plain array, checking that they are finite numbers or strings. */
export function readLabels(fn: string, arg: string, x: LabelsInput): ClassLabel[] {
  const arr: ClassLabel[] = x instanceof tf.Tensor
    ? Array.from(x.dataSync() as ArrayLike<number>)
    : Array.from(x as ArrayLike<ClassLabel>);
  require(arr.length > 0, fn, arg, "a non-empty array of labels", x);
  arr.forEach((v, i) => {
    const ok = typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
    if (!ok) {
      throw new CourseInputError(
        fn,
        arg,
        "finite numbers or strings",
        `${describe(v)} at index ${i}`,
      );
    }
  });
  return arr;
}

/** Read finite numbers into a Float64Array (a tensor is read with dataSync, not disposed). */
export function readNumbers(fn: string, arg: string, x: NumbersInput): Float64Array {
  const arr = x instanceof tf.Tensor
    ? Float64Array.from(x.dataSync() as ArrayLike<number>)
    : Float64Array.from(x as ArrayLike<number>);
  require(arr.length > 0, fn, arg, "a non-empty array of numbers", x);
  for (let i = 0; i < arr.length; i++) {
    if (!Number.isFinite(arr[i])) {
      throw new CourseInputError(fn, arg, "finite numbers", `${describe(arr[i])} at index ${i}`);
    }
  }
  return arr;
}

/** Require two inputs of the same length. */
export function requireSameLength(fn: string, arg: string, n: number, m: number): void {
  require(m === n, fn, arg, `length ${n} (as y_true)`, `length ${m}`);
}

/** Sorted distinct labels (numbers numerically, strings by code point, numbers first). */
export function uniqueLabels(...lists: readonly ClassLabel[][]): ClassLabel[] {
  const set = new Set<ClassLabel>();
  for (const l of lists) for (const v of l) set.add(v);
  return [...set].sort((a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "number") return -1;
    if (typeof b === "number") return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Read a probability matrix: rows of `k` values (a 2-D tensor or an array of rows). */
export function readMatrix(
  fn: string,
  arg: string,
  x: tf.Tensor | readonly ArrayLike<number>[],
): number[][] {
  let rows: number[][];
  if (x instanceof tf.Tensor) {
    require(x.rank === 2, fn, arg, "a 2-D tensor [n, k]", x);
    rows = (x.arraySync() as number[][]).map((r) => r.slice());
  } else {
    rows = Array.from(x, (r) => Array.from(r));
  }
  require(rows.length > 0, fn, arg, "a non-empty matrix", x);
  const k = rows[0].length;
  rows.forEach((r, i) => {
    require(r.length === k, fn, `${arg}[${i}]`, `a row of ${k} values`, `${r.length} values`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new CourseInputError(fn, `${arg}[${i}][${j}]`, "a finite number", describe(v));
      }
    });
  });
  return rows;
}
