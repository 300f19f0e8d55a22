import assert from "node:assert/strict";
import { kMeans, silhouetteSamples, silhouetteScore } from "../../../lib/eval/clustering.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/sklearn_jepa/fixtures.json", import.meta.url)),
);
const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("kMeans: finds sklearn's partition and inertia on three separated blobs", () => {
  const { X, k, labels, inertia } = fx.blobs;
  const fit = kMeans(X, k, { seed: 3 });
  close(fit.inertia, inertia, 1e-3);
  // same partition up to a renaming of the clusters
  const map = new Map<number, number>();
  fit.labels.forEach((l: number, i: number) => {
    if (!map.has(l)) map.set(l, labels[i]);
    assert.equal(map.get(l), labels[i], `row ${i}`);
  });
  assert.equal(new Set(map.values()).size, 3);
});

Deno.test("kMeans: same seed, same result; each label is the nearest centre", () => {
  const X = fx.silhouette_random.X;
  const a = kMeans(X, 4, { seed: 11, nInit: 3 });
  const b = kMeans(X, 4, { seed: 11, nInit: 3 });
  assert.deepEqual(a.labels, b.labels);
  const d = (x: number[], c: number[]) => x.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
  X.forEach((x: number[], i: number) => {
    const own = d(x, a.centers[a.labels[i]]);
    a.centers.forEach((c) => assert.ok(own <= d(x, c) + 1e-12));
  });
});

Deno.test("silhouetteScore: equals sklearn on blobs and on a hard overlapping case", () => {
  close(silhouetteScore(fx.blobs.X, fx.blobs.labels), fx.blobs.silhouette);
  const r = fx.silhouette_random;
  close(silhouetteScore(r.X, r.labels), r.score);
  silhouetteSamples(r.X, r.labels).forEach((s, i) => close(s, r.samples[i]));
});

Deno.test("silhouetteScore: hand-computed two-cluster case and a singleton cluster", () => {
  // 1-D points 0, 1 | 5: a(0)=1, b(0)=5 -> 0.8; a(1)=1, b(1)=4 -> 0.75; singleton -> 0
  const s = silhouetteSamples([[0], [1], [5]], [0, 0, 1]);
  close(s[0], 0.8);
  close(s[1], 0.75);
  assert.equal(s[2], 0);
  close(silhouetteScore([[0], [1], [5]], [0, 0, 1]), (0.8 + 0.75) / 3);
});

Deno.test("clustering: rejects bad input with a clear message", () => {
  assert.throws(() => kMeans([[1, 2], [3]], 2), /kMeans: argument 'X\[1\]' expected a row of 2/);
  assert.throws(() => kMeans([[1], [2]], 3), /kMeans: argument 'k' expected .*<= 2/);
  assert.throws(() => kMeans([[NaN]], 1), /argument 'X\[0\]\[0\]' expected a finite number/);
  assert.throws(
    () => silhouetteScore([[0], [1]], [0, 0]),
    /silhouetteSamples: argument 'labels' expected between 2 and 1 distinct clusters/,
  );
});
