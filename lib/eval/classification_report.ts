/**
 * A classification report laid out exactly like scikit-learn's `classification_report`
 * (same columns, widths, rounding and average rows), shown as text or as an HTML table.
 */
import { require, requireNumber } from "../errors.ts";
import { escapeHtml, JUPYTER_DISPLAY } from "../report.ts";
import type { ClassLabel, LabelsInput } from "./inputs.ts";
import { type ClassScores, precisionRecallF1 } from "./metrics.ts";

/** Options of `classificationReport`. */
export interface ClassificationReportOptions {
  /** Label order (default: sorted distinct labels of both inputs). */
  labels?: readonly ClassLabel[];
  /** Display names for the labels, in the same order. */
  targetNames?: readonly string[];
  /** Decimals shown (default 2, as sklearn). */
  digits?: number;
}

/**
 * Format like Python's `format(x, ".Nf")`: the double's exact value rounded half to even
 * (JavaScript's toFixed rounds exact ties up, e.g. 0.125 -> "0.13" where Python gives "0.12").
 */
export function formatFixedPy(x: number, digits: number): string {
  requireNumber("formatFixedPy", "digits", digits, { integer: true, min: 0, max: 20 });
  if (!Number.isFinite(x)) return String(x);
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf(".");
  const tail = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(tail)) return x.toFixed(digits);
  // an exact tie: Python keeps the truncated value when its last digit is even; toFixed
  // already rounds an odd tie away from zero
  const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, "");
  if (Number(kept[kept.length - 1]) % 2 === 1) return x.toFixed(digits);
  return (x < 0 ? "-" : "") + kept;
}

/** The per-class and averaged rows of a report, with its text and HTML renderings. */
export class ClassificationReport {
  constructor(
    readonly scores: ClassScores,
    readonly names: readonly string[],
    readonly digits: number,
  ) {}

  /** Rows as [name, precision, recall, f1 or accuracy, support] (precision/recall null on the accuracy row). */
  rows(): [string, number | null, number | null, number, number][] {
    const s = this.scores;
    const total = s.support.reduce((a, b) => a + b, 0);
    const out: [string, number | null, number | null, number, number][] = this.names.map((
      n,
      j,
    ) => [n, s.precision[j], s.recall[j], s.f1[j], s.support[j]]);
    if (s.microIsAccuracy) out.push(["accuracy", null, null, s.micro.f1, total]);
    else out.push(["micro avg", s.micro.precision, s.micro.recall, s.micro.f1, total]);
    out.push(["macro avg", s.macro.precision, s.macro.recall, s.macro.f1, total]);
    out.push(["weighted avg", s.weighted.precision, s.weighted.recall, s.weighted.f1, total]);
    return out;
  }

  /** The report as sklearn prints it. */
  toString(): string {
    const d = this.digits;
    const width = Math.max(...this.names.map((n) => n.length), "weighted avg".length, d);
    const cell = (v: number | null) => (v === null ? "" : formatFixedPy(v, d)).padStart(9);
    const line = (r: [string, number | null, number | null, number, number]) =>
      `${r[0].padStart(width)}  ${cell(r[1])} ${cell(r[2])} ${cell(r[3])} ${
        String(r[4]).padStart(9)
      }\n`;
    const rows = this.rows();
    const k = this.names.length;
    let text = `${"".padStart(width)}  ${
      ["precision", "recall", "f1-score", "support"].map((h) => h.padStart(9)).join(" ")
    }\n\n`;
    for (const r of rows.slice(0, k)) text += line(r);
    text += "\n";
    for (const r of rows.slice(k)) text += line(r);
    return text;
  }

  /** Jupyter mime bundle: an HTML table and the sklearn text. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const d = this.digits;
    const td = (v: string, left = false) =>
      `<td style="text-align:${left ? "left" : "right"}">${escapeHtml(v)}</td>`;
    const body = this.rows().map((r, i) =>
      `<tr${i === this.names.length ? ' style="border-top:1px solid #888"' : ""}>` +
      td(r[0], true) + [r[1], r[2], r[3]].map((v) => td(v === null ? "" : formatFixedPy(v, d)))
        .join("") +
      td(String(r[4])) + "</tr>"
    ).join("");
    const head = ["", "precision", "recall", "f1-score", "support"].map((h) => `<th>${h}</th>`)
      .join("");
    return {
      "text/html": `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`,
      "text/plain": this.toString(),
    };
  }
}

/** Per-class precision, recall, F1 and support with averages, formatted like sklearn. */
export function classificationReport(
  yTrue: LabelsInput,
  yPred: LabelsInput,
  opts: ClassificationReportOptions = {},
): ClassificationReport {
  const digits = requireNumber("classificationReport", "digits", opts.digits ?? 2, {
    integer: true,
    min: 0,
    max: 10,
  });
  const scores = precisionRecallF1(yTrue, yPred, opts.labels);
  const names = opts.targetNames ? [...opts.targetNames] : scores.labels.map(String);
  require(
    names.length === scores.labels.length,
    "classificationReport",
    "targetNames",
    `${scores.labels.length} names (one per label)`,
    `${names.length}`,
  );
  return new ClassificationReport(scores, names, digits);
}
