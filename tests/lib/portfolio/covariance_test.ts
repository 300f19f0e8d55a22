/** Ledoit–Wolf shrinkage and the sample covariance against scikit-learn fixtures. */
import assert from "node:assert/strict";
import { ledoitWolf, sampleCovariance } from "../../../lib/portfolio/mod.ts";

interface Case {
  name: string;
  assume_centered: boolean;
  x: number[][];
  covariance: number[][];
  shrinkage: number;
  location: number[];
  empirical: number[][];
}
const fixture = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/sklearn_portfolio/ledoit_wolf.json", import.meta.url),
  ),
) as { cases: Case[] };

const maxRelDiff = (a: number[][], b: number[][]) => {
  let scale = 0, diff = 0;
  a.forEach((row, i) =>
    row.forEach((v, j) => {
      scale = Math.max(scale, Math.abs(b[i][j]));
      diff = Math.max(diff, Math.abs(v - b[i][j]));
    })
  );
  return diff / scale;
};

for (const c of fixture.cases) {
  Deno.test(`ledoitWolf matches scikit-learn LedoitWolf: ${c.name}`, () => {
    const res = ledoitWolf(c.x, { assumeCentered: c.assume_centered });
    assert.ok(Math.abs(res.shrinkage - c.shrinkage) < 1e-10, `${res.shrinkage} vs ${c.shrinkage}`);
    assert.ok(maxRelDiff(res.covariance, c.covariance) < 1e-10);
    res.location.forEach((v, j) => assert.ok(Math.abs(v - c.location[j]) < 1e-14));
    assert.ok(
      maxRelDiff(sampleCovariance(c.x, { assumeCentered: c.assume_centered }), c.empirical) <
        1e-10,
    );
  });
}

Deno.test("ledoitWolf: shrinkage in [0, 1]; more shrinkage when T is small against N", () => {
  const small = fixture.cases.find((c) => c.name === "t20_n10")!;
  const large = fixture.cases.find((c) => c.name === "t200_n8")!;
  const s1 = ledoitWolf(small.x).shrinkage, s2 = ledoitWolf(large.x).shrinkage;
  assert.ok(s1 > s2 && s1 <= 1 && s2 >= 0, `${s1} vs ${s2}`);
});

Deno.test("sampleCovariance: hand values with ddof 0 and 1", () => {
  const x = [[1, 2], [3, 6], [5, 4]];
  // means 3, 4; deviations (−2,−2), (0,2), (2,0): Σ = [[8, 4], [4, 8]]
  assert.deepEqual(sampleCovariance(x), [[8 / 3, 4 / 3], [4 / 3, 8 / 3]]);
  assert.deepEqual(sampleCovariance(x, { ddof: 1 }), [[4, 2], [2, 4]]);
});

Deno.test("ledoitWolf / sampleCovariance: reject bad input with named messages", () => {
  assert.throws(() => ledoitWolf([[1, 2]]), /ledoitWolf: argument 'x' expected at least 2 rows/);
  assert.throws(() => ledoitWolf([[1, NaN], [1, 2]]), /ledoitWolf: argument 'x' expected finite/);
  assert.throws(() => ledoitWolf([[1, 2], [1]]), /'x' expected every row of length 2/);
  assert.throws(
    () => sampleCovariance([[1, 2]], { ddof: 1 }),
    /sampleCovariance: argument 'x' expected at least 2 rows/,
  );
});
