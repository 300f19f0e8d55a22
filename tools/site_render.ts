/**
 * Rendering an executed notebook (nbformat 4 JSON) into the HTML of one page of the course's
 * static book (`deno task site`): markdown through `marked`, code escaped, outputs in Jupyter's
 * order of preference (HTML, images, markdown, plotly JSON drawn by the page's plotly.js, text).
 */
import { marked } from "marked";
import { escapeHtml } from "../lib/report.ts";
import { PLOTLY_MIME } from "../lib/plot/figure.ts";

/** One cell of an executed notebook, as nbformat writes it. */
export interface NbCell {
  cell_type: string;
  source: string | string[];
  outputs?: NbOutput[];
  execution_count?: number | null;
}

/** One output of a code cell. */
export interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** What one page holds: its HTML body and the number of charts in it. */
export interface RenderedNotebook {
  title: string;
  body: string;
  charts: number;
}

// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function text(v: unknown): string {
  if (Array.isArray(v)) return v.join("");
  return typeof v === "string" ? v : "";
}

let plotlyOnly = 0;

/** A plotly figure that came only as JSON (no HTML): drawn by the page's plotly.js. */
function plotlyJson(spec: unknown): string {
  const id = `site-fig-${++plotlyOnly}`;
  const json = JSON.stringify(spec).replace(/</g, "\\u003c");
  return `<div id="${id}" class="course-plotly" style="width:100%;height:450px"></div>\n` +
    `<script>(function () { var s = ${json}; var el = document.getElementById("${id}");\n` +
    `if (window.Plotly) window.Plotly.newPlot(el, s.data, s.layout, {displaylogo: false});\n` +
    `else { el.className += " course-plotly-error"; el.textContent = "plotly.js missing"; } })();` +
    `</script>`;
}

/** HTML of one output and whether it is a chart. */
export function renderOutput(o: NbOutput): { html: string; chart: boolean } {
  if (o.output_type === "stream") {
    const cls = o.name === "stderr" ? "stream stderr" : "stream";
    return {
      html: `<pre class="${cls}">${escapeHtml(text(o.text).replace(ANSI, ""))}</pre>`,
      chart: false,
    };
  }
  if (o.output_type === "error") {
    const tb = (o.traceback ?? []).join("\n").replace(ANSI, "");
    const head = `${o.ename ?? "Error"}: ${o.evalue ?? ""}`;
    return { html: `<pre class="error">${escapeHtml(tb || head)}</pre>`, chart: false };
  }
  const d = o.data ?? {};
  if ("text/html" in d) {
    const html = text(d["text/html"]);
    return {
      html: `<div class="html">${html}</div>`,
      chart: html.includes('class="course-plotly"'),
    };
  }
  if ("image/png" in d) {
    return {
      html: `<img alt="figure" src="data:image/png;base64,${text(d["image/png"]).trim()}">`,
      chart: false,
    };
  }
  if ("image/svg+xml" in d) return { html: text(d["image/svg+xml"]), chart: false };
  if ("text/markdown" in d) {
    return { html: `<div class="md">${markdown(text(d["text/markdown"]))}</div>`, chart: false };
  }
  if (PLOTLY_MIME in d) return { html: plotlyJson(d[PLOTLY_MIME]), chart: true };
  if ("text/plain" in d) {
    return {
      html: `<pre>${escapeHtml(text(d["text/plain"]).replace(ANSI, ""))}</pre>`,
      chart: false,
    };
  }
  return { html: "", chart: false };
}

/** Markdown to HTML (GitHub-flavoured: tables, fenced code). */
export function markdown(src: string): string {
  return marked.parse(src, { async: false, gfm: true }) as string;
}

/** The first `# ` heading of a notebook's markdown, else `fallback`. */
export function notebookTitle(cells: NbCell[], fallback: string): string {
  for (const c of cells) {
    if (c.cell_type !== "markdown") continue;
    const m = text(c.source).match(/^#\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return fallback;
}

/** Render an executed notebook's cells into a page body; counts the charts it holds. */
export function renderNotebook(nb: { cells: NbCell[] }, name: string): RenderedNotebook {
  let charts = 0;
  const parts: string[] = [];
  for (const c of nb.cells) {
    const src = text(c.source);
    if (c.cell_type === "markdown") {
      parts.push(`<section class="md">${markdown(src)}</section>`);
      continue;
    }
    if (c.cell_type !== "code") continue;
    const n = c.execution_count ?? " ";
    const outs = (c.outputs ?? []).map(renderOutput);
    charts += outs.filter((o) => o.chart).length;
    parts.push(
      `<section class="cell"><div class="prompt">[${n}]</div>` +
        `<pre class="code"><code>${escapeHtml(src)}</code></pre>` +
        (outs.length ? `<div class="outputs">${outs.map((o) => o.html).join("\n")}</div>` : "") +
        `</section>`,
    );
  }
  return { title: notebookTitle(nb.cells, name), body: parts.join("\n"), charts };
}

/** Charts in a page's DOM after it ran: how many, how many plotly drew, how many show an error. */
export function chartCounts(dom: string): { total: number; drawn: number; errors: number } {
  const classes = [...dom.matchAll(/class="(course-plotly\b[^"]*)"/g)].map((m) => m[1]);
  return {
    total: classes.length,
    drawn: classes.filter((c) => /\bjs-plotly-plot\b/.test(c)).length,
    errors: classes.filter((c) => /\bcourse-plotly-error\b/.test(c)).length,
  };
}
