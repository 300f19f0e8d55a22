/** A grid of 2-D figures in one figure (shared legend, optional shared x axis). */
import { require, requireNumber } from "../errors.ts";
import { Figure, type PlotlyLayout, type PlotlyTrace } from "./figure.ts";
import { courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `subplotsFigure`. */
export interface SubplotsOptions extends Omit<FigureOptions, "xTitle" | "yTitle"> {
  /** Number of columns (default 1: figures stacked vertically). */
  cols?: number;
  /** Titles above each panel (default: each figure's own title). */
  titles?: readonly string[];
  /** Zooming one panel's x zooms all (e.g. epochs, dates). */
  sharedX?: boolean;
}

const CARTESIAN = new Set(["scatter", "bar", "heatmap", "contour", "histogram", "box", "violin"]);

function titleText(t: unknown): string {
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") {
    return (t as { text: string }).text;
  }
  return "";
}

/** Lay 2-D figures out on a grid (row by row); each panel keeps its axes' titles and types. */
export function subplotsFigure(figures: readonly Figure[], opts: SubplotsOptions = {}): Figure {
  const fn = "subplotsFigure";
  require(
    Array.isArray(figures) && figures.length > 0 && figures.every((f) => f instanceof Figure),
    fn,
    "figures",
    "a non-empty array of Figure",
    figures,
  );
  const cols = requireNumber(fn, "cols", opts.cols ?? 1, { integer: true, positive: true });
  const rows = Math.ceil(figures.length / cols);
  if (opts.titles !== undefined) {
    require(
      Array.isArray(opts.titles) && opts.titles.length === figures.length,
      fn,
      "titles",
      `${figures.length} titles (one per figure)`,
      opts.titles,
    );
  }
  const gapX = cols > 1 ? 0.08 : 0;
  const gapY = rows > 1 ? 0.12 / Math.max(1, rows - 1) + 0.04 : 0;
  const w = (1 - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rows - 1)) / rows;
  const layout: PlotlyLayout = courseLayout(fn, { height: 300 * rows + 40, ...opts });
  const annotations: Record<string, unknown>[] = [];
  const traces: PlotlyTrace[] = [];
  const seenNames = new Set<string>();
  figures.forEach((fig, k) => {
    const r = Math.floor(k / cols);
    const c = k % cols;
    const s = k === 0 ? "" : String(k + 1);
    const x0 = c * (w + gapX);
    const yTop = 1 - r * (h + gapY);
    for (const t of fig.data) {
      require(
        CARTESIAN.has(t.type ?? "scatter"),
        fn,
        `figures[${k}]`,
        "2-D (cartesian) traces",
        `a ${t.type} trace`,
      );
      const name = typeof t.name === "string" ? t.name : "";
      const dup = name !== "" && seenNames.has(name);
      seenNames.add(name);
      traces.push({
        ...t,
        xaxis: `x${s}`,
        yaxis: `y${s}`,
        ...(dup ? { showlegend: false } : {}),
        legendgroup: name || undefined,
      });
    }
    const src = fig.layout;
    layout[`xaxis${s}`] = {
      ...(src.xaxis as object),
      domain: [x0, x0 + w],
      anchor: `y${s}`,
      ...(opts.sharedX && k > 0 ? { matches: "x" } : {}),
    };
    layout[`yaxis${s}`] = { ...(src.yaxis as object), domain: [yTop - h, yTop], anchor: `x${s}` };
    for (const key of ["barmode", "bargap"]) if (src[key] !== undefined) layout[key] = src[key];
    const title = opts.titles ? opts.titles[k] : titleText(src.title);
    if (title) {
      annotations.push({
        text: `<b>${title.replace(/</g, "&lt;")}</b>`,
        x: x0 + w / 2,
        y: yTop,
        xref: "paper",
        yref: "paper",
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
      });
    }
  });
  layout.annotations = annotations;
  layout.margin = { l: 60, r: 20, t: opts.title ? 70 : 40, b: 50 };
  return new Figure(traces, layout);
}
