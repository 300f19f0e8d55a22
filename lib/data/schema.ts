/**
 * Declared schemas for tabular data and the checks behind every loader: column set, dtypes,
 * nulls, NaN/Inf, duplicate keys and per-group time order. Each failure is a DataSchemaError
 * naming the file, the column and the first bad row; standard repairs are explicit options.
 */
import pl from "nodejs-polars";
import { DataSchemaError } from "./data_errors.ts";

/** Column types a schema can declare (dates are parsed to polars Date / Datetime(ms)). */
export type ColumnType = "f64" | "f32" | "i64" | "i32" | "str" | "date" | "datetime";

/** What a table must look like. */
export interface TableSchema {
  /** Every column, in any order, with its type. */
  columns: Readonly<Record<string, ColumnType>>;
  /** Columns allowed to hold nulls (empty fields); all others must be complete. */
  nullable?: readonly string[];
  /** Columns allowed to hold NaN or ±Inf (float columns only). */
  nonFinite?: readonly string[];
  /** Columns whose combination must be unique (e.g. ["ticker", "date"]). */
  key?: readonly string[];
  /** The time column: strictly increasing within each group (or over the whole table). */
  time?: string;
  /** The group column for `time` (e.g. "ticker"). */
  group?: string;
  /** strptime format of "date" columns (default %Y-%m-%d). */
  dateFormat?: string;
  /** strptime format of "datetime" columns (default %Y-%m-%dT%H:%M:%SZ). */
  datetimeFormat?: string;
  /** Drop columns the schema does not name instead of rejecting the file. */
  allowExtra?: boolean;
}

/** Explicit repairs, applied before the checks they would otherwise fail. */
export interface Repairs {
  /**
   * Drop rows in which every one of these columns is null (e.g. StockNet's all-empty price
   * rows); a row with only some of them empty is still an error, never a silent drop.
   */
  dropNullRows?: readonly string[];
  /** Most rows `dropNullRows` may drop (default: no limit); more is an error naming them. */
  maxDropped?: number;
  /** Called with the 1-based row numbers `dropNullRows` dropped (to report them). */
  onDropped?: (rows: number[]) => void;
  /** Forward-fill nulls in these columns (within `group` when the schema has one). */
  forwardFill?: readonly string[];
  /** Sort by (group, time) before checking the order instead of rejecting unsorted input. */
  sort?: boolean;
  /** Documented corrections of single cells (row is 1-based; `from` must match the file). */
  fixCells?: readonly CellFix[];
}

/** One documented correction of a source typo, checked against the file before it applies. */
export interface CellFix {
  row: number;
  column: string;
  from: string;
  to: string;
  why: string;
}

const ROW = "__row";

function polarsType(t: ColumnType): pl.DataType {
  switch (t) {
    case "f64":
      return pl.Float64;
    case "f32":
      return pl.Float32;
    case "i64":
      return pl.Int64;
    case "i32":
      return pl.Int32;
    default:
      return pl.String;
  }
}

function firstTrue(df: pl.DataFrame, mask: pl.Expr): number | null {
  const hit = df.select(pl.col(ROW), mask.alias("__m")).filter(pl.col("__m")).head(1);
  return hit.height === 0 ? null : Number(hit.getColumn(ROW).get(0));
}

/** ", the line has only k of n fields (truncated?)" when a row's last fields are all null. */
function shortLine(df: pl.DataFrame, row: number, order: readonly string[]): string {
  const cols = order.filter((c) => df.columns.includes(c));
  const vals = df.filter(pl.col(ROW).eq(pl.lit(row))).select(...cols).row(0);
  let k = vals.length;
  while (k > 0 && (vals[k - 1] === null || vals[k - 1] === undefined)) k--;
  return k > 0 && k < vals.length
    ? `: the line has only ${k} of ${vals.length} fields, a truncated or short line?`
    : "";
}

function cell(df: pl.DataFrame, row: number, col: string): string {
  const v =
    df.filter(pl.col(ROW).eq(pl.lit(row))).select(pl.col(col).cast(pl.String)).getColumn(col)
      .toArray()[0];
  return String(v);
}

/**
 * Check and convert a table read as strings (or already typed) against a schema; `file`
 * names it in errors. Rows are numbered from 1 in file order (a `__row` column is used).
 */
