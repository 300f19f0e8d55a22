/** The course's plot style: a light, readable layout with titled axes and one colour cycle. */
import { requireNumber } from "../errors.ts";
import type { PlotlyLayout } from "./figure.ts";

/** Options every builder accepts: titles and size in pixels. */
export interface FigureOptions {
  /** Figure title. */
  title?: string;
  /** x-axis title. */
  xTitle?: string;
  /** y-axis title. */
  yTitle?: string;
  /** Width in pixels (default: the notebook's width). */
  width?: number;
  /** Height in pixels (default 420). */
  height?: number;
}

/** The colour cycle of course figures (colour-blind friendly enough on white). */
export const COURSE_COLORS: readonly string[] = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** The i-th colour of the course cycle (wraps around). */
export function courseColor(i: number): string {
  requireNumber("courseColor", "i", i, { integer: true });
  return COURSE_COLORS[((i % COURSE_COLORS.length) + COURSE_COLORS.length) % COURSE_COLORS.length];
}

/** Axis style: light grid, titled when a title is given. */
function axisStyle(title?: string): Record<string, unknown> {
  return {
    ...(title ? { title: { text: title } } : {}),
    showgrid: true,
    gridcolor: "#e6e6e6",
    zeroline: false,
    linecolor: "#444",
    ticks: "outside",
    automargin: true,
  };
}

/**
 * Break a title into lines of at most `maxChars` characters at spaces, joined by plotly's
 * `<br>`, so a long title wraps instead of running under the toolbar; a word longer than a
 * line stays whole.
 */
export function wrapTitle(text: string, maxChars = 70): string {
  requireNumber("wrapTitle", "maxChars", maxChars, { integer: true, positive: true });
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("<br>");
}

/** Characters of title that fit beside the toolbar at a width (default: a notebook's ~900 px). */
function titleChars(width?: number): number {
  return width === undefined ? 70 : Math.max(20, Math.floor((width - 220) / 9));
}

/** The base layout of a course figure (white background, titles, legend, size). */
export function courseLayout(fn: string, opts: FigureOptions = {}): PlotlyLayout {
  const layout: PlotlyLayout = {
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Arial, Helvetica, sans-serif", size: 13, color: "#222" },
    colorway: [...COURSE_COLORS],
    margin: { l: 60, r: 20, t: 20, b: 50 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    hovermode: "closest",
    xaxis: axisStyle(opts.xTitle),
    yaxis: axisStyle(opts.yTitle),
    height: opts.height === undefined
      ? 420
      : requireNumber(fn, "height", opts.height, { positive: true }),
  };
  if (opts.width !== undefined) {
    layout.width = requireNumber(fn, "width", opts.width, { positive: true });
  }
  if (opts.title) {
    const text = wrapTitle(opts.title, titleChars(opts.width));
    const lines = text.split("<br>").length;
    layout.title = { text, x: 0.02, xanchor: "left" };
    layout.margin = { l: 60, r: 20, t: 50 + 22 * (lines - 1), b: 50 };
  }
  return layout;
}
