/**
 * Just enough of the Chrome DevTools Protocol for the course's browser tests: start headless
 * Chromium on a page, evaluate JavaScript in it, wait for a condition, close everything.
 */
import { CHROMIUM_FLAGS } from "../../lib/plot/chromium.ts";

/** A headless Chromium showing one page, driven over the DevTools protocol. */
export class BrowserPage {
  private nextId = 0;
  private pending = new Map<number, (msg: Record<string, unknown>) => void>();

  private constructor(
    private proc: Deno.ChildProcess,
    private ws: WebSocket,
    private profile: string,
  ) {
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data));
      const done = this.pending.get(msg.id);
      if (done) {
        this.pending.delete(msg.id);
        done(msg);
      }
    };
  }

  /** Launch Chromium (binary `bin`) on `url` and connect to the page. */
  static async open(bin: string, url: string): Promise<BrowserPage> {
    const profile = await Deno.makeTempDir({ prefix: "course-cdp-" });
    const proc = new Deno.Command(bin, {
      args: [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "--window-size=1280,2000",
        url,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/..." on stderr.
    const reader = proc.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    let port = "";
    const deadline = Date.now() + 60_000;
    while (!port && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
      port = seen.match(/DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//)?.[1] ?? "";
    }
    // Keep draining stderr so Chromium never blocks on a full pipe.
    (async () => {
      while (!(await reader.read()).done) { /* discard */ }
    })().catch(() => {});
    if (!port) {
      proc.kill("SIGKILL");
      throw new Error(`Chromium did not open a DevTools port:\n${seen.slice(-2000)}`);
    }
    let wsUrl = "";
    while (!wsUrl && Date.now() < deadline) {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as {
        type: string;
        webSocketDebuggerUrl: string;
      }[];
      wsUrl = list.find((t) => t.type === "page")?.webSocketDebuggerUrl ?? "";
      if (!wsUrl) await new Promise((r) => setTimeout(r, 200));
    }
    const ws = new WebSocket(wsUrl);
    await new Promise((ok, fail) => {
      ws.onopen = ok;
      ws.onerror = fail;
    });
    return new BrowserPage(proc, ws, profile);
  }

  /** Send one protocol command and wait for its answer. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluate a JavaScript expression in the page; returns its JSON value (or throws). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    }) as { result?: { result?: { value?: T }; exceptionDetails?: unknown } };
    if (r.result?.exceptionDetails) {
      throw new Error(`in the page: ${JSON.stringify(r.result.exceptionDetails).slice(0, 500)}`);
    }
    return r.result?.result?.value as T;
  }

  /** Poll `expression` every `everyMs` until `ok(value)` or the time runs out; last value. */
  async waitFor<T>(
    expression: string,
    ok: (v: T) => boolean,
    timeoutMs: number,
    everyMs = 500,
  ): Promise<{ value: T; ok: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let value = undefined as T;
    while (Date.now() < deadline) {
      try {
        value = await this.evaluate<T>(expression);
        if (ok(value)) return { value, ok: true };
      } catch { /* page still loading */ }
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return { value, ok: false };
  }

  /** Close the page, stop Chromium, remove its profile. */
  async close(): Promise<void> {
    try {
      this.ws.close();
    } catch { /* closed */ }
    try {
      this.proc.kill("SIGKILL");
    } catch { /* exited */ }
    await this.proc.status;
    await Deno.remove(this.profile, { recursive: true }).catch(() => {});
  }
}
