/** Tests of ProgressDisplay: terminal lines (CI and TTY), Jupyter in-place updates, guard. */
import assert from "node:assert/strict";
import {
  type JupyterBroadcaster,
  jupyterKernel,
  progressDisplay,
} from "../../../lib/train/progress.ts";

function clock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs) - stepMs;
}

Deno.test("outside Jupyter (not a TTY) every update writes one compact line", () => {
  const out: string[] = [];
  const p = progressDisplay({
    total: 4,
    label: "fit",
    writer: (s) => out.push(s),
    tty: false,
    kernel: null,
    now: clock(500),
  });
  p.update(1, { loss: 0.5, val_loss: 0.123456 });
  p.update(2, { loss: 0.25, val_loss: 0.1 });
  p.done();
  assert.deepEqual(out, [
    "fit 1/4 (25%) loss=0.5000 val_loss=0.1235 [0.5s]\n",
    "fit 2/4 (50%) loss=0.2500 val_loss=0.1000 [1.0s]\n",
    "fit 2/4 (50%) loss=0.2500 val_loss=0.1000 [1.5s] done\n",
  ]);
  assert.throws(() => p.update(-1), /ProgressDisplay\.update: argument 'step' expected/);
  assert.throws(
    () => p.update(1, { loss: "low" as never }),
    /argument 'metrics\.loss' expected a number, received string "low"/,
  );
});

Deno.test("on a TTY the line is rewritten in place with \\r and padded over longer text", () => {
  const out: string[] = [];
  const p = progressDisplay({
    label: "ep",
    writer: (s) => out.push(s),
    tty: true,
    kernel: null,
    minIntervalMs: 0,
    now: () => 0,
  });
  p.update(10, { loss: 1.5 });
  p.update(11);
  p.done();
  assert.deepEqual(out, [
    "\rep 10 loss=1.5000 [0.0s]",
    "\rep 11 [0.0s]" + " ".repeat(12),
    "\rep 11 [0.0s] done\n",
  ]);
});

Deno.test("in the kernel: display_data once, then update_display_data with the same id", async () => {
  const sent: { type: string; content: Record<string, unknown> }[] = [];
  const kernel: JupyterBroadcaster = {
    broadcast: (type, content) => {
      sent.push({ type, content });
      return Promise.resolve();
    },
  };
  const out: string[] = [];
  const p = progressDisplay({
    total: 3,
    label: "fit",
    kernel,
    writer: (s) => out.push(s),
    minIntervalMs: 0,
    now: () => 0,
  });
  p.update(1, { loss: 0.5 });
  p.update(2, { loss: 0.4 });
  p.done();
  await Promise.resolve();
  assert.deepEqual(sent.map((m) => m.type), [
    "display_data",
    "update_display_data",
    "update_display_data",
  ]);
  const ids = sent.map((m) => (m.content.transient as { display_id: string }).display_id);
  assert.ok(ids[0].startsWith("course-progress-") && ids.every((id) => id === ids[0]));
  const last = sent[2].content.data as Record<string, string>;
  assert.equal(last["text/plain"], "fit 2/3 (67%) loss=0.4000 [0.0s] done");
  assert.ok(last["text/html"].includes('<progress value="2" max="3"'));
  assert.deepEqual(out, [], "nothing is printed to the terminal in the kernel");
});

Deno.test("the kernel accessor is null outside `deno jupyter` and never throws", () => {
  assert.equal(jupyterKernel(), null);
  assert.throws(() => progressDisplay({ total: 0 }), /argument 'total' expected an integer > 0/);
});

Deno.test("a kernel that returns nothing, rejects or throws never stops the loop", async () => {
  const kinds: string[] = [];
  const quiet: JupyterBroadcaster = { broadcast: (type) => void kinds.push(type) };
  const rejecting: JupyterBroadcaster = { broadcast: () => Promise.reject(new Error("gone")) };
  const throwing: JupyterBroadcaster = {
    broadcast: () => {
      throw new Error("closed");
    },
  };
  for (const kernel of [quiet, rejecting, throwing]) {
    const p = progressDisplay({ total: 2, kernel, minIntervalMs: 0, writer: () => {} });
    p.update(1, { loss: 1 });
    p.update(2, { loss: 0.5 });
    p.done();
  }
  await new Promise((r) => setTimeout(r, 0)); // let a rejection surface if it were unhandled
  assert.deepEqual(kinds, ["display_data", "update_display_data", "update_display_data"]);
});
