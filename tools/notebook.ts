/**
 * Notebooks are authored as percent-format TypeScript (`NN_topic.nb.ts`) and built into the
 * `.ipynb` students open. `// %% [markdown]` starts a markdown cell (lines are `// ` comments),
 * `// %%` starts a code cell.
 *
 *   deno run -A tools/notebook.ts build [FILE.nb.ts ...]   build the given (or all) notebooks
 *   deno run -A tools/notebook.ts check                     fail if any .ipynb's cells differ
 *
 * The `.nb.ts` files are the course's sources. A notebook a student ran and saved (outputs,
 * execution counts, kernel metadata, Jupyter's autosave) still agrees with its source: only the
 * cells' kinds and texts are compared. Outputs are kept out of git by the course's tests, which
 * read the copy in git's index, not the student's working copy.
 */
import { courseRoot } from "../lib/config.ts";

/** One notebook cell. */
export interface Cell {
  kind: "markdown" | "code";
  source: string;
}

/** Parse percent-format TypeScript into cells. */
export function parsePercent(text: string): Cell[] {
  const cells: Cell[] = [];
  let cur: { kind: Cell["kind"]; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === "") cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === "") cur.lines.shift();
    if (cur.lines.length) cells.push({ kind: cur.kind, source: cur.lines.join("\n") });
  };
  for (const line of text.split("\n")) {
    const m = line.match(/^\/\/ %%(.*)$/);
    if (m) {
      flush();
      cur = { kind: m[1].includes("[markdown]") ? "markdown" : "code", lines: [] };
      continue;
    }
    if (!cur) {
      if (line.trim() === "") continue;
      cur = { kind: "code", lines: [] };
    }
    if (cur.kind === "markdown") {
      if (line.trim() !== "" && !line.startsWith("//")) {
        throw new Error(`markdown cell line is not a // comment: ${JSON.stringify(line)}`);
      }
      cur.lines.push(line.replace(/^\/\/ ?/, ""));
    } else {
      cur.lines.push(line);
    }
  }
  flush();
  return cells;
}

function splitLines(s: string): string[] {
  const parts = s.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? p + "\n" : p)).filter((p) => p !== "");
}

async function cellId(path: string, i: number): Promise<string> {
  const bytes = new TextEncoder().encode(`${path}#${i}`);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...hash.slice(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Build the nbformat-4 JSON text of a notebook from its cells (no outputs). */
export async function toIpynb(cells: Cell[], name: string): Promise<string> {
  const nb = {
    cells: await Promise.all(cells.map(async (c, i) =>
      c.kind === "markdown"
        ? {
          cell_type: "markdown",
          id: await cellId(name, i),
          metadata: {},
          source: splitLines(c.source),
        }
        : {
          cell_type: "code",
          execution_count: null,
          id: await cellId(name, i),
          metadata: {},
          outputs: [],
          source: splitLines(c.source),
        }
    )),
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: {
        codemirror_mode: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        name: "typescript",
        nbconvert_exporter: "script",
        pygments_lexer: "typescript",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Every percent-format notebook source in the course (notebooks/ and exercises/). */
export function allSources(root = courseRoot()): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    for (const e of entries) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory && depth > 0) walk(p, depth - 1);
      else if (e.isFile && e.name.endsWith(".nb.ts")) out.push(p);
    }
  };
  walk(`${root}/notebooks`, 0);
  walk(`${root}/exercises`, 1);
  walk(`${root}/tests/fixtures/notebooks`, 0);
  return out.sort();
}

/** The .ipynb path a source builds into. */
export function ipynbPath(src: string): string {
  return src.replace(/\.nb\.ts$/, ".ipynb");
}

/** Build one source; returns the expected ipynb text. */
export async function buildText(src: string): Promise<string> {
  const name = src.split("/").pop()!.replace(/\.nb\.ts$/, "");
  return await toIpynb(parsePercent(await Deno.readTextFile(src)), name);
}

/** The cells of an .ipynb (kind and text only: outputs, counts, ids and metadata are ignored). */
export function ipynbCells(ipynbText: string): Cell[] {
  const nb = JSON.parse(ipynbText) as {
    cells?: { cell_type?: string; source?: string | string[] }[];
  };
  if (!Array.isArray(nb.cells)) throw new Error("ipynbCells: not a notebook (no cells array)");
  return nb.cells.filter((c) => c.cell_type === "code" || c.cell_type === "markdown").map((c) => ({
    kind: c.cell_type as Cell["kind"],
    source: Array.isArray(c.source) ? c.source.join("") : c.source ?? "",
  }));
}

/**
 * Where an .ipynb's cells differ from its source's (null when they agree): a new, missing or
 * edited cell is named; outputs, execution counts and metadata never count.
 */
export async function cellMismatch(src: string, ipynbText: string): Promise<string | null> {
  const want = ipynbCells(await buildText(src));
  let have: Cell[];
  try {
    have = ipynbCells(ipynbText);
  } catch (e) {
    return `not a notebook: ${e instanceof Error ? e.message : e}`;
  }
  const n = Math.max(want.length, have.length);
  for (let i = 0; i < n; i++) {
    const w = want[i], h = have[i];
    if (!w) return `cell ${i + 1} is not in ${src}`;
    if (!h) return `cell ${i + 1} of ${src} is missing`;
    if (w.kind !== h.kind) return `cell ${i + 1} is ${h.kind}, ${src} has ${w.kind}`;
    if (w.source.trimEnd() !== h.source.trimEnd()) {
      const wl = w.source.split("\n"), hl = h.source.split("\n");
      const j = wl.findIndex((line, k) => line !== hl[k]);
      const line = j < 0 ? hl.length : j;
      return `cell ${i + 1} (${w.kind}) differs from ${src} at its line ${line + 1}: ` +
        `${JSON.stringify(hl[line] ?? "(no line)")} vs ${JSON.stringify(wl[line] ?? "(no line)")}`;
    }
  }
  return null;
}

/** Code cells of an .ipynb joined into one TypeScript module (for type-checking). */
export function extractCode(ipynbText: string): string {
  const nb = JSON.parse(ipynbText) as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c, i) => {
    const src = Array.isArray(c.source) ? c.source.join("") : c.source;
    return `// ---- cell ${i + 1}\n${src}\n`;
  });
  return code.join("\n") + "\nexport {};\n";
}

if (import.meta.main) {
  const [cmd, ...files] = Deno.args;
  const sources = files.length ? files : allSources();
  if (cmd === "build") {
    for (const src of sources) {
      await Deno.writeTextFile(ipynbPath(src), await buildText(src));
      console.log(`built ${ipynbPath(src)}`);
    }
  } else if (cmd === "check") {
    let stale = 0;
    for (const src of sources) {
      let why: string | null;
      try {
        why = await cellMismatch(src, await Deno.readTextFile(ipynbPath(src)));
      } catch {
        why = "missing";
      }
      if (why) {
        console.error(
          `stale: ${ipynbPath(src)}: ${why} (run: deno run -A tools/notebook.ts build ${src})`,
        );
        stale++;
      }
    }
    if (stale) Deno.exit(1);
    console.log(`${sources.length} notebooks up to date`);
  } else {
    console.error("usage: deno run -A tools/notebook.ts build [FILE.nb.ts ...] | check");
    Deno.exit(2);
  }
}
