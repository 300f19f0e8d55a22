/** Normal QQ plots: sorted sample against standard normal quantiles (fat tails bend away). */
import { describe, require } from "../errors.ts";
import { normalQuantile } from "../data/normal.ts";
import { seriesMean, seriesStd } from "../data/stats.ts";
import { checkNumbers, checkOptions, type Numbers } from "./checks.ts";
import { Figure } from "./figure.ts";
import { courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `qqFigure`. */
export interface QqFigureOptions extends FigureOptions {
  values: Numbers;
  /** Plot z-scores (x - mean) / std against the normal (default true); else raw values. */
  standardize?: boolean;
  /** Name of the sample (default "sample"). */
  name?: string;
}

/** A normal QQ plot with the line a normal sample would follow. */
export function qqFigure(opts: QqFigureOptions): Figure {
  const fn = "qqFigure";
  checkOptions(fn, opts);
  const xs = checkNumbers(fn, "values", opts.values) as number[];
  require(xs.length >= 3, fn, "values", "at least 3 values", describe(xs));
  const m = seriesMean(xs);
  const sd = seriesStd(xs);
  require(sd > 0, fn, "values", "values that are not all equal (std > 0)", `std ${sd}`);
  const standardize = opts.standardize ?? true;
  const n = xs.length;
  const sample = [...xs].sort((a, b) => a - b).map((v) => (standardize ? (v - m) / sd : v));
  const theory = sample.map((_, i) => normalQuantile((i + 0.5) / n));
  const line = (q: number) => (standardize ? q : m + sd * q);
  const ends = [theory[0], theory[n - 1]];
  const layout = courseLayout(fn, {
    xTitle: "standard normal quantile",
    yTitle: standardize ? "sample z-score quantile" : "sample quantile",
    ...opts,
  });
  layout.showlegend = true;
  layout.legend = { x: 0.02, y: 0.98, bgcolor: "rgba(255,255,255,0.8)" };
  return new Figure([
    {
      type: "scatter",
      mode: "markers",
      name: opts.name ?? "sample",
      x: theory,
      y: sample,
      marker: { size: 5, color: "#1f77b4", opacity: 0.8 },
    },
    {
      type: "scatter",
      mode: "lines",
      name: standardize
        ? "normal (y = x)"
        : `normal (μ=${m.toPrecision(3)}, σ=${sd.toPrecision(3)})`,
      x: ends,
      y: ends.map(line),
      line: { color: "#d62728", dash: "dash", width: 2 },
    },
  ], layout);
}
