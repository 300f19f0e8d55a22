import assert from "node:assert/strict";
import pl from "nodejs-polars";
import {
  addCrossSectionalQuantiles,
  applyQuantileBins,
  fitQuantileBins,
} from "../../../lib/data/labels.ts";

Deno.test("cross-sectional quintiles: each date's 5 stocks get buckets 0..4 by value", () => {
  const df = pl.DataFrame({
    date: ["d1", "d1", "d1", "d1", "d1", "d2", "d2", "d2", "d2", "d2"],
    ret: [0.3, -0.1, 0.0, 0.5, 0.2, -5, -4, -3, -2, null],
  });
  const out = addCrossSectionalQuantiles(df, { col: "ret", q: 5 });
  // d1 ranks: 0.3 -> 4th, -0.1 -> 1st, 0.0 -> 2nd, 0.5 -> 5th, 0.2 -> 3rd.
  // d2 has 4 values: floor((rank-1) * 5 / 4) -> 0, 1, 2, 3; the null stays null.
  assert.deepEqual(out.getColumn("ret_q5").toArray(), [3, 0, 1, 4, 2, 0, 1, 2, 3, null]);
});

Deno.test("quantile bins over time are fitted on train and applied unchanged later", () => {
  const train = Array.from({ length: 101 }, (_, i) => i);
  const edges = fitQuantileBins(train, 4);
  assert.deepEqual(edges, [25, 50, 75]);
  assert.deepEqual([...applyQuantileBins([-1, 25, 25.1, 60, 1000], edges)], [0, 0, 1, 2, 3]);
  assert.throws(() => fitQuantileBins([1, NaN], 4), /finite numbers/);
});
