/**
 * Commentary rendered from the run's own values: a notebook never types a result into a
 * markdown cell; it builds the sentence in a code cell with `md` (a tagged template) or
 * `markdownFrom` (a `{name}` template over a record) and displays it as Markdown. Verdict words
 * ("beats", "is within noise of", "loses to") are chosen by `compareEstimates` under a stated
 * rule: non-overlapping confidence intervals, or |t| > 2 on the difference.
 */
import { require, requireNumber } from "../errors.ts";

const JUPYTER_DISPLAY_KEY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A number with, optionally, its confidence interval or standard error. */
export interface Estimate {
  value: number;
  lower?: number;
  upper?: number;
  se?: number;
}

/** The three verdicts a comparison can reach. */
export type VerdictWord = "beats" | "is within noise of" | "loses to";

/** The outcome of `compareEstimates`: the word, the rule that chose it, and the evidence. */
export interface Verdict {
  word: VerdictWord;
  /** The rule in words, e.g. "95% intervals overlap" or "|t| = 0.41 ≤ 2". */
  rule: string;
  /** -1, 0 or 1: loses, tie within noise, beats. */
  sign: -1 | 0 | 1;
  toString(): string;
}

/** Options of `compareEstimates`. */
export interface CompareOptions {
  /** Which direction is better (default "higher"; "lower" for losses, errors, diverged runs). */
  better?: "higher" | "lower";
  /** "ci": intervals must not overlap; "t": |a − b| / √(se_a² + se_b²) > tCrit. Default: "ci"
   * when both carry intervals, else "t". */
  rule?: "ci" | "t";
  /** Threshold of the t rule (default 2). */
  tCrit?: number;
}

/** Markdown text with a Jupyter display (`text/markdown` and a `text/plain` twin). */
export class Markdown {
  constructor(readonly text: string) {}

  /** The plain-text twin: emphasis, code ticks and heading marks removed. */
  toString(): string {
    return plainText(this.text);
  }

  /** Jupyter mime bundle. */
  [JUPYTER_DISPLAY_KEY](): Record<string, string> {
    return { "text/markdown": this.text, "text/plain": plainText(this.text) };
  }
}

/** Values a template may interpolate. */
export type CommentaryValue = number | string | boolean | null | undefined | Verdict | Markdown;

/** Format a number for prose: `digits` decimals (default 3), exponent form when tiny or huge. */
export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined) return "n/a";
  require(typeof x === "number" && !Number.isNaN(x), "fmt", "x", "a number, null or undefined", x);
  requireNumber("fmt", "digits", digits, { integer: true, min: 0, max: 12 });
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const a = Math.abs(x);
  const s = a !== 0 && (a < 10 ** -digits || a >= 1e6)
    ? x.toExponential(Math.max(1, Math.min(digits, 3) - 1)).replace(/\.?0+e/, "e")
    : Number.isInteger(x)
    ? String(x)
    : x.toFixed(digits);
  return s.replace(/^-/, "−");
}

/** A value with its interval, e.g. "0.752 [0.736, 0.767]"; the bare value when there is none. */
export function withInterval(e: Estimate, digits = 3): string {
  const v = fmt(e.value, digits);
  if (e.lower === undefined || e.upper === undefined) {
    return e.se === undefined ? v : `${v} ± ${fmt(e.se, digits)}`;
  }
  return `${v} [${fmt(e.lower, digits)}, ${fmt(e.upper, digits)}]`;
}

/** Standard error of a proportion `p` measured on `n` cases: √(p(1 − p)/n). */
export function proportionSe(p: number, n: number): number {
  requireNumber("proportionSe", "p", p, { min: 0, max: 1 });
  requireNumber("proportionSe", "n", n, { integer: true, positive: true });
  return Math.sqrt((p * (1 - p)) / n);
}

function checkEstimate(fn: string, name: string, e: Estimate): void {
  require(e !== null && typeof e === "object", fn, name, "an Estimate { value, ... }", e);
  requireNumber(fn, `${name}.value`, e.value);
  if (e.lower !== undefined || e.upper !== undefined) {
    requireNumber(fn, `${name}.lower`, e.lower);
    requireNumber(fn, `${name}.upper`, e.upper);
    require(
      e.lower! <= e.upper!,
      fn,
      name,
      "lower <= upper",
      `[${e.lower}, ${e.upper}]`,
    );
  }
  if (e.se !== undefined) requireNumber(fn, `${name}.se`, e.se, { nonNegative: true });
}

/**
 * Compare `a` with `b` and say whether `a` beats, is within noise of, or loses to `b`, by
 * overlapping confidence intervals ("ci") or by |t| > tCrit on the difference ("t").
 */
