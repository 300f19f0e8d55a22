"""Execute one notebook headlessly through Jupyter's own client (nbclient) with a given kernel.

Used by tools/run_notebooks.ts. Prints one JSON line on stdout with the outcome:
{"status": "ok"|"error", "seconds": s, "cell": i, "error": "...", "outputs": n}
and writes the executed notebook (outputs included, errors too) to the output path.
"""
import fcntl
import json
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import (CellExecutionComplete, CellExecutionError, CellTimeoutError,
                                 DeadKernelError)

# The Deno kernel (measured with 2.9.6) sometimes publishes a cell's execute_result or display
# messages AFTER its "idle" status; nbclient stops listening at "idle" and drops them (about
# 1 run in 4 lost an output in our measurement). After idle we keep reading this cell's iopub
# messages until the channel has been quiet for GRACE seconds.
GRACE = 0.3


# jupyter_client picks a kernel's five ports by binding port 0 and closing the sockets; the
# kernel binds them only later. Two notebooks starting at once (the test suite runs several)
# could pick the same free ports, and a client then talks to the other kernel: "Invalid
# Signature", or its kernel dies with "Address already in use". Measured: 1 failure in 208 starts
# of a tiny notebook 16 at a time without the lock, 0 in 128 with it (too few to prove much). The
# Deno kernel has no ipc transport, so kernel start-up is serialised across processes with a
# file lock, held from picking the ports until the kernel has answered (its sockets are bound).
LOCK_PATH = os.path.join(tempfile.gettempdir(), "course-kernel-start.lock")


# COURSE_IOPUB_STATS=FILE: append one JSON line per run with the largest iopub message content
# seen (bytes of its JSON) and the number of messages; used to measure what plotly.js costs.
STATS_PATH = os.environ.get("COURSE_IOPUB_STATS")


class LatecomerClient(NotebookClient):
    """A NotebookClient that also collects a cell's outputs that arrive after its idle status,
    and starts its kernel under a cross-process lock (see LOCK_PATH)."""

    _lock_fd = None
    max_msg = 0
    n_msgs = 0

    def _release_start_lock(self):
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    async def async_start_new_kernel(self, **kwargs):
        try:
            self._lock_fd = os.open(LOCK_PATH, os.O_CREAT | os.O_RDWR, 0o666)
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        except OSError:  # e.g. another user's lock file: start unserialised, as nbclient does
            self._release_start_lock()
        try:
            await super().async_start_new_kernel(**kwargs)
        except BaseException:
            self._release_start_lock()
            raise

    async def async_start_new_kernel_client(self):
        try:
            return await super().async_start_new_kernel_client()
        finally:
            self._release_start_lock()

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        idle = False
        while True:
            try:
                timeout = GRACE if idle else None
                msg = await self.kc.iopub_channel.get_msg(timeout=timeout)
            except Exception:  # queue.Empty after the grace period
                if idle:
                    return
                raise
            if STATS_PATH:
                self.n_msgs += 1
                self.max_msg = max(self.max_msg, len(json.dumps(msg.get("content", {}))))
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                idle = True


def main() -> int:
    src, dst, workdir, kernel, cell_timeout = sys.argv[1:6]
    nb = nbformat.read(src, as_version=4)
    client = LatecomerClient(
        nb,
        kernel_name=kernel,
        timeout=int(cell_timeout),
        startup_timeout=180,
        # Wait for every output message of a cell before moving on: the Deno kernel may send
        # its reply before the last display messages arrive; give them time instead of dropping.
        iopub_timeout=15,
        raise_on_iopub_timeout=False,
        record_timing=True,
        allow_errors=False,
        resources={"metadata": {"path": workdir}},
    )
    start = time.time()
    result = {"status": "ok", "cell": None, "error": None}
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
        result["status"] = "error"
        # Find the failing cell: the first code cell with an error output, else the last run.
        failing = None
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                failing = i
                break
        if failing is None:
            executed = [i for i, c in enumerate(nb.cells)
                        if c.cell_type == "code" and c.get("execution_count")]
            failing = executed[-1] if executed else None
        result["cell"] = failing
        msg = str(e)
        if failing is not None:
            for o in nb.cells[failing].get("outputs", []):
                if o.get("output_type") == "error":
                    msg = f"{o.get('ename')}: {o.get('evalue')}"
        result["error"] = (type(e).__name__ + ": " if isinstance(e, (CellTimeoutError, DeadKernelError)) else "") + msg
    except Exception as e:  # the kernel's messaging failed (e.g. "Invalid Signature"), not a cell
        executed = [i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and c.get("execution_count")]
        result["status"] = "error"
        result["error"] = f"{type(e).__name__}: {e} (while cell {executed[-1] + 1 if executed else '?'} ran)"
    result["seconds"] = round(time.time() - start, 3)
    result["outputs"] = sum(len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")
    nbformat.write(nb, dst)
    if STATS_PATH:
        with open(STATS_PATH, "a") as f:
            f.write(json.dumps({"max_iopub_content": client.max_msg, "iopub_messages": client.n_msgs,
                                "status": result["status"], "error": result["error"]}) + "\n")
    print(json.dumps(result), flush=True)
    return 0 if result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
