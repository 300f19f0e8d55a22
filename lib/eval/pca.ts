/**
 * Small dense linear algebra in plain JavaScript (tfjs has no eigen-decomposition): the one
 * symmetric eigensolver of the library (cyclic Jacobi rotations), the covariance matrix, and
 * PCA. One convention everywhere: eigenvalues descending, eigenvectors as ROWS
 * (`vectors[i]` belongs to `values[i]`).
 */
import { require, requireFinite, requireNumber } from "../errors.ts";

/** Eigenvalues (descending) and unit eigenvectors (rows, same order) of a symmetric matrix. */
export interface Eigen {
  values: number[];
  vectors: number[][];
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(A: readonly (readonly number[])[]): Eigen {
  const n = A.length;
  require(
    n > 0 &&
      A.every((r, i) => r.length === n && r.every((v, j) => Number.isFinite(v) && v === A[j][i])),
    "symmetricEigen",
    "A",
    "a non-empty symmetric matrix of finite numbers",
    A,
  );
  const a = A.map((r) => [...r]);
  const v = a.map((_, i) => a.map((_, j) => +(i === j)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (const m of [a, v]) {
          for (let k = 0; k < n; k++) { // rotate columns p, q
            const [x, y] = [m[k][p], m[k][q]];
            m[k][p] = c * x - s * y;
            m[k][q] = s * x + c * y;
          }
        }
        for (let k = 0; k < n; k++) { // rotate rows p, q of a
          const [x, y] = [a[p][k], a[q][k]];
          a[p][k] = c * x - s * y;
          a[q][k] = s * x + c * y;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}

/** Column means and covariance of rows X [n, d], divided by n − ddof (default 0: population). */
export function covarianceMatrix(
  X: readonly ArrayLike<number>[],
  ddof = 0,
): { mean: number[]; cov: number[][] } {
  const fn = "covarianceMatrix";
  require(Array.isArray(X) && X.length > ddof, fn, "X", `more than ${ddof} rows`, X);
  const d = X[0].length;
  require(d > 0, fn, "X", "rows of at least one column", X);
  X.forEach((r, i) => {
    require(r.length === d, fn, `X[${i}]`, `a row of length ${d}`, r);
    requireFinite(fn, `X[${i}]`, r);
  });
  const n = X.length;
  const mean = new Array<number>(d).fill(0);
  for (const r of X) for (let j = 0; j < d; j++) mean[j] += r[j] / n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of X) {
    for (let i = 0; i < d; i++) {
      const zi = (r[i] - mean[i]) / (n - ddof);
      const row = cov[i];
      for (let j = i; j < d; j++) row[j] += zi * (r[j] - mean[j]);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
  return { mean, cov };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function orthonormalize(V: Float64Array[]): void {
  for (let i = 0; i < V.length; i++) {
    for (let j = 0; j < i; j++) {
      const c = dot(V[i], V[j]);
      for (let k = 0; k < V[i].length; k++) V[i][k] -= c * V[j][k];
    }
    const n = Math.sqrt(dot(V[i], V[i])) || 1;
    for (let k = 0; k < V[i].length; k++) V[i][k] /= n;
  }
}

/**
 * The `k` leading eigenpairs of a symmetric positive semi-definite matrix: Jacobi for small
 * matrices, else subspace iteration with Rayleigh-Ritz (Jacobi on the small projected matrix)
 * until the residuals ‖Cu − λu‖ are tiny.
 */
export function leadingEigen(C: readonly (readonly number[])[], k: number): Eigen {
  const d = C.length;
  requireNumber("leadingEigen", "k", k, { integer: true, min: 1, max: d });
  if (d <= 48) {
    const e = symmetricEigen(C);
    return { values: e.values.slice(0, k), vectors: e.vectors.slice(0, k) };
  }
  const p = Math.min(d, k + 8);
  // deterministic, non-degenerate start: a fixed pseudo-random basis
  let V = Array.from(
    { length: p },
    (_, i) => Float64Array.from({ length: d }, (_, j) => Math.sin(1 + i * 7.13 + j * 1.7 + i * j)),
  );
  orthonormalize(V);
  let out: Eigen = { values: [], vectors: [] };
  for (let it = 0; it < 2000; it++) {
    const W = V.map((v) => Float64Array.from(C, (row) => dot(row, v)));
    const H = V.map((v) => W.map((w) => dot(v, w)));
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
    }
    const e = symmetricEigen(H);
    const combine = (B: Float64Array[], s: number[]) => {
      const u = new Float64Array(d);
      s.forEach((c, i) => {
        for (let j = 0; j < d; j++) u[j] += c * B[i][j];
      });
      return u;
    };
    const U = e.vectors.slice(0, k).map((s) => combine(V, s));
    const res = e.vectors.slice(0, k).map((s, i) => {
      const r = combine(W, s);
      for (let j = 0; j < d; j++) r[j] -= e.values[i] * U[i][j];
      return Math.sqrt(dot(r, r));
    });
    out = { values: e.values.slice(0, k), vectors: U.map((u) => Array.from(u)) };
    if (Math.max(...res) <= 1e-10 * Math.max(Math.abs(e.values[0]), 1e-300)) break;
    orthonormalize(W);
    V = W;
  }
  return out;
}

/** A PCA: centred scores per row, the principal axes (unit rows) and explained-variance ratios. */
export interface Pca {
  points: number[][];
  components: number[][];
  explained: number[];
  mean: number[];
}

/**
 * PCA to `k` dimensions (default 2) from the sample covariance: scores on the leading axes,
 * each axis's sign fixed so that its largest |entry| is positive, and explained-variance ratios.
 */
export function pca(X: readonly ArrayLike<number>[], k = 2): Pca {
  const fn = "pca";
  require(
    Array.isArray(X) && X.length >= 2 && X[0].length >= k,
    fn,
    "X",
    `at least 2 rows and ${k} columns`,
    Array.isArray(X) ? `${X.length}×${X[0]?.length ?? 0}` : X,
  );
  requireNumber(fn, "k", k, { integer: true, min: 1 });
  const { mean, cov } = covarianceMatrix(X, 1);
  const total = cov.reduce((s, r, i) => s + r[i], 0);
  const { values, vectors } = leadingEigen(cov, k);
  const components = vectors.map((u) => {
    const big = u.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    return big < 0 ? u.map((x) => -x) : u;
  });
  const points = X.map((r) => {
    const z = Float64Array.from({ length: r.length }, (_, j) => r[j] - mean[j]);
    return components.map((u) => dot(z, u));
  });
  const explained = values.map((v) => (total > 0 ? Math.max(v, 0) / total : 0));
  return { points, components, explained, mean };
}
