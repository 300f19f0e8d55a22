/**
 * Clustering of embeddings: K-means (Lloyd's iterations from a seeded k-means++ start, the best
 * of `nInit` starts by inertia, as scikit-learn does) and the silhouette score
 * s(i) = (b − a) / max(a, b) with Euclidean distances. Plain arrays in, plain numbers out.
 */
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";

/** Rows of numbers (n × d). */
export type ClusterPoints = readonly (readonly number[])[];

/** A K-means fit: centres, the label of every row, and the inertia (sum of squared distances). */
export interface KMeansResult {
  centers: number[][];
  labels: number[];
  inertia: number;
  iterations: number;
}

/** Options of `kMeans`. */
export interface KMeansOptions {
  seed?: number;
  /** Number of k-means++ starts; the fit with the lowest inertia wins (default 10). */
  nInit?: number;
  maxIter?: number;
  /** Stop when no centre moves more than this (squared distance, default 1e-8). */
  tol?: number;
}

function checkPoints(fn: string, X: ClusterPoints): number {
  require(Array.isArray(X) && X.length > 0, fn, "X", "a non-empty array of rows", X);
  const d = X[0]?.length ?? 0;
  require(d > 0, fn, "X", "rows with at least one column", X[0]);
  X.forEach((row, i) => {
    require(
      Array.isArray(row) && row.length === d,
      fn,
      `X[${i}]`,
      `a row of ${d} numbers`,
      row,
    );
    row.forEach((v, j) => require(Number.isFinite(v), fn, `X[${i}][${j}]`, "a finite number", v));
  });
  return d;
}

function sqDist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

function kMeansPlusPlus(X: ClusterPoints, k: number, rng: Rng): number[][] {
  const n = X.length;
  const centers = [[...X[rng.int(n)]]];
  const dist = X.map((x) => sqDist(x, centers[0]));
  while (centers.length < k) {
    const total = dist.reduce((a, b) => a + b, 0);
    let idx = rng.int(n);
    if (total > 0) {
      let r = rng.random() * total;
      for (idx = 0; idx < n - 1; idx++) {
        r -= dist[idx];
        if (r < 0) break;
      }
    }
    centers.push([...X[idx]]);
    X.forEach((x, i) => (dist[i] = Math.min(dist[i], sqDist(x, centers[centers.length - 1]))));
  }
  return centers;
}

function lloyd(X: ClusterPoints, init: number[][], maxIter: number, tol: number): KMeansResult {
  const k = init.length;
  const d = X[0].length;
  let centers = init;
  const labels = new Array<number>(X.length).fill(0);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    X.forEach((x, i) => {
      let best = 0;
      let bestD = Infinity;
      centers.forEach((c, j) => {
        const dd = sqDist(x, c);
        if (dd < bestD) [best, bestD] = [j, dd];
      });
      labels[i] = best;
    });
    const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
    const counts = new Array<number>(k).fill(0);
    X.forEach((x, i) => {
      counts[labels[i]] += 1;
      x.forEach((v, j) => (sums[labels[i]][j] += v));
    });
    // An empty cluster keeps its old centre.
    const next = sums.map((s, j) => counts[j] ? s.map((v) => v / counts[j]) : centers[j]);
    const shift = Math.max(...next.map((c, j) => sqDist(c, centers[j])));
    centers = next;
    if (shift <= tol) {
      iterations += 1;
      break;
    }
  }
  X.forEach((x, i) => {
    let best = 0;
    centers.forEach((c, j) => {
      if (sqDist(x, c) < sqDist(x, centers[best])) best = j;
    });
    labels[i] = best;
  });
  const inertia = X.reduce((s, x, i) => s + sqDist(x, centers[labels[i]]), 0);
  return { centers, labels, inertia, iterations };
}

/** K-means with seeded k-means++ starts; returns the fit with the lowest inertia. */
export function kMeans(X: ClusterPoints, k: number, options: KMeansOptions = {}): KMeansResult {
  checkPoints("kMeans", X);
  requireNumber("kMeans", "k", k, { integer: true, positive: true, max: X.length });
  const nInit = requireNumber("kMeans", "nInit", options.nInit ?? 10, {
    integer: true,
    positive: true,
  });
  const maxIter = requireNumber("kMeans", "maxIter", options.maxIter ?? 300, {
    integer: true,
    positive: true,
  });
  const tol = requireNumber("kMeans", "tol", options.tol ?? 1e-8, { nonNegative: true });
  const rng = new Rng(requireNumber("kMeans", "seed", options.seed ?? DEFAULT_SEED, {
    integer: true,
  }));
  let best: KMeansResult | null = null;
  for (let r = 0; r < nInit; r++) {
    const fit = lloyd(X, kMeansPlusPlus(X, k, rng), maxIter, tol);
    if (best === null || fit.inertia < best.inertia) best = fit;
  }
  return best as KMeansResult;
}

/** Silhouette of every row (0 for a row alone in its cluster, as scikit-learn does). */
export function silhouetteSamples(X: ClusterPoints, labels: readonly number[]): number[] {
  checkPoints("silhouetteSamples", X);
  require(
    Array.isArray(labels) && labels.length === X.length &&
      labels.every((l) => Number.isInteger(l) && l >= 0),
    "silhouetteSamples",
    "labels",
    `${X.length} non-negative integer labels`,
    labels,
  );
  const ks = [...new Set(labels)].sort((a, b) => a - b);
  require(
    ks.length >= 2 && ks.length < X.length,
    "silhouetteSamples",
    "labels",
    `between 2 and ${X.length - 1} distinct clusters`,
    `${ks.length} cluster(s)`,
  );
  const counts = new Map(ks.map((k) => [k, labels.filter((l) => l === k).length]));
  return X.map((x, i) => {
    const sums = new Map(ks.map((k) => [k, 0]));
    X.forEach((y, j) => {
      if (i !== j) sums.set(labels[j], (sums.get(labels[j]) as number) + Math.sqrt(sqDist(x, y)));
    });
    const own = counts.get(labels[i]) as number;
    if (own === 1) return 0;
    const a = (sums.get(labels[i]) as number) / (own - 1);
    let b = Infinity;
    for (const k of ks) {
      if (k !== labels[i]) b = Math.min(b, (sums.get(k) as number) / (counts.get(k) as number));
    }
    const m = Math.max(a, b);
    return m > 0 ? (b - a) / m : 0;
  });
}

/**
 * Mean silhouette: near 1 separated clusters, near 0 overlapping, < 0 wrong. The cost is
 * O(n²·d); `sampleSize` scores a seeded random subset of rows (as scikit-learn's option does).
 */
export function silhouetteScore(
  X: ClusterPoints,
  labels: readonly number[],
  options: { sampleSize?: number; seed?: number } = {},
): number {
  let [xs, ls] = [X, labels];
  if (options.sampleSize !== undefined && options.sampleSize < X.length) {
    requireNumber("silhouetteScore", "sampleSize", options.sampleSize, {
      integer: true,
      min: 2,
    });
    const idx = new Rng(options.seed ?? DEFAULT_SEED).permutation(X.length)
      .slice(0, options.sampleSize);
    [xs, ls] = [idx.map((i) => X[i]), idx.map((i) => labels[i])];
  }
  const s = silhouetteSamples(xs, ls);
  return s.reduce((a, b) => a + b, 0) / s.length;
}
