import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  crossSectionalBuckets,
  crossSectionalIc,
  meanTStat,
  quantileSpread,
} from "../../../lib/eval/cross_section.ts";
import { addCrossSectionalQuantiles } from "../../../lib/data/labels.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("meanTStat: mean, sample sd and t = mean / (sd / √n) by hand", () => {
  const s = meanTStat([1, 2, 3, 6]);
  close(s.mean, 3);
  close(s.sd, Math.sqrt((4 + 1 + 0 + 9) / 3));
  close(s.t, 3 / (Math.sqrt(14 / 3) / 2));
  assert.equal(meanTStat([2, 2, 2]).t, 0);
  assert.throws(() => meanTStat([1]), /meanTStat: argument 'xs' expected at least 2 values/);
});

// three dates × 5 names; rows deliberately out of date order
const dates = [
  "d2",
  "d1",
  "d3",
  "d1",
  "d2",
  "d3",
  "d1",
  "d2",
  "d3",
  "d1",
  "d2",
  "d3",
  "d1",
  "d2",
  "d3",
];
const signal = [5, 1, 1, 2, 4, 1, 3, 3, 1, 4, 2, 1, 5, 1, 1];
const returns = [0.1, 1, 7, 2, 0.2, 8, 3, 0.3, 9, 4, 0.4, 6, 5, 0.5, 5];

Deno.test("crossSectionalIc: IC +1 (monotone day), −1 (reversed day), constant signal day skipped", () => {
  const r = crossSectionalIc({ dates, signal, returns });
  assert.deepEqual(r.dates, ["d1", "d2"]);
  close(r.ic[0], 1);
  close(r.ic[1], -1);
  close(r.mean, 0);
  assert.equal(r.n, 2);
  assert.throws(
    () => crossSectionalIc({ dates: ["a", "b"], signal: [1, NaN], returns: [1, 2] }),
    /crossSectionalIc: argument 'x.signal\[1\]' expected a finite number, received NaN/,
  );
});

Deno.test("crossSectionalBuckets: equal to addCrossSectionalQuantiles (ordinal ranks) on a frame with ties", () => {
  const df = pl.DataFrame({ date: dates, s: signal });
  const want = addCrossSectionalQuantiles(df, { col: "s", date: "date", q: 5, name: "b" })
    .getColumn("b").toArray() as number[];
  assert.deepEqual(Array.from(crossSectionalBuckets({ dates, signal, returns }, 5)), want);
});

Deno.test("quantileSpread: top-minus-bottom return per date and bucket means by hand", () => {
  const r = quantileSpread({ dates, signal, returns }, 5);
  // d1: signal 1..5 ↔ returns 1..5 → 5 − 1; d2: signal 5 → 0.1, signal 1 → 0.5;
  // d3: all signals tie → buckets by row order: rows 2,5,8,11,14 → returns 7,8,9,6,5
  assert.deepEqual(r.dates, ["d1", "d2", "d3"]);
  close(r.spread[0], 4);
  close(r.spread[1], 0.1 - 0.5);
  close(r.spread[2], 5 - 7);
  close(r.bucketMeans[0], (1 + 0.5 + 7) / 3);
  close(r.bucketMeans[4], (5 + 0.1 + 5) / 3);
  const m = meanTStat(r.spread);
  close(r.t, m.t);
});
