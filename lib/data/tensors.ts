/**
 * DataFrame ↔ tensor conversion with dtype checks: numeric columns only, no nulls, NaN or
 * Inf (the error names the column and the first bad row), float32 or int32 out.
 */
import * as tf from "@tensorflow/tfjs";
import pl from "nodejs-polars";
import { CourseInputError, require } from "../errors.ts";

/** Numeric columns of a frame as a [rows, columns] tensor (float32 by default). */
export function frameToTensor(
  df: pl.DataFrame,
  columns: readonly string[],
  dtype: "float32" | "int32" = "float32",
): tf.Tensor2D {
  const fn = "frameToTensor";
  require(columns.length > 0, fn, "columns", "at least one column name", "none");
  require(df.height > 0, fn, "df", "a non-empty frame", "0 rows");
  const n = df.height, d = columns.length;
  const out = dtype === "int32" ? new Int32Array(n * d) : new Float32Array(n * d);
  columns.forEach((c, j) => {
    require(df.columns.includes(c), fn, "columns", `columns of df (${df.columns.join(", ")})`, c);
    const dt = String(df.getColumn(c).dtype);
    const ok = /Float|Int|Bool/.test(dt);
    require(ok, fn, `column '${c}'`, "a numeric or boolean column", dt);
    const s = df.getColumn(c);
    const vals = s.toArray() as (number | boolean | bigint | null)[];
    for (let i = 0; i < n; i++) {
      const v = vals[i] === null ? NaN : Number(vals[i]);
      if (!Number.isFinite(v)) {
        throw new CourseInputError(fn, `column '${c}'`, "finite values", `${vals[i]} at row ${i}`);
      }
      if (dtype === "int32" && !Number.isInteger(v)) {
        throw new CourseInputError(fn, `column '${c}'`, "integers for int32", `${v} at row ${i}`);
      }
      out[i * d + j] = v;
    }
  });
  return tf.tensor2d(out, [n, d], dtype);
}

/**
 * A [rows, columns] (or [rows]) tensor as a DataFrame with the given column names (read with
 * `await data()`, so it works on every backend).
 */
export async function tensorToFrame(
  t: tf.Tensor,
  columns: readonly string[],
): Promise<pl.DataFrame> {
  const fn = "tensorToFrame";
  require(t.rank === 1 || t.rank === 2, fn, "t", "a tensor of rank 1 or 2", t);
  const d = t.rank === 1 ? 1 : t.shape[1]!;
  require(columns.length === d, fn, "columns", `${d} names`, `${columns.length} names`);
  const vals = await t.data();
  const n = t.shape[0];
  const cols: Record<string, number[]> = {};
  columns.forEach((c, j) => {
    cols[c] = Array.from({ length: n }, (_, i) => vals[i * d + j]);
  });
  return pl.DataFrame(cols);
}
