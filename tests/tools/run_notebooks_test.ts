/** Tests of tools/run_notebooks.ts's retry rule: kernel connection failures, not cell errors. */
import assert from "node:assert/strict";
import { type ExecOutcome, isKernelPlumbingFailure } from "../../tools/run_notebooks.ts";

const crashed = (error: string): ExecOutcome => ({
  status: "error",
  cell: null,
  error,
  outputs: 0,
});

Deno.test("a kernel whose sockets failed is retried; a failing cell or other crash is not", () => {
  // What nbclient printed when two kernels picked the same ports (CI, and a stress run).
  assert.ok(isKernelPlumbingFailure(crashed(
    'runner crashed:   File "jupyter_client/session.py", line 1060, in deserialize\n' +
      "ValueError: Invalid Signature: b'6394c4cd'",
  )));
  assert.ok(isKernelPlumbingFailure(crashed(
    "runner crashed: error: Uncaught (in promise) AddrInUse: Address already in use (os error 98)\n" +
      "RuntimeError: Kernel died before replying to kernel_info",
  )));
  // As tools/nbexec.py reports a messaging failure mid-run.
  assert.ok(isKernelPlumbingFailure(crashed(
    "ValueError: Invalid Signature: b'6394c4cd' (while cell 12 ran)",
  )));
  // A notebook's own failure is reported, never retried.
  assert.equal(
    isKernelPlumbingFailure({
      status: "error",
      cell: 4,
      error: "Error: Invalid Signature in the student's own code",
      outputs: 3,
    }),
    false,
  );
  assert.equal(
    isKernelPlumbingFailure(crashed("runner crashed: ModuleNotFoundError: nbclient")),
    false,
  );
  assert.equal(
    isKernelPlumbingFailure({ status: "ok", cell: null, error: null, outputs: 5 }),
    false,
  );
});

Deno.test("a run that fails before the end leaves no stale out/summary.json behind", async () => {
  const { runNotebooks } = await import("../../tools/run_notebooks.ts");
  const out = await Deno.makeTempDir({ prefix: "course_out_" });
  const empty = await Deno.makeTempDir({ prefix: "course_nb_" });
  await Deno.writeTextFile(`${out}/summary.json`, '{"notebooks": [{"status": "ok"}]}');
  await assert.rejects(() => runNotebooks(["--dir", empty, "--out", out]), /no notebook in/);
  assert.equal(await Deno.stat(`${out}/summary.json`).then(() => true, () => false), false);
});