export function applySchema(
  raw: pl.DataFrame,
  schema: TableSchema,
  file: string,
  repairs: Repairs = {},
): pl.DataFrame {
  const names = Object.keys(schema.columns);
  const present = new Set(raw.columns);
  const missing = names.filter((c) => !present.has(c));
  if (missing.length > 0) {
    throw new DataSchemaError(
      file,
      missing[0],
      null,
      `missing column(s) ${missing.map((c) => `'${c}'`).join(", ")}; the file has ` +
        `${raw.columns.map((c) => `'${c}'`).join(", ")}`,
    );
  }
  const extra = raw.columns.filter((c) => !(c in schema.columns));
  if (extra.length > 0 && !schema.allowExtra) {
    throw new DataSchemaError(
      file,
      extra[0],
      null,
      `unexpected column(s) ${extra.map((c) => `'${c}'`).join(", ")} (not in the schema)`,
    );
  }
  let df = raw.select(...names).withRowIndex(ROW, 1);
  for (const fix of repairs.fixCells ?? []) df = fixCell(df, fix, file);
  if (repairs.dropNullRows?.length) df = dropEmptyRows(df, repairs, file);
  // Parse: a value present before the cast and null after it did not parse.
  const casts = names.map((c) => {
    const t = schema.columns[c];
    const src = raw.getColumn(c).dtype.equals(pl.String) ? pl.col(c) : null;
    if (src === null) return pl.col(c).cast(polarsType(t)).alias(c);
    if (t === "date") return src.str.strptime(pl.Date, schema.dateFormat ?? "%Y-%m-%d").alias(c);
    if (t === "datetime") {
      return src.str.strptime(pl.Datetime("ms"), schema.datetimeFormat ?? "%Y-%m-%dT%H:%M:%SZ")
        .alias(c);
    }
    return src.str.strip().cast(polarsType(t), false).alias(c);
  });
  const parsed = df.select(pl.col(ROW), ...casts);
  for (const c of names) {
    const t = schema.columns[c];
    const joined = df.select(pl.col(ROW), pl.col(c).alias("__raw")).withColumns(
      parsed.getColumn(c),
    );
    const bad = firstTrue(joined, pl.col("__raw").isNotNull().and(pl.col(c).isNull()));
    if (bad !== null) {
      const what = t === "date" || t === "datetime" ? `a ${t}` : `a value of type ${t}`;
      throw new DataSchemaError(file, c, bad, `expected ${what}, received "${cell(df, bad, c)}"`);
    }
  }
  df = parsed;
  const groupBy = schema.group;
  for (const c of repairs.forwardFill ?? []) {
    const e = pl.col(c).forwardFill();
    df = df.withColumns((groupBy ? e.over(groupBy) : e).alias(c));
  }
  const nullable = new Set(schema.nullable ?? []);
  for (const c of names) {
    if (nullable.has(c)) continue;
    const bad = firstTrue(df, pl.col(c).isNull());
    if (bad !== null) {
      throw new DataSchemaError(
        file,
        c,
        bad,
        "missing value (empty field" + shortLine(df, bad, raw.columns) + "); declare the " +
          "column nullable or use a repair (dropNullRows / forwardFill)",
      );
    }
  }
  const nonFinite = new Set(schema.nonFinite ?? []);
  for (const c of names) {
    const t = schema.columns[c];
    if ((t !== "f64" && t !== "f32") || nonFinite.has(c)) continue;
    const bad = firstTrue(df, pl.col(c).isNan().or(pl.col(c).isInfinite()));
    if (bad !== null) {
      throw new DataSchemaError(
        file,
        c,
        bad,
        `expected a finite number, received ${cell(df, bad, c)}`,
      );
    }
  }
  if (schema.time) df = checkTimeOrder(df, schema, file, repairs.sort === true);
  if (schema.key?.length) {
    const [k0, ...rest] = schema.key;
    const repeat = pl.col(ROW).rank("ordinal").over(k0, ...rest).gt(pl.lit(1));
    const row = firstTrue(df, repeat);
    if (row !== null) {
      const vals = schema.key.map((k) => `${k}=${cell(df, row, k)}`).join(", ");
      throw new DataSchemaError(file, schema.key.join("+"), row, `duplicate key (${vals})`);
    }
  }
  return df.drop(ROW);
}

function dropEmptyRows(df: pl.DataFrame, repairs: Repairs, file: string): pl.DataFrame {
  const cols = repairs.dropNullRows!;
  const all = cols.map((c) => pl.col(c).isNull()).reduce((a, b) => a.and(b));
  const rows = (df.filter(all).getColumn(ROW).toArray() as number[]).map(Number);
  const max = repairs.maxDropped ?? Infinity;
  if (rows.length > max) {
    const first = rows.slice(0, 5).join(", ") + (rows.length > 5 ? ", ..." : "");
    throw new DataSchemaError(
      file,
      cols.join("+"),
      rows[0],
      `${rows.length} rows have every one of ${cols.join(", ")} empty (rows ${first}); ` +
        `at most ${max} may be dropped (has the file been damaged?)`,
    );
  }
  if (rows.length > 0) repairs.onDropped?.(rows);
  return df.filter(all.not());
}

function fixCell(df: pl.DataFrame, fix: CellFix, file: string): pl.DataFrame {
  if (!df.columns.includes(fix.column) || fix.row < 1 || fix.row > df.height) {
    throw new DataSchemaError(file, fix.column, fix.row, "a cell fix names no cell of the file");
  }
  const found = cell(df, fix.row, fix.column);
  if (found !== fix.from) {
    throw new DataSchemaError(
      file,
      fix.column,
      fix.row,
      `a cell fix expected "${fix.from}", found "${found}" (has the file changed?)`,
    );
  }
  const at = pl.col(ROW).eq(pl.lit(fix.row));
  return df.withColumns(
    pl.when(at).then(pl.lit(fix.to)).otherwise(pl.col(fix.column)).alias(fix.column),
  );
}

function checkTimeOrder(
  df: pl.DataFrame,
  schema: TableSchema,
  file: string,
  sort: boolean,
): pl.DataFrame {
  const time = schema.time!;
  const group = schema.group;
  if (sort) df = df.sort(group ? [group, time] : [time]);
  const asInt = pl.col(time).cast(pl.Int64);
  const step = group ? asInt.diff(1, "ignore").over(group) : asInt.diff(1, "ignore");
  const withStep = df.withColumns(step.alias("__step"));
  const bad = firstTrue(withStep, pl.col("__step").lt(pl.lit(1)));
  if (bad !== null) {
    const s = Number(withStep.filter(pl.col(ROW).eq(pl.lit(bad))).getColumn("__step").get(0));
    const g = group ? ` within ${group} ${cell(df, bad, group)}` : "";
    throw new DataSchemaError(
      file,
      time,
      bad,
      `${s === 0 ? "duplicate" : "unsorted"} timestamp ${cell(df, bad, time)}${g}: timestamps ` +
        "must be strictly increasing (use the repair `sort: true` to sort the input)",
    );
  }
  return df;
}
