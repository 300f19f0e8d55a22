/**
 * Tables for notebooks: rows of records, columns of arrays, or a nodejs-polars DataFrame,
 * shown as an HTML table in Jupyter and as aligned text in a terminal, numbers to fixed digits.
 */
import { describe, require, requireNumber } from "../errors.ts";
import { escapeHtml, JUPYTER_DISPLAY } from "../report.ts";

/** Options of `htmlTable`. */
export interface HtmlTableOptions {
  /** Caption above the table. */
  caption?: string;
  /** Decimals of non-integer numbers (default 4). */
  digits?: number;
  /** Rows shown before "... N more rows" (default 50). */
  maxRows?: number;
}

/** What `htmlTable` accepts: records, columns (`{name: values}`), or a polars DataFrame. */
export type TableInput =
  | readonly Record<string, unknown>[]
  | Record<string, ArrayLike<unknown>>
  | { columns: string[]; height: number; head(n: number): { toRecords(): unknown[] } };

interface FrameLike {
  columns: string[];
  height: number;
  head(n: number): { toRecords(): Record<string, unknown>[] };
}

function isFrame(v: unknown): v is FrameLike {
  const f = v as FrameLike;
  return v !== null && typeof v === "object" && Array.isArray(f.columns) &&
    typeof f.height === "number" && typeof f.head === "function";
}

/** Format one cell: integers as is, other numbers with `digits` decimals, dates as ISO. */
export function formatTableCell(v: unknown, digits: number, integerColumn = false): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    if (integerColumn && Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    if (a >= 1e9 || (a > 0 && a < 0.5 * 10 ** -digits)) {
      return v.toExponential(Math.max(1, digits - 1));
    }
    return v.toFixed(digits);
  }
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
  }
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** A displayable table (HTML in Jupyter, aligned text elsewhere). */
export class HtmlTable {
  constructor(
    readonly columns: readonly string[],
    /** Formatted cells, row by row. */
    readonly cells: readonly (readonly string[])[],
    /** Whether each column is numeric (right-aligned). */
    readonly numeric: readonly boolean[],
    readonly totalRows: number,
    readonly caption?: string,
  ) {}

  /** Aligned plain text (numbers right-aligned), caption first, then a row count if cut. */
  toString(): string {
    const clip = (s: string) => (s.length > 40 ? s.slice(0, 39) + "…" : s);
    const cells = this.cells.map((r) => r.map(clip));
    const widths = this.columns.map((c, j) =>
      Math.max(clip(c).length, ...cells.map((r) => r[j].length))
    );
    const line = (r: readonly string[]) =>
      r.map((s, j) => (this.numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]))).join("  ")
        .trimEnd();
    const out = [line(this.columns.map(clip)), widths.map((w) => "-".repeat(w)).join("  ")];
    for (const r of cells) out.push(line(r));
    if (this.caption) out.unshift(this.caption);
    const more = this.totalRows - this.cells.length;
    if (more > 0) {
      out.push(`... ${more} more row${more === 1 ? "" : "s"} (${this.totalRows} in all)`);
    }
    return out.join("\n");
  }

  /** The HTML table (escaped cells, numbers right-aligned in tabular figures). */
  toHtml(): string {
    const align = (j: number) =>
      this.numeric[j] ? "text-align:right;font-variant-numeric:tabular-nums" : "text-align:left";
    const head = this.columns.map((c, j) => `<th style="${align(j)}">${escapeHtml(c)}</th>`)
      .join("");
    const body = this.cells.map((r) =>
      `<tr>${r.map((s, j) => `<td style="${align(j)}">${escapeHtml(s)}</td>`).join("")}</tr>`
    ).join("");
    const more = this.totalRows - this.cells.length;
    const foot = more > 0
      ? `<tfoot><tr><td colspan="${this.columns.length}" style="text-align:left">… ${more} ` +
        `more rows (${this.totalRows} in all)</td></tr></tfoot>`
      : "";
    const cap = this.caption
      ? `<caption style="caption-side:top;text-align:left;font-weight:bold">` +
        `${escapeHtml(this.caption)}</caption>`
      : "";
    return `<table class="course-table">${cap}<thead><tr>${head}</tr></thead>` +
      `<tbody>${body}</tbody>${foot}</table>`;
  }

  /** Jupyter mime bundle: HTML table and aligned text. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    return { "text/html": this.toHtml(), "text/plain": this.toString() };
  }
}

/** A table of records, of named columns, or of a polars DataFrame, with numbers to `digits`. */
export function htmlTable(data: TableInput, opts: HtmlTableOptions = {}): HtmlTable {
  const fn = "htmlTable";
  const digits = requireNumber(fn, "digits", opts.digits ?? 4, {
    integer: true,
    nonNegative: true,
    max: 15,
  });
  const maxRows = requireNumber(fn, "maxRows", opts.maxRows ?? 50, {
    integer: true,
    positive: true,
  });
  let records: Record<string, unknown>[];
  let columns: string[];
  let total: number;
  if (isFrame(data)) {
    columns = [...data.columns];
    total = data.height;
    records = data.head(maxRows).toRecords();
  } else if (Array.isArray(data)) {
    data.forEach((r, i) =>
      require(r !== null && typeof r === "object", fn, `data[${i}]`, "a record object", describe(r))
    );
    columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
    total = data.length;
    records = data.slice(0, maxRows);
  } else {
    require(
      data !== null && typeof data === "object",
      fn,
      "data",
      "records or columns",
      describe(data),
    );
    const cols = data as Record<string, ArrayLike<unknown>>;
    columns = Object.keys(cols);
    const lens = columns.map((c) => cols[c]?.length);
    require(
      lens.every((n) => typeof n === "number" && n === lens[0]),
      fn,
      "data",
      "columns (arrays) of equal length",
      `lengths ${columns.map((c, j) => `${c}=${lens[j]}`).join(", ")}`,
    );
    total = lens[0] ?? 0;
    records = Array.from(
      { length: Math.min(total, maxRows) },
      (_, i) => Object.fromEntries(columns.map((c) => [c, cols[c][i]])),
    );
  }
  require(columns.length > 0, fn, "data", "at least one column", "no columns");
  const values = (c: string) =>
    records.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
  const numeric = columns.map((c) =>
    values(c).every((v) => typeof v === "number" || typeof v === "bigint")
  );
  const integer = columns.map((c, j) =>
    numeric[j] && values(c).every((v) => typeof v === "bigint" || Number.isInteger(v))
  );
  const cells = records.map((r) =>
    columns.map((c, j) => formatTableCell(r[c], digits, integer[j]))
  );
  return new HtmlTable(columns, cells, numeric, total, opts.caption);
}
