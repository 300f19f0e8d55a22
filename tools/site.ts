/**
 * `deno task site [--in out] [--site out/site] [--results docs/results.json]`: a static HTML
 * book of the executed course, built from `deno task course`'s output (out/notebooks/*.ipynb):
 * an index with the chapter list, the run's summary and the results table (when
 * docs/results.json exists), and one page per executed notebook with its charts. plotly.js is
 * copied once into the site (assets/); every page loads it from there, so the book opens
 * offline from disk (file://) or from any static web server.
 */
import { courseRoot } from "../lib/config.ts";
import { escapeHtml } from "../lib/report.ts";
import { PLOTLY_JS_VERSION, plotlyBundlePath } from "../lib/plot/plotly_bundle.ts";
import { type NbCell, renderNotebook } from "./site_render.ts";

/** Where the book comes from and goes. */
export interface SiteOptions {
  /** Folder with `notebooks/*.ipynb` and `summary.json` (`deno task course --out`). */
  input: string;
  /** Folder the site is written to (replaced). */
  site: string;
  /** A results table (JSON) to show on the index, if it exists. */
  results?: string;
}

/** One page of the book. */
export interface SitePage {
  file: string;
  title: string;
  charts: number;
}

/** The site's plotly.js, relative to a page. */
export const SITE_PLOTLY = `assets/plotly-${PLOTLY_JS_VERSION}.min.js`;

const STYLE = `body{font-family:system-ui,Arial,sans-serif;max-width:980px;margin:0 auto;
padding:0 16px 48px;color:#222;line-height:1.5}
nav{display:flex;justify-content:space-between;border-bottom:1px solid #ddd;padding:8px 0;
margin-bottom:16px}a{color:#1f5fa8}
.cell{margin:12px 0}.prompt{color:#888;font:12px monospace}
pre{background:#f6f8fa;padding:8px 10px;overflow-x:auto;font-size:13px;border-radius:4px}
pre.code{border-left:3px solid #1f77b4}pre.stream{background:#fff;border:1px solid #eee}
pre.stderr{background:#fff7e6}pre.error{background:#fdecea;color:#a00}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;
font-size:13px}th{background:#f3f3f3}.outputs{margin-left:8px}
.course-plotly-error{color:#a00;border:1px solid #a00;padding:8px}`;

