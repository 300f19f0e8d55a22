/** Training curves: one panel per metric, train (solid) and `val_` (dashed) on the same axes. */
import { CourseInputError, describe, require } from "../errors.ts";
import { checkNumbers } from "./checks.ts";
import { Figure } from "./figure.ts";
import { lineFigure } from "./line.ts";
import { subplotsFigure } from "./subplots.ts";
import type { FigureOptions } from "./theme.ts";

/** A training history: `{epoch: [...], loss: [...], val_loss: [...], ...}` (or tf.History). */
export type PlotHistory =
  | { epoch?: readonly number[]; [metric: string]: readonly number[] | undefined }
  | { epoch: readonly number[]; history: Record<string, readonly number[]> };

/** Options of `historyFigure`. */
export interface HistoryFigureOptions extends Omit<FigureOptions, "yTitle"> {
  /** Logarithmic y axis for metrics whose name contains "loss". */
  logLoss?: boolean;
}

/** Loss/metric curves from a training history, one panel per metric (loss first). */
export function historyFigure(history: PlotHistory, opts: HistoryFigureOptions = {}): Figure {
  const fn = "historyFigure";
  require(
    history !== null && typeof history === "object",
    fn,
    "history",
    "an object",
    describe(history),
  );
  const h = history as Record<string, unknown>;
  const series: Record<string, readonly number[]> = h.history && typeof h.history === "object"
    ? { ...(h.history as Record<string, readonly number[]>) }
    : Object.fromEntries(Object.entries(h).filter(([k]) => k !== "epoch")) as Record<
      string,
      readonly number[]
    >;
  const names = Object.keys(series);
  require(names.length > 0, fn, "history", "at least one metric series", "no metrics");
  const n = (series[names[0]] ?? []).length;
  const epoch = h.epoch === undefined
    ? Array.from({ length: n }, (_, i) => i + 1)
    : checkNumbers(fn, "history.epoch", h.epoch) as number[];
  for (const k of names) {
    if (!Array.isArray(series[k])) {
      throw new CourseInputError(fn, `history.${k}`, "an array of numbers", typeof series[k]);
    }
    checkNumbers(fn, `history.${k}`, series[k], {
      gaps: true,
      length: { n: epoch.length, of: h.epoch === undefined ? `history.${names[0]}` : "epoch" },
    });
  }
  const bases = [...new Set(names.map((k) => k.replace(/^val_/, "")))].sort((a, b) =>
    (a === "loss" ? -1 : 0) - (b === "loss" ? -1 : 0)
  );
  const panels = bases.map((base, i) => {
    const y: Record<string, readonly number[]> = {};
    if (series[base]) y[base] = series[base];
    if (series[`val_${base}`]) y[`val_${base}`] = series[`val_${base}`];
    return lineFigure({
      x: epoch,
      y,
      xTitle: i === bases.length - 1 ? opts.xTitle ?? "epoch" : undefined, // bottom panel only
      yTitle: base,
      markers: n <= 30,
      dashed: [`val_${base}`],
      logY: opts.logLoss === true && base.includes("loss"),
    });
  });
  if (panels.length === 1) {
    return panels[0].withLayout({
      ...(opts.title
        ? { title: { text: opts.title, x: 0.02, xanchor: "left" }, margin: { t: 50 } }
        : {}),
      showlegend: true,
      ...(opts.height ? { height: opts.height } : {}),
      ...(opts.width ? { width: opts.width } : {}),
    });
  }
  return subplotsFigure(panels, {
    title: opts.title,
    width: opts.width,
    height: opts.height ?? 260 * panels.length + 60,
    sharedX: true,
  });
}
