/**
 * Input checks shared by the figure builders: x values (numbers, strings or dates), numeric
 * series (optionally with gaps), named series and rectangular matrices. Errors go through
 * lib/errors.ts and name the builder, the argument, the expected and the received.
 */
import { CourseInputError, describe, require } from "../errors.ts";

/** An x value: a number, a category/date string, or a Date. */
export type XValue = number | string | Date;
/** Numbers as an array or typed array. */
export type Numbers = ArrayLike<number>;
/** One series or several named series. */
export type SeriesInput = Numbers | Record<string, Numbers>;

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** Check that a builder's options argument is an object. */
export function checkOptions(fn: string, opts: unknown): void {
  require(
    opts !== null && typeof opts === "object",
    fn,
    "opts",
    "an options object",
    describe(opts),
  );
}

/** Check a grid: numeric axes x and y and a matrix z with y.length rows and x.length columns. */
export function checkGrid(
  fn: string,
  opts: { x: unknown; y: unknown; z: unknown },
): { x: number[]; y: number[]; z: number[][] } {
  const x = checkNumbers(fn, "x", opts.x) as number[];
  const y = checkNumbers(fn, "y", opts.y) as number[];
  const z = checkMatrix(fn, "z", opts.z, {
    rows: { n: y.length, of: "y" },
    cols: { n: x.length, of: "x" },
  });
  return { x, y, z };
}

/** Check x values: all numbers (finite), all strings, or all valid Dates; optional length. */
export function checkX(
  fn: string,
  arg: string,
  xs: unknown,
  length?: { n: number; of: string },
): XValue[] {
  require(isArrayLike(xs), fn, arg, "an array of numbers, strings or Dates", describe(xs));
  const out = Array.from(xs as ArrayLike<unknown>);
  require(out.length > 0, fn, arg, "a non-empty array", "an empty array");
  if (length) checkLength(fn, arg, out.length, length.n, length.of);
  const kind = out[0] instanceof Date ? "Date" : typeof out[0];
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    const k = v instanceof Date ? "Date" : typeof v;
    const ok = k === kind && (
      (k === "number" && Number.isFinite(v)) ||
      k === "string" ||
      (k === "Date" && !Number.isNaN((v as Date).getTime()))
    );
    if (!ok) {
      const expected = ["number", "string", "Date"].includes(kind)
        ? `all ${kind === "number" ? "finite numbers" : kind + "s"} (like element 0)`
        : "numbers, strings or Dates";
      throw new CourseInputError(fn, arg, expected, `${describe(v)} at index ${i}`);
    }
  }
  return out as XValue[];
}

/** Check that `arg` has `n` elements, like `of`. */
export function checkLength(fn: string, arg: string, got: number, n: number, of: string): void {
  require(got === n, fn, arg, `length ${n} (the length of ${of})`, `length ${got}`);
}

/**
 * Check numbers: finite values, or with `gaps` NaN/null allowed (drawn as gaps, sent as null)
 * as long as one value is finite. ±Infinity is always rejected.
 */
export function checkNumbers(
  fn: string,
  arg: string,
  ys: unknown,
  opts: { gaps?: boolean; length?: { n: number; of: string } } = {},
): (number | null)[] {
  require(isArrayLike(ys), fn, arg, "an array of numbers", describe(ys));
  const arr = Array.from(ys as ArrayLike<unknown>);
  require(arr.length > 0, fn, arg, "a non-empty array", "an empty array");
  if (opts.length) checkLength(fn, arg, arr.length, opts.length.n, opts.length.of);
  let finite = 0;
  const out = arr.map((v, i) => {
    if (typeof v === "number" && Number.isFinite(v)) {
      finite++;
      return v;
    }
    if (opts.gaps && (v === null || (typeof v === "number" && Number.isNaN(v)))) return null;
    throw new CourseInputError(
      fn,
      arg,
      opts.gaps ? "finite numbers (NaN or null for gaps)" : "finite numbers",
      `${describe(v)} at index ${i}`,
    );
  });
  require(finite > 0, fn, arg, "at least one finite number", "only gaps (NaN/null)");
  return out;
}

/** Normalise one series or named series into `[{name, values}]` (a lone series gets `name`). */
export function checkSeries(
  fn: string,
  arg: string,
  y: unknown,
  name: string,
): { name: string; values: Numbers }[] {
  if (isArrayLike(y)) return [{ name, values: y as Numbers }];
  require(
    y !== null && typeof y === "object" && Object.keys(y as object).length > 0,
    fn,
    arg,
    "an array of numbers or a non-empty object of name -> numbers",
    y,
  );
  return Object.entries(y as Record<string, Numbers>).map(([k, v]) => ({ name: k, values: v }));
}

/** Check a rectangular matrix of finite numbers (rows × cols), returned as plain arrays. */
export function checkMatrix(
  fn: string,
  arg: string,
  z: unknown,
  opts: { rows?: { n: number; of: string }; cols?: { n: number; of: string } } = {},
): number[][] {
  require(isArrayLike(z), fn, arg, "an array of rows (a matrix)", describe(z));
  const rows = Array.from(z as ArrayLike<unknown>);
  require(rows.length > 0, fn, arg, "a non-empty matrix", "no rows");
  if (opts.rows) checkLength(fn, `${arg} rows`, rows.length, opts.rows.n, opts.rows.of);
  const width = isArrayLike(rows[0]) ? (rows[0] as ArrayLike<unknown>).length : -1;
  if (opts.cols) checkLength(fn, `${arg} columns`, width, opts.cols.n, opts.cols.of);
  return rows.map((r, i) => {
    require(
      isArrayLike(r) && r.length === width && width > 0,
      fn,
      `${arg}[${i}]`,
      `a row of length ${width}`,
      r,
    );
    return checkNumbers(fn, `${arg}[${i}]`, r) as number[];
  });
}
