/**
 * Input normalisation shared by the metrics: labels, scores and probabilities come as plain
 * arrays or typed arrays (a tensor is read first, asynchronously: `await t.data()`); every
 * metric turns them into checked JS arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, describe, require } from "../errors.ts";

/** A class label: an integer class id or a name. */
export type ClassLabel = number | string;

/** Labels as an array or a typed array (read a tensor first with `await t.data()`). */
export type LabelsInput = ArrayLike<number> | readonly ClassLabel[];

/** Numbers as an array or a typed array (read a tensor first with `await t.data()`). */
export type NumbersInput = ArrayLike<number> | readonly number[];

/** Reject a tensor: metrics are synchronous and never read tensors synchronously. */
function rejectTensor(fn: string, arg: string, x: unknown): void {
  if (x instanceof tf.Tensor) {
    throw new CourseInputError(
      fn,
      arg,
      "plain numbers (read the tensor first: Array.from(await t.data()))",
      describe(x),
    );
  }
}

/** Read labels into a plain array, checking that they are finite numbers or strings. */
export function readLabels(fn: string, arg: string, x: LabelsInput): ClassLabel[] {
  rejectTensor(fn, arg, x);
  const arr: ClassLabel[] = Array.from(x as ArrayLike<ClassLabel>);
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

/** Read finite numbers into a Float64Array. */
export function readNumbers(fn: string, arg: string, x: NumbersInput): Float64Array {
  rejectTensor(fn, arg, x);
  const arr = Float64Array.from(x as ArrayLike<number>);
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

/** Read a probability matrix: an array of rows of `k` values. */
export function readMatrix(
  fn: string,
  arg: string,
  x: readonly ArrayLike<number>[],
): number[][] {
  rejectTensor(fn, arg, x);
  const rows = Array.from(x, (r) => Array.from(r));
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
