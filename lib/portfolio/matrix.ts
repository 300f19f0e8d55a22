/**
 * Plain-number matrix helpers for the portfolio library: input checks for [T][N] tables and
 * the small dense linear algebra (products, Cholesky solve, inverse) that portfolio math needs.
 * Everything is float64 JavaScript; no tensors.
 */
import { CourseInputError, describe, require } from "../errors.ts";

/** Check that `m` is a non-empty rectangular matrix of finite numbers; returns [rows, cols]. */
export function requireMatrix(
  fn: string,
  arg: string,
  m: unknown,
  opts: { rows?: number; cols?: number; minRows?: number } = {},
): [number, number] {
  require(Array.isArray(m) && m.length > 0, fn, arg, "a non-empty number[][]", m);
  const rows = (m as unknown[]).length;
  const first = (m as unknown[])[0];
  require(
    Array.isArray(first) && first.length > 0,
    fn,
    arg,
    "rows that are non-empty arrays",
    first,
  );
  const cols = (first as unknown[]).length;
  const table = m as unknown[][];
  for (let t = 0; t < rows; t++) {
    const row = table[t];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new CourseInputError(
        fn,
        arg,
        `every row of length ${cols}`,
        `${describe(row)} at row ${t}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new CourseInputError(fn, arg, "finite numbers", `${describe(v)} at [${t}][${j}]`);
      }
    }
  }
  if (opts.rows !== undefined) {
    require(rows === opts.rows, fn, arg, `${opts.rows} rows`, `${rows} rows`);
  }
  if (opts.cols !== undefined) {
    require(cols === opts.cols, fn, arg, `${opts.cols} columns`, `${cols} columns`);
  }
  if (opts.minRows !== undefined) {
    require(rows >= opts.minRows, fn, arg, `at least ${opts.minRows} rows`, `${rows} rows`);
  }
  return [rows, cols];
}

/** Check that `m` is a square matrix of finite numbers; returns its size. */
export function requireSquare(fn: string, arg: string, m: unknown): number {
  const [rows, cols] = requireMatrix(fn, arg, m);
  require(rows === cols, fn, arg, "a square matrix", `${rows}×${cols}`);
  return rows;
}

/** Check that `v` is a non-empty array of finite numbers (optionally of length `n`). */
export function requireVector(fn: string, arg: string, v: unknown, n?: number): number[] {
  require(Array.isArray(v) && v.length > 0, fn, arg, "a non-empty number[]", v);
  const xs = v as unknown[];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new CourseInputError(fn, arg, "finite numbers", `${describe(x)} at index ${i}`);
    }
  }
  if (n !== undefined) require(xs.length === n, fn, arg, `length ${n}`, `length ${xs.length}`);
  return xs as number[];
}

/** Matrix–vector product A·x. */
export function matVec(a: readonly number[][], x: readonly number[]): number[] {
  return a.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * x[j];
    return s;
  });
}

/** Matrix product A·B. */
export function matMul(a: readonly number[][], b: readonly number[][]): number[][] {
  const n = b[0].length;
  return a.map((row) => {
    const out = new Array<number>(n).fill(0);
    for (let k = 0; k < row.length; k++) {
      const v = row[k];
      if (v === 0) continue;
      const bk = b[k];
      for (let j = 0; j < n; j++) out[j] += v * bk[j];
    }
    return out;
  });
}

/** Transpose. */
export function transpose(a: readonly number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Dot product. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Quadratic form xᵀAx. */
export function quadForm(a: readonly number[][], x: readonly number[]): number {
  return dot(x, matVec(a, x));
}

/** Identity matrix of size n (times `scale`). */
export function identity(n: number, scale = 1): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const row = new Array<number>(n).fill(0);
    row[i] = scale;
    return row;
  });
}

/** Lower Cholesky factor of a symmetric positive-definite matrix; throws when it is not. */
export function cholesky(
  fn: string,
  arg: string,
  a: readonly (readonly number[])[],
): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) {
          throw new CourseInputError(
            fn,
            arg,
            "a symmetric positive-definite matrix",
            `a non-positive pivot ${s} at ${i}`,
          );
        }
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/** Solve A·x = b for symmetric positive-definite A (Cholesky). */
export function solveSpd(fn: string, arg: string, a: readonly number[][], b: readonly number[]) {
  const l = cholesky(fn, arg, a);
  const n = a.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** Solve A·X = B for a general square A (Gaussian elimination with partial pivoting). */
export function solve(fn: string, arg: string, a: readonly number[][], b: readonly number[][]) {
  const n = a.length;
  const m = b[0].length;
  const A = a.map((r) => r.slice());
  const B = b.map((r) => r.slice());
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (!(Math.abs(A[p][c]) > 1e-14)) {
      throw new CourseInputError(fn, arg, "a non-singular matrix", `a zero pivot at column ${c}`);
    }
    [A[c], A[p]] = [A[p], A[c]];
    [B[c], B[p]] = [B[p], B[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      for (let k = 0; k < m; k++) B[r][k] -= f * B[c][k];
    }
  }
  return B.map((row, i) => row.map((v) => v / A[i][i]));
}

/** Inverse of a general square matrix. */
export function inverse(fn: string, arg: string, a: readonly number[][]): number[][] {
  return solve(fn, arg, a, identity(a.length));
}
