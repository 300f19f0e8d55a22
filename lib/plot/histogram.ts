/**
 * Histograms with shared bins for one or several samples, optionally as densities with a
 * fitted normal curve on top: the picture that shows fat tails in returns.
 */
import { require, requireNumber } from "../errors.ts";
import { normalPdf } from "../data/normal.ts";
import { seriesMean, seriesStd } from "../data/stats.ts";
import { checkNumbers, checkOptions, checkSeries, type SeriesInput } from "./checks.ts";
import { Figure, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** Options of `histogramFigure`. */
export interface HistogramFigureOptions extends FigureOptions {
  /** One sample, or named samples drawn over each other with the same bins. */
  values: SeriesInput;
  /** Number of bins (default 40). */
  bins?: number;
  /** Draw a normal density fitted to each sample (mean, sample std); implies `density`. */
  normal?: boolean;
  /** Bar heights as densities (area 1) instead of counts. */
  density?: boolean;
  /** Name of a lone sample (default "sample"). */
  name?: string;
}

/** Bin edges (bins + 1) and counts of finite values over [min, max] (right edge included). */
export function histogramCounts(
  values: ArrayLike<number>,
  bins: number,
  range?: readonly [number, number],
): { edges: number[]; counts: number[] } {
  const fn = "histogramCounts";
  const xs = checkNumbers(fn, "values", values) as number[];
  requireNumber(fn, "bins", bins, { integer: true, positive: true });
  let [lo, hi] = range ?? [Math.min(...xs), Math.max(...xs)];
  require(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi, fn, "range", "[lo, hi]", range);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const w = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
  const counts = new Array<number>(bins).fill(0);
  for (const v of xs) {
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / w))]++;
  }
  return { edges, counts };
}

/** A histogram of one or more samples; with `normal: true`, densities plus fitted normals. */
export function histogramFigure(opts: HistogramFigureOptions): Figure {
  const fn = "histogramFigure";
  checkOptions(fn, opts);
  const bins = requireNumber(fn, "bins", opts.bins ?? 40, { integer: true, positive: true });
  const samples = checkSeries(fn, "values", opts.values, opts.name ?? "sample").map((s) => ({
    name: s.name,
    xs: checkNumbers(
      fn,
      `values${s.name === (opts.name ?? "sample") ? "" : "." + s.name}`,
      s.values,
    )
      .filter((v): v is number => v !== null),
  }));
  const all = samples.flatMap((s) => s.xs);
  const range: [number, number] = [
    all.reduce((a, b) => Math.min(a, b), Infinity),
    all.reduce((a, b) => Math.max(a, b), -Infinity),
  ];
  const density = opts.normal === true || opts.density === true;
  const traces: PlotlyTrace[] = [];
  samples.forEach((s, i) => {
    const { edges, counts } = histogramCounts(s.xs, bins, range);
    const w = edges[1] - edges[0];
    traces.push({
      type: "bar",
      name: s.name,
      x: counts.map((_, b) => (edges[b] + edges[b + 1]) / 2),
      y: counts.map((c) => (density ? c / (s.xs.length * w) : c)),
      width: w,
      customdata: counts.map((c, b) => [edges[b], edges[b + 1], c]),
      hovertemplate: "[%{customdata[0]:.4g}, %{customdata[1]:.4g}]: %{customdata[2]} values" +
        "<extra>%{fullData.name}</extra>",
      marker: { color: courseColor(i), line: { width: 0 } },
      opacity: samples.length > 1 ? 0.55 : 0.8,
    });
  });
  if (opts.normal) {
    samples.forEach((s, i) => {
      require(s.xs.length >= 2, fn, "values", "at least 2 values to fit a normal", s.xs.length);
      const m = seriesMean(s.xs);
      const sd = seriesStd(s.xs);
      require(sd > 0, fn, "values", "values that are not all equal (std > 0)", `std ${sd}`);
      const lo = Math.min(range[0], m - 4 * sd);
      const hi = Math.max(range[1], m + 4 * sd);
      const xs = Array.from({ length: 201 }, (_, k) => lo + (k * (hi - lo)) / 200);
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `normal fit${samples.length > 1 ? ` (${s.name})` : ""}: ` +
          `μ=${m.toPrecision(3)}, σ=${sd.toPrecision(3)}`,
        x: xs,
        y: xs.map((x) => normalPdf((x - m) / sd) / sd),
        line: { color: samples.length > 1 ? courseColor(i) : "#222", width: 2, dash: "dash" },
      });
    });
  }
  const layout = courseLayout(fn, { yTitle: density ? "density" : "count", ...opts });
  layout.barmode = "overlay";
  layout.bargap = 0;
  layout.showlegend = samples.length > 1 || opts.normal === true;
  return new Figure(traces, layout);
}