function page(title: string, nav: string, body: string, plotly = true): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="assets/style.css">` +
    (plotly ? `<script src="${SITE_PLOTLY}"></script>` : "") +
    `</head>\n<body>\n${nav}\n${body}\n${nav}\n` +
    `</body></html>\n`;
}

function cellText(v: unknown): string {
  return typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v);
}

/** A JSON value as an HTML table: rows of objects, or an object of objects; else as JSON. */
export function resultsTable(value: unknown): string {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  let rows: [string | null, Record<string, unknown>][] | null = null;
  if (Array.isArray(value) && value.every(isObj)) rows = value.map((r) => [null, r]);
  else if (isObj(value)) {
    const inner = Object.values(value);
    if (inner.length === 1 && Array.isArray(inner[0])) return resultsTable(inner[0]);
    if (inner.every(isObj)) rows = Object.entries(value) as [string, Record<string, unknown>][];
  }
  if (!rows) return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
  const cols = [...new Set(rows.flatMap(([, r]) => Object.keys(r)))];
  const keyed = rows.some(([k]) => k !== null);
  const head = (keyed ? ["<th></th>"] : []).concat(cols.map((c) => `<th>${escapeHtml(c)}</th>`));
  const body = rows.map(([k, r]) =>
    `<tr>${keyed ? `<th>${escapeHtml(k ?? "")}</th>` : ""}${
      cols.map((c) => `<td>${escapeHtml(cellText(r[c]))}</td>`).join("")
    }</tr>`
  );
  return `<table><tr>${head.join("")}</tr>\n${body.join("\n")}</table>`;
}

/** Empty the site folder: absent, empty, or a book built before (never anything else). */
function replaceSiteDir(dir: string): void {
  let entries: string[];
  try {
    entries = [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch {
    return;
  }
  const ours = entries.includes("index.html") && entries.includes("assets");
  if (entries.length && !ours) {
    throw new Error(
      `site: ${dir} exists and is not a book built by deno task site; not replacing it`,
    );
  }
  Deno.removeSync(dir, { recursive: true });
}

function readJson(path: string): unknown | null {
  try {
    return JSON.parse(Deno.readTextFileSync(path));
  } catch {
    return null;
  }
}

/** Build the book; returns its pages (index first is not included). */
export function buildSite(opts: SiteOptions): SitePage[] {
  const nbDir = `${opts.input}/notebooks`;
  let files: string[];
  try {
    files = [...Deno.readDirSync(nbDir)].filter((e) => e.isFile && e.name.endsWith(".ipynb"))
      .map((e) => e.name).sort();
  } catch {
    files = [];
  }
  if (!files.length) {
    throw new Error(
      `site: no executed notebooks in ${nbDir}; run \`deno task course\` first ` +
        "(COURSE_QUICK=1 for the quick mode)",
    );
  }
  replaceSiteDir(opts.site);
  Deno.mkdirSync(`${opts.site}/assets`, { recursive: true });
  Deno.copyFileSync(plotlyBundlePath(), `${opts.site}/${SITE_PLOTLY}`);
  Deno.writeTextFileSync(`${opts.site}/assets/style.css`, STYLE);

  const rendered = files.map((f) => {
    const nb = JSON.parse(Deno.readTextFileSync(`${nbDir}/${f}`)) as { cells: NbCell[] };
    const name = f.replace(/\.ipynb$/, "");
    return { name, file: `${name}.html`, ...renderNotebook(nb, name) };
  });
  const pages: SitePage[] = [];
  rendered.forEach((r, i) => {
    const prev = i > 0
      ? `<a href="${rendered[i - 1].file}">← ${escapeHtml(rendered[i - 1].title)}</a>`
      : "<span></span>";
    const next = i < rendered.length - 1
      ? `<a href="${rendered[i + 1].file}">${escapeHtml(rendered[i + 1].title)} →</a>`
      : "<span></span>";
    const nav = `<nav>${prev}<a href="index.html">contents</a>${next}</nav>`;
    Deno.writeTextFileSync(`${opts.site}/${r.file}`, page(r.title, nav, r.body));
    pages.push({ file: r.file, title: r.title, charts: r.charts });
  });

  const summary = readJson(`${opts.input}/summary.json`) as
    | {
      backend?: string;
      device?: string;
      quick?: boolean;
      notebooks?: { name: string; status: string; seconds: number }[];
    }
    | null;
  const status = new Map((summary?.notebooks ?? []).map((n) => [n.name, n]));
  const list = rendered.map((r) => {
    const s = status.get(r.name);
    const note = s ? ` <small>(${escapeHtml(s.status)}, ${s.seconds} s)</small>` : "";
    return `<li><a href="${r.file}">${escapeHtml(r.title)}</a>${note}</li>`;
  }).join("\n");
  const run = summary
    ? `<p>Executed with backend <code>${escapeHtml(summary.backend ?? "?")}</code> on ` +
      `${escapeHtml(summary.device ?? "?")}${
        summary.quick ? ", <b>quick mode</b> (less data, fewer epochs)" : ", full mode"
      }.</p>`
    : "";
  const resultsValue = opts.results ? readJson(opts.results) : null;
  const results = resultsValue === null ? "" : `<h2>Results</h2>\n${resultsTable(resultsValue)}`;
  const body = `<h1>Deep learning for finance, in TypeScript on Deno</h1>\n${run}\n` +
    `<h2>Chapters</h2>\n<ol start="0">\n${list}\n</ol>\n${results}`;
  Deno.writeTextFileSync(`${opts.site}/index.html`, page("Course", "", body, false));
  return pages;
}

if (import.meta.main) {
  const args = [...Deno.args];
  const opt = (flag: string, dflt: string) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
  };
  const root = courseRoot();
  const abs = (p: string) => (p.startsWith("/") ? p : `${root}/${p}`);
  try {
    const site = abs(opt("--site", "out/site"));
    const pages = buildSite({
      input: abs(opt("--in", "out")),
      site,
      results: abs(opt("--results", "docs/results.json")),
    });
    for (const p of pages) {
      console.log(`${p.file.padEnd(36)} ${String(p.charts).padStart(3)} charts`);
    }
    console.log(`book written to ${site}/index.html (open it in a browser; works offline)`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(1);
  }
}
