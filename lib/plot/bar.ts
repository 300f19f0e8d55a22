/** Bar charts of one or more named series over categories (grouped or stacked). */
import { describe, require } from "../errors.ts";
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

/** Options of `barFigure`. */
export interface BarFigureOptions extends FigureOptions {
  /** Categories (or dates / numbers). */
  x: readonly XValue[];
  /** Bar heights: one series, or named series drawn side by side / stacked. */
  y: SeriesInput;
  /** Name of a lone series (default "y"). */
  name?: string;
  /** Horizontal bars (categories on the y axis). */
  horizontal?: boolean;
  /** "group" (default) or "stack". */
  barmode?: "group" | "stack";
}

/** A bar chart; several series are grouped (default) or stacked. */
export function barFigure(opts: BarFigureOptions): Figure {
  const fn = "barFigure";
  checkOptions(fn, opts);
  const x = checkX(fn, "x", opts.x);
  const series = checkSeries(fn, "y", opts.y, opts.name ?? "y");
  const barmode = opts.barmode ?? "group";
  require(
    ["group", "stack"].includes(barmode),
    fn,
    "barmode",
    '"group" or "stack"',
    describe(barmode),
  );
  const traces: PlotlyTrace[] = series.map((s, i) => {
    const v = checkNumbers(fn, series.length > 1 ? `y.${s.name}` : "y", s.values, {
      length: { n: x.length, of: "x" },
    });
    return {
      type: "bar",
      name: s.name,
      ...(opts.horizontal ? { y: x, x: v, orientation: "h" } : { x, y: v }),
      marker: { color: courseColor(i) },
    };
  });
  const layout = courseLayout(fn, opts);
  layout.barmode = barmode;
  layout.showlegend = series.length > 1;
  return new Figure(traces, layout);
}
