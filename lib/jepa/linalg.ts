/**
 * Small dense linear algebra in plain JavaScript for diagnostics and plots (tfjs has no
 * eigen-decomposition): eigenvalues/vectors of a symmetric matrix by cyclic Jacobi rotations,
 * the column covariance of a matrix, and a PCA projection.
 */
import { require } from "../errors.ts";

/** Eigen-decomposition of a symmetric matrix: values descending, vectors as columns. */
export function symmetricEigen(
  A: readonly (readonly number[])[],
  opts: { maxSweeps?: number; tol?: number } = {},
): { values: number[]; vectors: number[][] } {
  const n = A.length;
  require(
    n > 0 && A.every((r) => r.length === n && r.every(Number.isFinite)),
    "symmetricEigen",
    "A",
    "a non-empty square matrix of finite numbers",
    A,
  );
  const a = A.map((r) => [...r]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
  const tol = opts.tol ?? 1e-12;
  for (let sweep = 0; sweep < (opts.maxSweeps ?? 60); sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += a[i][j] ** 2;
        if (i !== j) off += a[i][j] ** 2;
      }
    }
    if (off <= tol * tol * Math.max(total, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [v[k][p], v[k][q]];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: order.map((i) => a[i][i]),
    vectors: v.map((row) => order.map((i) => row[i])),
  };
}

/** Column means and the (population) covariance matrix of rows X [n, d]. */
export function covarianceMatrix(
  X: readonly (readonly number[])[],
): { mean: number[]; cov: number[][] } {
  require(X.length > 0 && X[0].length > 0, "covarianceMatrix", "X", "a non-empty matrix", X);
  const [n, d] = [X.length, X[0].length];
  const mean = new Array<number>(d).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] += v / n));
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of X) {
    for (let i = 0; i < d; i++) {
      const di = r[i] - mean[i];
      for (let j = i; j < d; j++) cov[i][j] += (di * (r[j] - mean[j])) / n;
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
  return { mean, cov };
}

/** Project rows onto their first `k` principal components; also the explained-variance ratios. */
export function pcaProject(
  X: readonly (readonly number[])[],
  k = 2,
): { scores: number[][]; explained: number[] } {
  const { mean, cov } = covarianceMatrix(X);
  require(k >= 1 && k <= mean.length, "pcaProject", "k", `1..${mean.length}`, k);
  const { values, vectors } = symmetricEigen(cov);
  const total = values.reduce((s, x) => s + Math.max(x, 0), 0) || 1;
  const scores = X.map((r) =>
    Array.from({ length: k }, (_, c) => r.reduce((s, v, j) => s + (v - mean[j]) * vectors[j][c], 0))
  );
  return { scores, explained: values.slice(0, k).map((x) => Math.max(x, 0) / total) };
}
