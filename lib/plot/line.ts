/** Line charts: one or more named series over a shared x (numbers, date strings or Dates). */
import {
  checkNumbers,
  checkOptions,
  checkSeries,
  checkX,
  type SeriesInput,
  type XValue,
} from "./checks.ts";
import { Figure, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `lineFigure`. */
export interface LineFigureOptions extends FigureOptions {
  /** Shared x values (default 0, 1, ..., n-1). */
  x?: readonly XValue[];
  /** One series, or named series `{close: [...], sma20: [...]}`; NaN/null draw as gaps. */
  y: SeriesInput;
  /** Name of a lone series (default "y"). */
  name?: string;
  /** Draw markers on the points too. */
  markers?: boolean;
  /** Logarithmic y axis. */
  logY?: boolean;
  /** Dashed series, by name. */
  dashed?: readonly string[];
}

/** A line chart of one or more named series sharing the same x. */
export function lineFigure(opts: LineFigureOptions): Figure {
  const fn = "lineFigure";
  checkOptions(fn, opts);
  const series = checkSeries(fn, "y", opts.y, opts.name ?? "y");
  const n = series[0].values.length;
  const x = opts.x === undefined
    ? Array.from({ length: n }, (_, i) => i)
    : checkX(fn, "x", opts.x, { n, of: `y series "${series[0].name}"` });
  const dashed = new Set(opts.dashed ?? []);
  const traces: PlotlyTrace[] = series.map((s, i) => ({
    type: "scatter",
    mode: opts.markers ? "lines+markers" : "lines",
    name: s.name,
    x,
    y: checkNumbers(fn, series.length > 1 ? `y.${s.name}` : "y", s.values, {
      gaps: true,
      length: { n: x.length, of: "x" },
    }),
    line: { color: courseColor(i), width: 2, ...(dashed.has(s.name) ? { dash: "dash" } : {}) },
  }));
  const layout = courseLayout(fn, opts);
  if (opts.logY) (layout.yaxis as Record<string, unknown>).type = "log";
  layout.showlegend = series.length > 1;
  return new Figure(traces, layout);
}
