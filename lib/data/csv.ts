/**
 * The generic CSV loader: reads every column as text, then converts and checks it against a
 * declared schema (lib/data/schema.ts), so a bad file fails with a message naming the file,
 * the column and the first bad row instead of a crash or silent NaN.
 */
import { Buffer } from "node:buffer";
import pl from "nodejs-polars";
import { courseRoot } from "../config.ts";
import { require } from "../errors.ts";
import { DataNotFoundError, DataSchemaError } from "./data_errors.ts";
import { applySchema, type Repairs, type TableSchema } from "./schema.ts";

/** Options of `loadCsv`: the schema's repairs plus the field separator. */
export interface LoadCsvOptions extends Repairs {
  /** Field separator (default ","; "\t" for TSV). */
  separator?: string;
  /** Text shown under "file not found" (e.g. where the dataset comes from). */
  hint?: string;
}

/** Absolute path of a file under the course's data/ folder: `dataPath("prices", "x.csv")`. */
export function dataPath(...parts: string[]): string {
  require(parts.length > 0, "dataPath", "parts", "at least one path segment", "none");
  return [courseRoot(), "data", ...parts].join("/");
}

/** Resolve a path: absolute paths stay, relative ones are taken from the course root. */
export function resolveCoursePath(path: string): string {
  return path.startsWith("/") ? path : `${courseRoot()}/${path}`;
}

/** Path relative to the course root when it lies inside it (for short, portable messages). */
export function displayPath(path: string): string {
  const root = courseRoot() + "/";
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** Drop a UTF-8 byte-order mark and turn CRLF (or CR CR LF) line ends into LF. */
export function normaliseCsvText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.replace(/\r+\n/g, "\n").replace(/\r+$/, "");
}

/**
 * The first record whose field count differs from the header's (quotes respected; blank lines
 * skipped), as [1-based data row, fields, header fields], or null when every record fits.
 */
export function raggedRecord(text: string, sep = ","): [number, number, number] | null {
  let expected = -1, fields = 1, row = 0, inQuotes = false, blank = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text[i] : "\n";
    if (inQuotes) {
      if (c === '"') inQuotes = false;
      continue;
    }
    if (c === '"') inQuotes = true;
    if (c === sep) fields++;
    if (c !== "\n") {
      blank = false;
      continue;
    }
    if (!blank) {
      if (expected < 0) expected = fields;
      else if (fields !== expected) return [row, fields, expected];
      row++;
    }
    fields = 1;
    blank = true;
  }
  return null;
}

/**
 * Load a CSV into a polars DataFrame with the columns, dtypes and checks of `schema`
 * (relative paths are resolved from the course root); throws DataNotFoundError or
 * DataSchemaError with the file, column and first bad row.
 */
export function loadCsv(
  path: string,
  schema: TableSchema,
  options: LoadCsvOptions = {},
): pl.DataFrame {
  require(typeof path === "string" && path.length > 0, "loadCsv", "path", "a file path", path);
  require(
    schema !== null && typeof schema === "object" && Object.keys(schema.columns ?? {}).length > 0,
    "loadCsv",
    "schema",
    "a TableSchema with at least one column",
    schema,
  );
  const full = resolveCoursePath(path);
  try {
    if (!Deno.statSync(full).isFile) throw new DataNotFoundError(displayPath(full), options.hint);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new DataNotFoundError(displayPath(full), options.hint);
    }
    throw e;
  }
  const file = displayPath(full);
  const text = normaliseCsvText(Deno.readTextFileSync(full));
  if (text.trim() === "") {
    throw new DataSchemaError(file, null, null, "the file is empty (expected a header line)");
  }
  const ragged = raggedRecord(text, options.separator ?? ",");
  if (ragged) {
    const [row, got, want] = ragged;
    throw new DataSchemaError(
      file,
      null,
      row,
      `${got} fields where the header has ${want} (a ${got < want ? "truncated" : "damaged"} ` +
        "line? restore the file)",
    );
  }
  let raw: pl.DataFrame;
  try {
    raw = pl.readCSV(Buffer.from(text), { inferSchemaLength: 0, sep: options.separator ?? "," });
  } catch (e) {
    throw new DataSchemaError(file, null, null, `could not parse as CSV: ${e}`);
  }
  if (raw.height === 0) {
    throw new DataSchemaError(file, null, null, "the file has a header but no data rows");
  }
  return applySchema(raw, schema, file, options);
}
