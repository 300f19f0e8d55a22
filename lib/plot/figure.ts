/**
 * A plotly figure (`{data, layout}`) that displays itself in Jupyter: the plotly mime type for
 * VS Code / JupyterLab's renderer, a self-contained offline `text/html` fallback, and a text
 * summary. Builders in this folder return it; `saveFigureHtml`/`saveFigurePng` export it.
 */
import { describe, require } from "../errors.ts";
import { JUPYTER_DISPLAY } from "../report.ts";
import { plotlyForNotebook, plotlyScriptTag } from "./plotly_bundle.ts";

/** One plotly trace (`type`, `x`, `y`, ...); see https://plotly.com/javascript/reference/. */
export type PlotlyTrace = { type?: string; name?: string; [key: string]: unknown };
/** A plotly layout object. */
export type PlotlyLayout = Record<string, unknown>;
/** The JSON a plotly renderer draws. */
export interface PlotlySpec {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
}

/** The plotly mime type understood by VS Code and JupyterLab. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const processTag = crypto.randomUUID().slice(0, 8);
let figureCounter = 0;

/** Format a Date for plotly: `YYYY-MM-DD` at UTC midnight, else `YYYY-MM-DD HH:MM:SS.sss`. */
export function plotlyDate(d: Date): string {
  require(
    d instanceof Date && !Number.isNaN(d.getTime()),
    "plotlyDate",
    "d",
    "a valid Date",
    d instanceof Date ? "Invalid Date" : describe(d),
  );
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 23).replace("T", " ");
}

/** A JSON-safe deep copy: typed arrays become arrays, Dates plotly date strings, NaN/±Inf null. */
function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : plotlyDate(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => toPlain(v));
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v);
    return out;
  }
  throw new TypeError(`toPlain: cannot put a ${typeof value} into a plotly figure`);
}

/**
 * A copy for display: fractional numbers keep 7 significant digits (a chart cannot show more;
 * JavaScript prints up to 17), integers stay exact. Halves the message of a 17,000-point chart.
 */
function forDisplay(value: unknown): unknown {
  if (typeof value === "number") {
    return Number.isInteger(value) || !Number.isFinite(value)
      ? value
      : Number(value.toPrecision(7));
  }
  if (Array.isArray(value)) return value.map(forDisplay);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = forDisplay(v);
    return out;
  }
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep-merge `patch` into `base` (objects merge key by key; arrays and scalars replace). */
export function mergeLayout(base: PlotlyLayout, patch: PlotlyLayout): PlotlyLayout {
  const out: PlotlyLayout = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isObject(v) && isObject(out[k]) ? mergeLayout(out[k] as PlotlyLayout, v) : v;
  }
  return out;
}

function titleText(t: unknown): string | null {
  const text = typeof t === "string"
    ? t
    : isObject(t) && typeof t.text === "string"
    ? t.text
    : null;
  return text === null ? null : text.replace(/<br\s*\/?>/gi, " ");
}

function traceSize(t: PlotlyTrace): string {
  const z = t.z;
  if (Array.isArray(z) && Array.isArray(z[0])) return `${z.length}×${z[0].length} grid`;
  for (const key of ["x", "y", "values", "z"]) {
    const v = t[key];
    if (Array.isArray(v)) return `${v.length} point${v.length === 1 ? "" : "s"}`;
  }
  return "no data";
}

/** A plotly figure with Jupyter display, text summary and HTML rendering. */
export class Figure {
  /** The traces (JSON-safe copies of what was given). */
  readonly data: PlotlyTrace[];
  /** The layout (a JSON-safe copy). */
  readonly layout: PlotlyLayout;

  constructor(data: PlotlyTrace[], layout: PlotlyLayout = {}) {
    require(Array.isArray(data), "Figure", "data", "an array of plotly traces", describe(data));
    data.forEach((t, i) =>
      require(isObject(t), "Figure", `data[${i}]`, "a plotly trace object", describe(t))
    );
    require(isObject(layout), "Figure", "layout", "a plotly layout object", describe(layout));
    this.data = toPlain(data) as PlotlyTrace[];
    this.layout = toPlain(layout) as PlotlyLayout;
  }

