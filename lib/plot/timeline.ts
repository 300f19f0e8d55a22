/**
 * Timelines: horizontal bars of [start, end] ranges per row, coloured by kind. Used to draw
 * walk-forward splits (one row per fold, train / val / test / embargo segments).
 */
import { CourseInputError, describe, require } from "../errors.ts";
import { checkOptions } from "./checks.ts";
import { Figure, plotlyDate, type PlotlyTrace } from "./figure.ts";
import { courseColor, courseLayout, type FigureOptions } from "./theme.ts";

/** One bar of a timeline. */
export interface TimelineSegment {
  /** Row label (e.g. "fold 1"). */
  row: string;
  /** Kind of segment (e.g. "train", "val", "test"): one colour and legend entry per kind. */
  kind: string;
  /** Start: a Date, an ISO date string, or a number (e.g. a row index). */
  start: Date | string | number;
  /** End (>= start), same type as start. */
  end: Date | string | number;
}

/** Options of `timelineFigure`. */
export interface TimelineFigureOptions extends FigureOptions {
  segments: readonly TimelineSegment[];
}

const KIND_COLORS: Record<string, string> = {
  train: "#1f77b4",
  val: "#ff7f0e",
  valid: "#ff7f0e",
  validation: "#ff7f0e",
  test: "#d62728",
  embargo: "#bdbdbd",
  purge: "#bdbdbd",
  purged: "#bdbdbd",
  gap: "#bdbdbd",
};

function toTime(v: unknown, arg: string): { kind: "date" | "number"; t: number } {
  const fn = "timelineFigure";
  if (typeof v === "number" && Number.isFinite(v)) return { kind: "number", t: v };
  const d = v instanceof Date ? v : typeof v === "string" ? new Date(v) : null;
  if (d && !Number.isNaN(d.getTime())) return { kind: "date", t: d.getTime() };
  throw new CourseInputError(fn, arg, "a Date, an ISO date string or a finite number", describe(v));
}

/** A timeline of [start, end] bars per row; date ranges get a date axis. */
export function timelineFigure(opts: TimelineFigureOptions): Figure {
  const fn = "timelineFigure";
  checkOptions(fn, opts);
  const segs = opts.segments;
  require(
    Array.isArray(segs) && segs.length > 0,
    fn,
    "segments",
    "a non-empty array",
    describe(segs),
  );
  let axisKind: "date" | "number" | null = null;
  const parsed = segs.map((s, i) => {
    require(
      s !== null && typeof s === "object",
      fn,
      `segments[${i}]`,
      "{row, kind, start, end}",
      describe(s),
    );
    require(typeof s.row === "string", fn, `segments[${i}].row`, "a string", s.row);
    require(typeof s.kind === "string", fn, `segments[${i}].kind`, "a string", s.kind);
    const a = toTime(s.start, `segments[${i}].start`);
    const b = toTime(s.end, `segments[${i}].end`);
    axisKind ??= a.kind;
    require(
      a.kind === axisKind && b.kind === axisKind,
      fn,
      `segments[${i}]`,
      `start and end of the same type as segments[0] (${
        axisKind === "date" ? "dates" : "numbers"
      })`,
      `${a.kind} .. ${b.kind}`,
    );
    require(b.t >= a.t, fn, `segments[${i}].end`, `>= start (${String(s.start)})`, String(s.end));
    return { row: s.row, kind: s.kind, a: a.t, b: b.t };
  });
  const isDate = axisKind === "date";
  const fmt = (t: number) => (isDate ? plotlyDate(new Date(t)) : t);
  const rows = [...new Set(parsed.map((p) => p.row))];
  const kinds = [...new Set(parsed.map((p) => p.kind))];
  const traces: PlotlyTrace[] = kinds.map((kind, k) => {
    const ps = parsed.filter((p) => p.kind === kind);
    return {
      type: "bar",
      orientation: "h",
      name: kind,
      y: ps.map((p) => p.row),
      base: ps.map((p) => fmt(p.a)),
      x: ps.map((p) => p.b - p.a),
      customdata: ps.map((p) => [fmt(p.a), fmt(p.b)]),
      hovertemplate: `${kind}: %{customdata[0]} → %{customdata[1]}<extra>%{y}</extra>`,
      marker: { color: KIND_COLORS[kind.toLowerCase()] ?? courseColor(k + 4) },
    };
  });
  const layout = courseLayout(fn, { height: Math.max(200, 60 + 32 * rows.length), ...opts });
  layout.barmode = "overlay";
  layout.bargap = 0.3;
  if (isDate) (layout.xaxis as Record<string, unknown>).type = "date";
  layout.yaxis = {
    ...(layout.yaxis as object),
    type: "category",
    categoryorder: "array",
    categoryarray: rows,
    autorange: "reversed",
    showgrid: false,
  };
  layout.legend = { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" };
  layout.margin = { l: 60, r: 20, t: opts.title ? 80 : 40, b: 50 };
  return new Figure(traces, layout);
}
