/**
 * Progress for long text lists: a callback that prints "label: done/total (pct)" to stderr
 * at most every `everyMs`, and always at the end, so a notebook shows that work goes on.
 */
import type { NlpProgress } from "./types.ts";

/** Lists at least this long get a progress display unless `progress: false` is passed. */
export const NLP_PROGRESS_MIN = 256;

/** A stderr progress printer for `label`. */
export function nlpProgressPrinter(label: string, everyMs = 2000): NlpProgress {
  let last = -Infinity;
  const t0 = performance.now();
  const enc = new TextEncoder();
  return (done: number, total: number) => {
    const now = performance.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : "100.0";
    const secs = ((now - t0) / 1000).toFixed(1);
    Deno.stderr.writeSync(enc.encode(`${label}: ${done}/${total} (${pct}%) ${secs} s\n`));
  };
}

/** Run `work` over `texts` in chunks of `chunk`, reporting progress after each chunk. */
export async function withProgress<T>(
  texts: readonly string[],
  chunk: number,
  progress: NlpProgress | undefined,
  work: (part: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let s = 0; s < texts.length; s += chunk) {
    out.push(...await work(texts.slice(s, s + chunk)));
    progress?.(Math.min(s + chunk, texts.length), texts.length);
  }
  return out;
}
