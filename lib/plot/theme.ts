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

/** The base layout of a course figure (white background, titles, legend, size). */
export function courseLayout(fn: string, opts: FigureOptions = {}): PlotlyLayout {
  const layout: PlotlyLayout = {
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Arial, Helvetica, sans-serif", size: 13, color: "#222" },
    colorway: [...COURSE_COLORS],
    margin: { l: 60, r: 20, t: opts.title ? 50 : 20, b: 50 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    hovermode: "closest",
    xaxis: axisStyle(opts.xTitle),
    yaxis: axisStyle(opts.yTitle),
    height: opts.height === undefined
      ? 420
      : requireNumber(fn, "height", opts.height, { positive: true }),
  };
  if (opts.title) layout.title = { text: opts.title, x: 0.02, xanchor: "left" };
  if (opts.width !== undefined) {
    layout.width = requireNumber(fn, "width", opts.width, { positive: true });
  }
  return layout;
}
