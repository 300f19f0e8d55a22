/**
 * Training progress that updates in place: inside the Deno Jupyter kernel one display is
 * created and then replaced (`update_display_data` with a display id); in a terminal one
 * compact line per update (rewritten with "\r" on a TTY, appended as its own line otherwise,
 * e.g. in CI logs).
 *
 * Kernel access: this file is the only place in lib/ that touches the kernel's API, and only
 * through `jupyterKernel()`, which returns null (never throws) outside the kernel: Deno defines
 * `Deno.jupyter` everywhere but its getter throws unless running under `deno jupyter`.
 */
import { describe, require, requireNumber } from "../errors.ts";
import { escapeHtml, formatMetric } from "../report.ts";

/** The part of the kernel's API used here (Deno's `jupyter.broadcast`). */
export interface JupyterBroadcaster {
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void> | void;
}

/** The Deno kernel's Jupyter API when running inside it, else null (guarded; never throws). */
export function jupyterKernel(): JupyterBroadcaster | null {
  try {
    if (!("jupyter" in Deno)) return null;
    const api = (Deno as unknown as { jupyter?: Partial<JupyterBroadcaster> }).jupyter;
    return api && typeof api.broadcast === "function" ? (api as JupyterBroadcaster) : null;
  } catch {
    return null; // outside `deno jupyter` the getter throws
  }
}

/** Options of `progressDisplay`. */
export interface ProgressDisplayOptions {
  /** Number of steps (epochs) expected; shows "k/total" and a bar when given. */
  total?: number;
  /** Label in front of the line (default "progress"). */
  label?: string;
  /** Where terminal output goes (default: stdout). */
  writer?: (text: string) => void;
  /** Rewrite one line with "\r" (default: whether stdout is a terminal). */
  tty?: boolean;
  /** Where in-place Jupyter updates go (default: the kernel when running in it; null: none). */
  kernel?: JupyterBroadcaster | null;
  /** Least time between two redraws on a TTY or in Jupyter, in ms (default 100). */
  minIntervalMs?: number;
  /** Clock in ms (default `performance.now`); tests inject one. */
  now?: () => number;
}

function defaultWriter(text: string): void {
  Deno.stdout.writeSync(new TextEncoder().encode(text));
}

function stdoutIsTerminal(): boolean {
  try {
    return Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

/** A progress line for a loop: `update(step, metrics)` each step, `done()` at the end. */
export class ProgressDisplay {
  readonly total?: number;
  readonly label: string;
  private readonly writer: (text: string) => void;
  private readonly tty: boolean;
  private readonly kernel: JupyterBroadcaster | null;
  private readonly minInterval: number;
  private readonly now: () => number;
  private readonly start: number;
  private readonly displayId = `course-progress-${crypto.randomUUID()}`;
  private step = 0;
  private metrics: Record<string, number> = {};
  private lastDraw = -Infinity;
  private shown = false;
  private lastWidth = 0;
  private finished = false;

  constructor(opts: ProgressDisplayOptions = {}) {
    const fn = "progressDisplay";
    if (opts.total !== undefined) {
      this.total = requireNumber(fn, "total", opts.total, { integer: true, positive: true });
    }
    this.label = opts.label ?? "progress";
    require(typeof this.label === "string", fn, "label", "a string", describe(opts.label));
    this.writer = opts.writer ?? defaultWriter;
    this.tty = opts.tty ?? (opts.writer ? false : stdoutIsTerminal());
    this.kernel = opts.kernel === undefined ? jupyterKernel() : opts.kernel;
    this.minInterval = requireNumber(fn, "minIntervalMs", opts.minIntervalMs ?? 100, {
      nonNegative: true,
    });
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** The compact line for the current state, e.g. `fit 3/10 (30%) loss=0.1234 [1.5s]`. */
  line(at: number = this.now()): string {
    const pct = this.total ? ` (${Math.round((100 * this.step) / this.total)}%)` : "";
    const count = this.total ? `${this.step}/${this.total}${pct}` : `${this.step}`;
    const ms = Object.entries(this.metrics).map(([k, v]) => `${k}=${formatMetric(v)}`);
    const secs = ((at - this.start) / 1000).toFixed(1);
    return [`${this.label} ${count}`, ...ms, `[${secs}s]`].join(" ");
  }

  /** Record step `step` (e.g. the epoch just finished) and its metrics, and redraw. */
  update(step: number, metrics: Record<string, number> = {}): void {
    const fn = "ProgressDisplay.update";
    requireNumber(fn, "step", step, { nonNegative: true });
    require(
      metrics !== null && typeof metrics === "object",
      fn,
      "metrics",
      "an object",
      describe(metrics),
    );
    for (const [k, v] of Object.entries(metrics)) {
      require(typeof v === "number", fn, `metrics.${k}`, "a number", describe(v));
    }
    this.step = step;
    this.metrics = { ...metrics };
    this.draw(false);
  }

  /** Finish: draw the final state (with optional last metrics) and end the line. */
  done(metrics?: Record<string, number>): void {
    if (this.finished) return;
    if (metrics) this.update(this.step, metrics);
    this.finished = true;
    this.draw(true);
  }

  private draw(final: boolean): void {
    const t = this.now();
    if (this.kernel) {
      if (!final && this.shown && t - this.lastDraw < this.minInterval) return;
      this.lastDraw = t;
      const kind = this.shown ? "update_display_data" : "display_data";
      this.shown = true;
      // A lost progress update must never stop training: sync throws and rejections are
      // swallowed (Deno's broadcast returns a promise or, in some versions, nothing).
      try {
        const sent = this.kernel.broadcast(kind, {
          data: this.bundle(final, t),
          metadata: {},
          transient: { display_id: this.displayId },
        });
        if (sent && typeof sent.catch === "function") sent.catch(() => {});
      } catch {
        // ignored, see above
      }
      return;
    }
    const text = final ? `${this.line(t)} done` : this.line(t);
    if (this.tty) {
      if (!final && t - this.lastDraw < this.minInterval) return;
      this.lastDraw = t;
      const pad = " ".repeat(Math.max(0, this.lastWidth - text.length));
      this.lastWidth = text.length;
      this.writer(`\r${text}${pad}${final ? "\n" : ""}`);
    } else {
      this.writer(text + "\n");
    }
  }

  private bundle(final: boolean, t: number): Record<string, string> {
    const bar = this.total
      ? `<progress value="${this.step}" max="${this.total}" style="width:220px;` +
        `vertical-align:middle"></progress> `
      : "";
    const text = final ? `${this.line(t)} done` : this.line(t);
    return {
      "text/html": `<div style="font-family:monospace">${bar}${escapeHtml(text)}</div>`,
      "text/plain": text,
    };
  }
}

/** Start a progress display: `const p = progressDisplay({total: 20, label: "fit"})`. */
export function progressDisplay(opts: ProgressDisplayOptions = {}): ProgressDisplay {
  return new ProgressDisplay(opts);
}
