import assert from "node:assert/strict";
import { covarianceMatrix, pca, symmetricEigen } from "../../../lib/eval/pca.ts";
import { rng } from "../../../lib/random.ts";

const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("symmetricEigen: [[2,1],[1,2]] has eigenvalues 3, 1 and orthonormal vectors as rows", () => {
  const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
  close(values[0], 3);
  close(values[1], 1);
  close(Math.abs(vectors[0][0]), Math.SQRT1_2);
  close(vectors[0][0], vectors[0][1]); // (1, 1)/√2 belongs to 3
  close(vectors[0][0] * vectors[1][0] + vectors[0][1] * vectors[1][1], 0);
});

Deno.test("symmetricEigen: tridiagonal [-1, 2, -1] has eigenvalues 2 - 2cos(kπ/(n+1))", () => {
  const n = 5;
  const A = Array.from(
    { length: n },
    (_, i) =>
      Array.from({ length: n }, (_, j): number => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
  );
  const { values, vectors } = symmetricEigen(A);
  const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)))
    .sort((a, b) => b - a);
  values.forEach((v, i) => close(v, want[i], 1e-12));
  // A u = λ u for every pair
  vectors.forEach((u, k) =>
    A.forEach((row, i) => close(row.reduce((s, a, j) => s + a * u[j], 0), values[k] * u[i], 1e-10))
  );
});

Deno.test("pca: matches scikit-learn PCA (explained ratio, components up to sign, scores)", () => {
  const X = [
    [2.5, 2.4, 0.5],
    [0.5, 0.7, 1.0],
    [2.2, 2.9, -0.3],
    [1.9, 2.2, 0.8],
    [3.1, 3.0, 0.1],
    [
      2.3,
      2.7,
      -1.2,
    ],
    [2.0, 1.6, 0.4],
    [1.0, 1.1, 0.9],
  ];
  // sklearn 1.2.1: PCA(2).fit(X) — explained_variance_ratio_, components_, transform(X)[:, :]
  const ratio = [0.837212536925, 0.140097484996];
  const comps = [[-0.608239444947, -0.652887410944, 0.451423090061], [
    -0.479284838066,
    -0.151248565544,
    -0.864528724463,
  ]];
  const scores0 = [[-0.452752901076, -0.513272468218], [2.099346132455, 0.270155407107]];
  const p = pca(X);
  p.explained.forEach((v, i) => close(v, ratio[i], 1e-10));
  p.components.forEach((u, c) => {
    const sign = Math.sign(u[0] * comps[c][0]);
    u.forEach((v, j) => close(v, sign * comps[c][j], 1e-10));
    scores0.forEach((s, i) => close(p.points[i][c], sign * s[c], 1e-10));
  });
});

Deno.test("pca: the subspace-iteration path (d > 48) agrees with full Jacobi", () => {
  const r = rng(3);
  const d = 60;
  const scales = Array.from({ length: d }, (_, j) => Math.exp(-j / 6));
  const X = Array.from({ length: 80 }, () => Array.from(r.normals(d)).map((v, j) => v * scales[j]));
  const p = pca(X);
  const mean = Array.from({ length: d }, (_, j) => X.reduce((s, row) => s + row[j], 0) / X.length);
  const C = Array.from(
    { length: d },
    (_, i) =>
      Array.from(
        { length: d },
        (_, j) =>
          X.reduce((s, row) => s + (row[i] - mean[i]) * (row[j] - mean[j]), 0) / (X.length - 1),
      ),
  );
  const e = symmetricEigen(C);
  const total = e.values.reduce((a, b) => a + b, 0);
  [0, 1].forEach((c) => {
    close(p.explained[c], e.values[c] / total, 1e-9);
    const cosAbs = Math.abs(p.components[c].reduce((s, v, j) => s + v * e.vectors[c][j], 0));
    close(cosAbs, 1, 1e-8);
  });
});

Deno.test("pca: points on a line explain all variance; population vs sample covariance", () => {
  const p = pca([[1, 1], [-1, -1], [2, 2], [-2, -2]], 1);
  close(p.explained[0], 1);
  close(Math.abs(p.points[2][0]), 2 * Math.SQRT2);
  const { cov } = covarianceMatrix([[1, 0], [3, 2]]);
  assert.deepEqual(cov, [[1, 1], [1, 1]]);
  assert.deepEqual(covarianceMatrix([[1, 0], [3, 2]], 1).cov, [[2, 2], [2, 2]]);
});

Deno.test("pca / symmetricEigen: bad input is rejected with clear messages", () => {
  assert.throws(
    () => symmetricEigen([[1, 2], [3, 1]]),
    /symmetricEigen: argument 'A' expected a non-empty symmetric/,
  );
  assert.throws(
    () => pca([[1, 2]]),
    /pca: argument 'X' expected at least 2 rows and 2 columns, received 1×2/,
  );
  assert.throws(
    () => covarianceMatrix([[1, 2], [1, NaN]]),
    /covarianceMatrix: argument 'X\[1\]' expected finite numbers, received NaN at index 1/,
  );
});
