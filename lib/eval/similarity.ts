/**
 * How well embeddings encode a grouping (return quintiles): the average cosine similarity
 * within vs across groups (and their gap), k-nearest-neighbour group accuracy, the Spearman IC
 * between a kNN-predicted return and the realised one (with its t-statistic) (PCA lives in
 * `pca.ts`). Embeddings are rows of plain numbers (`await tensor.array()` gives them);
 * neighbours are found by cosine similarity; a query is never its own neighbour.
 */
import { require, requireFinite, requireNumber } from "../errors.ts";
import { spearmanCorrelation } from "../data/stats.ts";

/** Rows of an embedding matrix. */
export type EmbeddingRows = readonly ArrayLike<number>[];

function checkRows(fn: string, arg: string, X: EmbeddingRows, dim?: number): number {
  require(Array.isArray(X) && X.length > 0, fn, arg, "a non-empty array of rows", X);
  const d = dim ?? X[0].length;
  X.forEach((r, i) => {
    require(r.length === d && d > 0, fn, `${arg}[${i}]`, `a row of length ${d}`, r);
    requireFinite(fn, `${arg}[${i}]`, r);
  });
  return d;
}

function checkLabels(fn: string, arg: string, ys: ArrayLike<number>, n: number): void {
  require(ys?.length === n, fn, arg, `${n} values (one per row)`, ys);
  requireFinite(fn, arg, ys);
}

/** Rows scaled to unit length (zero rows stay zero), as Float64Arrays. */
export function unitRows(X: EmbeddingRows): Float64Array[] {
  checkRows("unitRows", "X", X);
  return X.map((r) => {
    let s = 0;
    for (let i = 0; i < r.length; i++) s += r[i] * r[i];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    return Float64Array.from(r, (v) => v * inv);
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Mean cosine similarity over pairs i < j in the same group, across groups, and the gap. */
export function avgSimilarityByGroup(
  embeddings: EmbeddingRows,
  groups: ArrayLike<number>,
): { within: number; across: number; gap: number; withinPairs: number; acrossPairs: number } {
  const fn = "avgSimilarityByGroup";
  checkRows(fn, "embeddings", embeddings);
  checkLabels(fn, "groups", groups, embeddings.length);
  const U = unitRows(embeddings);
  let w = 0, a = 0, nw = 0, na = 0;
  for (let i = 0; i < U.length; i++) {
    for (let j = i + 1; j < U.length; j++) {
      const c = dot(U[i], U[j]);
      if (groups[i] === groups[j]) (w += c), nw++;
      else (a += c), na++;
    }
  }
  require(nw > 0 && na > 0, fn, "groups", "at least one within- and one across-group pair", "none");
  return { within: w / nw, across: a / na, gap: w / nw - a / na, withinPairs: nw, acrossPairs: na };
}

/**
 * The gap statistic of `avgSimilarityByGroup` as a function of the labels, with the cosine
 * matrix of `embeddings` computed once: for permutation tests, where only the labels change.
 */
export function cosineGapStatistic(
  embeddings: EmbeddingRows,
): (groups: ArrayLike<number>) => number {
  const fn = "cosineGapStatistic";
  checkRows(fn, "embeddings", embeddings);
  const U = unitRows(embeddings);
  const n = U.length;
  const cos = U.map((a, i) => U.map((b, j) => (j > i ? dot(a, b) : 0)));
  return (groups) => {
    checkLabels(fn, "groups", groups, n);
    let w = 0, a = 0, nw = 0, na = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (groups[i] === groups[j]) (w += cos[i][j]), nw++;
        else (a += cos[i][j]), na++;
      }
    }
    require(
      nw > 0 && na > 0,
      fn,
      "groups",
      "at least one within- and one across-group pair",
      "none",
    );
    return w / nw - a / na;
  };
}

/** The k most cosine-similar reference rows of each query (self excluded when `leaveOneOut`). */
export function nearestNeighbors(
  queries: EmbeddingRows,
  reference: EmbeddingRows,
  k: number,
  leaveOneOut = false,
): number[][] {
  const fn = "nearestNeighbors";
  const d = checkRows(fn, "reference", reference);
  checkRows(fn, "queries", queries, d);
  requireNumber(fn, "k", k, { integer: true, positive: true });
  const avail = reference.length - (leaveOneOut ? 1 : 0);
  require(k <= avail, fn, "k", `at most ${avail} (reference rows available)`, k);
  const Q = unitRows(queries), R = unitRows(reference);
  return Q.map((q, i) => {
    const sims = R.map((r, j) => ({ j, s: leaveOneOut && i === j ? -Infinity : dot(q, r) }));
    sims.sort((x, y) => y.s - x.s || x.j - y.j);
    return sims.slice(0, k).map((x) => x.j);
  });
}

/** Train and (optional) test sets of embeddings with per-row values (groups or returns). */
export interface KnnSets {
  train: { embeddings: EmbeddingRows; values: ArrayLike<number> };
  /** Without a test set the evaluation is leave-one-out on the training set. */
  test?: { embeddings: EmbeddingRows; values: ArrayLike<number> };
  /** Neighbours per query (default 10). */
  k?: number;
}

function neighborsOf(fn: string, sets: KnnSets) {
  require(typeof sets === "object" && sets !== null, fn, "sets", "{train, test?, k?}", sets);
  const { train, test } = sets;
  checkRows(fn, "train.embeddings", train?.embeddings ?? []);
  checkLabels(fn, "train.values", train.values, train.embeddings.length);
  if (test) {
    checkRows(fn, "test.embeddings", test.embeddings);
    checkLabels(fn, "test.values", test.values, test.embeddings.length);
  }
  const k = sets.k ?? 10;
  const q = test ?? train;
  return { nn: nearestNeighbors(q.embeddings, train.embeddings, k, !test), truth: q.values };
}

/** k-NN group (quintile) accuracy by majority vote; ties go to the group with the nearer votes. */
export function knnAccuracy(sets: KnnSets): { accuracy: number; predictions: number[] } {
  const { nn, truth } = neighborsOf("knnAccuracy", sets);
  const ys = sets.train.values;
  const predictions = nn.map((idx) => {
    const votes = new Map<number, number>();
    // rank-weighted tie break: each vote counts 1 + a tiny bonus for being nearer
    idx.forEach((j, r) => votes.set(ys[j], (votes.get(ys[j]) ?? 0) + 1 + 1e-6 * (idx.length - r)));
    return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  });
  const hits = predictions.filter((p, i) => p === truth[i]).length;
  return { accuracy: hits / predictions.length, predictions };
}

/**
 * Predict each query's return as the mean return of its k nearest training rows, then the
 * Spearman IC with the realised returns and its t-statistic ic·√((n-2)/(1-ic²)).
 */
export function knnReturnIc(
  sets: KnnSets,
): { ic: number; t: number; n: number; predictions: number[] } {
  const { nn, truth } = neighborsOf("knnReturnIc", sets);
  const ys = sets.train.values;
  const predictions = nn.map((idx) => idx.reduce((s, j) => s + ys[j], 0) / idx.length);
  const n = predictions.length;
  require(n >= 3, "knnReturnIc", "sets", "at least 3 query rows", `${n}`);
  const ic = spearmanCorrelation(predictions, truth);
  const t = Math.abs(ic) >= 1 ? Math.sign(ic) * Infinity : ic * Math.sqrt((n - 2) / (1 - ic * ic));
  return { ic, t, n, predictions };
}
