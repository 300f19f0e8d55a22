/**
 * Errors of the data layer: a missing dataset file (saying where it should be and how to get
 * it) and a CSV that breaks its schema (naming the file, the column and the first bad row).
 */

/** A bundled dataset file is missing: the message says where it should be. */
export class DataNotFoundError extends Error {
  constructor(readonly path: string, readonly hint: string = "") {
    super(
      `data file not found: ${path}\n` +
        `  It should be in the course's data/ folder (see data/README.md for its origin).` +
        (hint ? `\n  ${hint}` : "") +
        `\n  Nothing is downloaded at run time: restore it with \`git checkout -- data/\`.`,
    );
    this.name = "DataNotFoundError";
  }
}

/** A CSV breaks its declared schema; `row` is the 1-based data row (the header is row 0). */
export class DataSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly column: string | null,
    readonly row: number | null,
    readonly problem: string,
  ) {
    const where = [
      column !== null ? `column '${column}'` : "",
      row !== null ? `row ${row} (line ${row + 1})` : "",
    ].filter(Boolean).join(", ");
    super(`${file}: ${where ? where + ": " : ""}${problem}`);
    this.name = "DataSchemaError";
  }
}
