/**
 * Finds result-looking numbers in notebook markdown cells. A number a reader takes for a result
 * must be computed by the run that shows it (rendered by a code cell with `md`), never typed into
 * markdown. Result-looking, by rule: a decimal or thousands-separated number (0.752, 17,055), an
 * exponent (2.7e13, 10¹³), a percentage (64%), a count "k of n", an arrow between numbers
 * (512 → 128), an approximate number (~10, ≈ 0, ±3.5, about 460) or an integer of 100 or more
 * that is not a year (1900–2029). Names that contain a number (S&P 500) are not numbers. Small integers (K = 5, 32-day windows, chapter 03) are parameters and pass.
 * Constants from the literature or the lecture, and parameters that match the rule, pass only
 * through an explicit allowlist entry naming the phrase and why it is allowed.
 */
import { parsePercent } from "./notebook.ts";

/** One allowed phrase: its exact text in a markdown cell of `file`, and where it comes from. */
export interface AllowedNumber {
  /** Path relative to the repository root, e.g. "notebooks/07_jepa.nb.ts". */
  file: string;
  /** The exact phrase as it appears in the markdown (one line); its numbers pass. */
  text: string;
  /** Why it may stand in markdown: "parameter: ...", "literature: Corsi 2009", "lecture: ...". */
  why: string;
}

/** A result-looking number found in markdown. */
export interface NumberHit {
  file: string;
  cell: number;
  token: string;
  line: string;
}

const PATTERNS: RegExp[] = [
  /\d+(?:\.\d+)?\s*[eE][-+]?\d+/g, // 2.7e13, 1e-5
  /10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+/g, // 10¹³
  /(?:[~≈±]|\babout |\baround |\broughly |\bnearly )\s*[−-]?\d+(?:[.,]\d+)?/g,
  /\d+(?:\.\d+)?\s*%/g, // 64%, 20 %
  /\b\d+ of \d+\b/g, // 2 of 3
  /\d+(?:\.\d+)?\s*→\s*\d+(?:\.\d+)?/g, // 512 → 128, 0.527 → 0.640
  /\d*\.\d+|\d+,\d{3}\b/g, // 0.752, .5, 17,055
  /\b\d{3,}\b/g, // 100 and more (years excluded below)
];

/** A year from 1900 to 2029 (data periods, publications) is not a result. */
function isYear(token: string): boolean {
  return /^(19\d\d|20[0-2]\d)$/.test(token);
}

/** Result-looking numbers in one markdown text, after removing the allowed phrases. */
export function resultNumbers(markdown: string, allowed: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const rawLine of markdown.split("\n")) {
    let line = rawLine.replace(/S&P 500/g, "S&P");
    for (const a of allowed) line = line.split(a).join(" ".repeat(a.length));
    const taken: [number, number][] = [];
    for (const re of PATTERNS) {
      for (const m of line.matchAll(re)) {
        const start = m.index!;
        const end = start + m[0].length;
        if (taken.some(([s, e]) => start < e && end > s)) continue;
        const token = m[0].trim();
        if (re.source === "\\b\\d{3,}\\b" && isYear(token)) continue;
        taken.push([start, end]);
        found.push(token);
      }
    }
  }
  return found;
}

/** Scan the markdown cells of `files` (absolute or root-relative) with the allowlist. */
export function scanMarkdown(
  root: string,
  files: readonly string[],
  allowlist: readonly AllowedNumber[],
): { hits: NumberHit[]; unused: AllowedNumber[] } {
  const hits: NumberHit[] = [];
  const used = new Set<AllowedNumber>();
  for (const file of files) {
    const rel = file.startsWith(root + "/") ? file.slice(root.length + 1) : file;
    const text = Deno.readTextFileSync(file.startsWith("/") ? file : `${root}/${file}`);
    const mine = allowlist.filter((a) => a.file === rel);
    parsePercent(text).forEach((cell, i) => {
      if (cell.kind !== "markdown") return;
      for (const a of mine) if (cell.source.includes(a.text)) used.add(a);
      for (const line of cell.source.split("\n")) {
        for (const token of resultNumbers(line, mine.map((a) => a.text))) {
          hits.push({ file: rel, cell: i, token, line: line.trim() });
        }
      }
    });
  }
  const scanned = new Set(
    files.map((f) => f.startsWith(root + "/") ? f.slice(root.length + 1) : f),
  );
  const unused = allowlist.filter((a) => scanned.has(a.file) && !used.has(a));
  return { hits, unused };
}
