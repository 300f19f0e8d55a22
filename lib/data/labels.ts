/**
 * Quantile labels for rank targets: cross-sectional quintiles per date (each date's stocks
 * split into q equal groups by their value) and over time (bins whose edges are fitted on
 * the training period only, then applied to later periods).
 */
import pl from "nodejs-polars";
import { require, requireFinite, requireNumber } from "../errors.ts";
import { quantileSorted } from "./scalers.ts";

/**
 * Add `name` = the bucket 0..q-1 of `col` within each date (0 lowest; ordinal ranks, so ties
 * are broken by row order): bucket = floor((rank - 1) * q / count). Null values get null.
 */
export function addCrossSectionalQuantiles(
  df: pl.DataFrame,
  options: { col: string; date?: string; q?: number; name?: string },
): pl.DataFrame {
  const fn = "addCrossSectionalQuantiles";
  const q = requireNumber(fn, "options.q", options.q ?? 5, { integer: true, min: 2 });
  const date = options.date ?? "date";
  for (const c of [options.col, date]) {
    require(df.columns.includes(c), fn, "df", `a column '${c}'`, df.columns.join(", "));
  }
  const x = pl.col(options.col);
  const rank = x.rank("ordinal").over(date).cast(pl.Float64);
  const count = x.count().over(date).cast(pl.Float64);
  const bucket = rank.minus(1).mul(q).div(count).floor().cast(pl.Int32);
  return df.withColumns(
    pl.when(x.isNull()).then(pl.lit(null)).otherwise(bucket).alias(
      options.name ?? `${options.col}_q${q}`,
    ),
  );
}

/** Bin edges (q-1 inner quantiles) fitted on training values, for labels over time. */
export function fitQuantileBins(train: ArrayLike<number>, q = 5): number[] {
  requireFinite("fitQuantileBins", "train", train);
  requireNumber("fitQuantileBins", "q", q, { integer: true, min: 2 });
  const s = Array.from(train).sort((a, b) => a - b);
  return Array.from({ length: q - 1 }, (_, i) => quantileSorted(s, (i + 1) / q));
}

/** Label each value with its bin 0..edges.length (value <= edge k goes to bin k at most). */
export function applyQuantileBins(values: ArrayLike<number>, edges: readonly number[]): Int32Array {
  requireFinite("applyQuantileBins", "values", values, { nonEmpty: false });
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let b = 0;
    while (b < edges.length && values[i] > edges[b]) b++;
    out[i] = b;
  }
  return out;
}
