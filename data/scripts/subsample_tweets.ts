/**
 * Deterministic subsample of the StockNet tweets (see data/README.md):
 * for every (ticker, date) keep at most K tweets, those with the smallest sha256(tweet_id)
 * (hex digest of the decimal id string), and keep the input's order (ticker, date, time).
 *
 *   deno run -A data/scripts/subsample_tweets.ts SRC.csv DST.csv K
 *
 * The input has one tweet per line (whitespace in the text was collapsed upstream), and its
 * first four fields (ticker, date, created_at_utc, tweet_id) never contain commas or quotes.
 */
import { createHash } from "node:crypto";

const [src, dst, kArg] = Deno.args;
const k = Number(kArg);
if (!src || !dst || !Number.isInteger(k) || k < 1) {
  throw new Error("usage: subsample_tweets.ts SRC.csv DST.csv K (K a positive integer)");
}
const lines = Deno.readTextFileSync(src).split(/\r?\n/).filter((l) => l.length > 0);
const header = lines[0];
if (header !== "ticker,date,created_at_utc,tweet_id,text") {
  throw new Error(`unexpected header: ${header}`);
}
const groups = new Map<string, { i: number; h: string }[]>();
for (let i = 1; i < lines.length; i++) {
  const f = lines[i].split(",", 4);
  if (f.length < 4 || !/^\d+$/.test(f[3])) throw new Error(`bad line ${i + 1}: ${lines[i]}`);
  const key = `${f[0]},${f[1]}`;
  const h = createHash("sha256").update(f[3]).digest("hex");
  const g = groups.get(key) ?? [];
  g.push({ i, h });
  groups.set(key, g);
}
const keep = new Set<number>();
for (const g of groups.values()) {
  g.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  for (const { i } of g.slice(0, k)) keep.add(i);
}
const out = [header, ...lines.slice(1).filter((_, j) => keep.has(j + 1))];
Deno.writeTextFileSync(dst, out.join("\r\n") + "\r\n"); // CRLF, as the source
console.log(`kept ${out.length - 1} of ${lines.length - 1} tweets (K = ${k}) -> ${dst}`);