export function compareEstimates(a: Estimate, b: Estimate, opts: CompareOptions = {}): Verdict {
  const fn = "compareEstimates";
  checkEstimate(fn, "a", a);
  checkEstimate(fn, "b", b);
  const better = opts.better ?? "higher";
  require(
    better === "higher" || better === "lower",
    fn,
    "opts.better",
    '"higher" or "lower"',
    better,
  );
  const tCrit = requireNumber(fn, "opts.tCrit", opts.tCrit ?? 2, { positive: true });
  const hasCi = (e: Estimate) => e.lower !== undefined && e.upper !== undefined;
  const rule = opts.rule ?? (hasCi(a) && hasCi(b) ? "ci" : "t");
  require(rule === "ci" || rule === "t", fn, "opts.rule", '"ci" or "t"', rule);
  const dir = better === "higher" ? 1 : -1;
  let raw: -1 | 0 | 1;
  let text: string;
  if (rule === "ci") {
    require(hasCi(a) && hasCi(b), fn, "a, b", "both with lower and upper for rule 'ci'", "");
    if (a.lower! > b.upper!) raw = 1;
    else if (a.upper! < b.lower!) raw = -1;
    else raw = 0;
    text = raw === 0 ? "the intervals overlap" : "the intervals do not overlap";
  } else {
    require(
      a.se !== undefined || b.se !== undefined,
      fn,
      "a, b",
      "a standard error (se) on at least one for rule 't'",
      "none",
    );
    const se = Math.sqrt((a.se ?? 0) ** 2 + (b.se ?? 0) ** 2);
    const diff = a.value - b.value;
    const t = se === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Infinity) : diff / se;
    raw = Math.abs(t) > tCrit ? (t > 0 ? 1 : -1) : 0;
    text = `|t| = ${fmt(Math.abs(t), 2)} ${raw === 0 ? "≤" : ">"} ${fmt(tCrit, 2)}`;
  }
  const sign = (raw * dir) as -1 | 0 | 1;
  const word: VerdictWord = sign > 0 ? "beats" : sign < 0 ? "loses to" : "is within noise of";
  return { word, rule: text, sign: sign === 0 ? 0 : sign, toString: () => word };
}

/** Turn one interpolated value into text. */
function show(v: CommentaryValue, digits: number): string {
  if (typeof v === "number" || v === null || v === undefined) return fmt(v, digits);
  if (v instanceof Markdown) return v.text;
  return String(v);
}

/** Tagged template: md`AUC ${auc} ${verdict} the baseline` → Markdown (numbers via `fmt`). */
export function md(strings: TemplateStringsArray, ...values: CommentaryValue[]): Markdown {
  let out = strings[0];
  values.forEach((v, i) => {
    out += show(v, 3) + strings[i + 1];
  });
  return new Markdown(out);
}

/**
 * Render `{name}` or `{name:digits}` placeholders from `values` into Markdown; a placeholder
 * with no value, or a value no placeholder uses, is an error (the template and the run agree).
 */
export function markdownFrom(
  template: string,
  values: Record<string, CommentaryValue>,
): Markdown {
  const fn = "markdownFrom";
  require(typeof template === "string", fn, "template", "a string", template);
  require(values !== null && typeof values === "object", fn, "values", "an object", values);
  const used = new Set<string>();
  const text = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::(\d+))?\}/g, (_m, k, d) => {
    require(k in values, fn, "values", `a value for placeholder {${k}}`, "none");
    used.add(k);
    return show(values[k], d === undefined ? 3 : Number(d));
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  require(unused.length === 0, fn, "values", "only names the template uses", unused.join(", "));
  return new Markdown(text);
}

/** Markdown → plain text: drop emphasis, code ticks, heading marks and link targets. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/\*([^*\s][^*]*)\*/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1");
}

/**
 * Paired comparison of two forecasts on the same cases (Diebold–Mariano style, no lag
 * correction): t = mean(lossB − lossA) / (sd / √n); model A "beats" B when t > tCrit (default 2).
 */
export function comparePairedLosses(
  lossA: readonly number[],
  lossB: readonly number[],
  opts: { tCrit?: number } = {},
): Verdict & { t: number; n: number } {
  const fn = "comparePairedLosses";
  require(Array.isArray(lossA) && lossA.length > 1, fn, "lossA", "at least 2 losses", lossA);
  require(
    Array.isArray(lossB) && lossB.length === lossA.length,
    fn,
    "lossB",
    `${lossA.length} losses (paired with lossA)`,
    lossB,
  );
  const d = lossA.map((a, i) => lossB[i] - a);
  require(d.every(Number.isFinite), fn, "lossA, lossB", "finite losses", "a NaN or infinity");
  const n = d.length;
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const v = compareEstimates({ value: mean, se: sd / Math.sqrt(n) }, { value: 0 }, {
    rule: "t",
    tCrit: opts.tCrit,
  });
  const t = sd === 0 ? (mean === 0 ? 0 : Math.sign(mean) * Infinity) : mean / (sd / Math.sqrt(n));
  return { ...v, t, n, toString: () => v.word };
}
