/**
 * Headline metrics: notebooks call `report({...})`; the values are shown in the notebook and
 * merged into the JSON file named by COURSE_METRICS_FILE (set by `deno task course`), which
 * the runner collects into out/summary.json. Tests read that file, never captured output.
 */
import { require } from "./errors.ts";
export * from "./report/commentary.ts";

/** The symbol the Deno kernel looks up for rich display; typed so `obj[JUPYTER_DISPLAY]()` checks. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A reported metric: a number, a label, a flag, or null when it does not apply. */
export type MetricValue = number | string | boolean | null;

/** A set of named metrics with a rich Jupyter display (an HTML table) and a text form. */
export class MetricsTable {
  constructor(readonly metrics: Readonly<Record<string, MetricValue>>) {}

  /** Plain-text rendering, one `name  value` line per metric. */
  toString(): string {
    const w = Math.max(...Object.keys(this.metrics).map((k) => k.length), 4);
    return Object.entries(this.metrics).map(([k, v]) => `${k.padEnd(w)}  ${formatMetric(v)}`)
      .join("\n");
  }

  /** Jupyter mime bundle: an HTML table plus the text form. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const rows = Object.entries(this.metrics).map(([k, v]) =>
      `<tr><td style="text-align:left"><code>${escapeHtml(k)}</code></td>` +
      `<td style="text-align:right">${escapeHtml(formatMetric(v))}</td></tr>`
    ).join("");
    return {
      "text/html":
        `<table><thead><tr><th style="text-align:left">metric</th><th>value</th></tr></thead>` +
        `<tbody>${rows}</tbody></table>`,
      "text/plain": this.toString(),
    };
  }
}

/** Format a metric for display: numbers with 4 significant decimals, null as "n/a". */
export function formatMetric(v: MetricValue): string {
  if (v === null) return "n/a";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4);
  }
  return String(v);
}

/** HTML-escape a string. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * Report headline metrics: validates them, merges them into COURSE_METRICS_FILE when the
 * runner set it, and returns a table to display (make it a cell's last expression).
 */
export function report(metrics: Record<string, MetricValue>): MetricsTable {
  require(
    metrics !== null && typeof metrics === "object" && Object.keys(metrics).length > 0,
    "report",
    "metrics",
    "a non-empty object of name -> number | string | boolean | null",
    metrics,
  );
  for (const [k, v] of Object.entries(metrics)) {
    require(
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(k),
      "report",
      "metrics",
      "metric names made of letters, digits and _",
      `"${k}"`,
    );
    const ok = v === null || typeof v === "string" || typeof v === "boolean" ||
      (typeof v === "number" && Number.isFinite(v));
    require(ok, "report", `metrics.${k}`, "a finite number, string, boolean or null", v);
  }
  const file = Deno.env.get("COURSE_METRICS_FILE");
  if (file) {
    let previous: Record<string, MetricValue> = {};
    try {
      previous = JSON.parse(Deno.readTextFileSync(file));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    const dir = file.replace(/\/[^/]*$/, "");
    if (dir && dir !== file) Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(file, JSON.stringify({ ...previous, ...metrics }, null, 2) + "\n");
  }
  return new MetricsTable({ ...metrics });
}

/** Read the metrics a notebook run reported (used by the runner and the tests). */
export function readReported(file: string): Record<string, MetricValue> {
  try {
    return JSON.parse(Deno.readTextFileSync(file));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
}
