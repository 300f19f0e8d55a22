/**
 * Progress for long text lists (sentiment, embeddings): lib/plot's progress display, fed
 * after each chunk of texts, so a notebook shows that work goes on.
 */
import { type ProgressDisplay, progressDisplay } from "../train/progress.ts";
import type { NlpProgress } from "./types.ts";

/** Lists at least this long get a progress display unless `progress: false` is passed. */
export const NLP_PROGRESS_MIN = 256;

/**
 * A progress callback for `label` on lib/plot's display (in place in Jupyter, a line in a
 * terminal); updates at most every `everyMs` except the last one.
 */
export function nlpProgressPrinter(label: string, everyMs = 2000): NlpProgress {
  let display: ProgressDisplay | null = null;
  let last = -Infinity;
  return (done: number, total: number) => {
    display ??= progressDisplay({ total: Math.max(1, total), label });
    const now = performance.now();
    if (done >= total) {
      display.update(done);
      display.done();
    } else if (now - last >= everyMs) {
      last = now;
      display.update(done);
    }
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