  /** The figure's `{data, layout}` as a fresh JSON-safe object. */
  toSpec(): PlotlySpec {
    return structuredClone({ data: this.data, layout: this.layout });
  }

  /** A copy with `patch` deep-merged into the layout (e.g. `{height: 300}`). */
  withLayout(patch: PlotlyLayout): Figure {
    require(
      isObject(patch),
      "Figure.withLayout",
      "patch",
      "a plotly layout object",
      describe(patch),
    );
    return new Figure(this.data, mergeLayout(this.layout, patch));
  }

  /** A copy with extra traces drawn on top. */
  withTraces(...traces: PlotlyTrace[]): Figure {
    return new Figure([...this.data, ...traces], this.layout);
  }

  /** Compact text: title, then one line per trace (type, name, mode, number of points). */
  summary(): string {
    const title = titleText(this.layout.title);
    const n = this.data.length;
    const head = `Figure${title ? ` "${title}"` : ""}: ${n} trace${n === 1 ? "" : "s"}`;
    const lines = this.data.map((t) => {
      const name = typeof t.name === "string" ? ` "${t.name}"` : "";
      const mode = typeof t.mode === "string" ? ` (${t.mode})` : "";
      return `  ${t.type ?? "scatter"}${name}${mode}: ${traceSize(t)}`;
    });
    return [head, ...lines].join("\n");
  }

  /** Same as `summary()`. */
  toString(): string {
    return this.summary();
  }

  /**
   * An HTML fragment: a uniquely-named div and a script that draws into it once
   * `window.Plotly` exists (polls briefly). `includePlotly` inlines the plotly.js bundle first;
   * `plotly` puts any other HTML first (the notebook's loader).
   */
  toHtml(opts: { includePlotly?: boolean; plotly?: string } = {}): string {
    const id = `course-fig-${processTag}-${++figureCounter}`;
    const height = typeof this.layout.height === "number" ? this.layout.height : 450;
    const width = typeof this.layout.width === "number" ? `${this.layout.width}px` : "100%";
    // "<" only occurs inside JSON strings, where \u003c means the same; no "</script>" can leak.
    const spec = JSON.stringify(forDisplay({ data: this.data, layout: this.layout })).replace(
      /</g,
      "\\u003c",
    );
    const draw = `<script type="text/javascript">
(function () {
  var spec = ${spec};
  var el = document.getElementById("${id}");
  var tries = 0;
  function draw() {
    if (window.Plotly) {
      window.Plotly.newPlot(el, spec.data, spec.layout, {responsive: true, displaylogo: false});
    } else if (!window.__coursePlotlyFailed && ++tries <= 600) {
      setTimeout(draw, 50);
    } else {
      el.className += " course-plotly-error";
      el.style.height = "auto";
      el.textContent = "plotly.js could not be loaded in this page" +
        (window.__coursePlotlyFailed ? " (tried " + window.__coursePlotlyFailed + ")" : "") +
        ": open the notebook with 'deno task lab', or read the executed course in the book " +
        "that 'deno task site' builds (out/site/index.html).";
    }
  }
  draw();
})();
</script>`;
    const div = `<div id="${id}" class="course-plotly" style="width:${width};` +
      `height:${height}px"></div>`;
    const head = opts.includePlotly ? plotlyScriptTag() : opts.plotly ?? "";
    return (head ? head + "\n" : "") + div + "\n" + draw;
  }

  /**
   * Jupyter mime bundle: plotly JSON, HTML loading plotly.js from a served file, text. Numbers
   * are rounded for display (7 significant digits); `data` and `toSpec()` keep full precision.
   */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {
      [PLOTLY_MIME]: forDisplay(this.toSpec()),
      "text/html": this.toHtml({ plotly: plotlyForNotebook() }),
      "text/plain": this.summary(),
    };
  }
}
