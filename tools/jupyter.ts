/**
 * Finding Jupyter's client and the Deno kernel for headless runs, with exact install advice
 * when something is missing (shared by the notebook runner, `deno task lab` and the tests).
 */

/** What to run when Jupyter's client is missing. */
export const JUPYTER_INSTALL_HELP = [
  "Jupyter's client (nbclient) was not found. Install it with one of:",
  "  Debian/Ubuntu: sudo apt-get install -y python3-nbclient jupyter-nbconvert python3-ipykernel jupyter-client",
  "  pip:           python3 -m pip install nbclient nbconvert ipykernel jupyter_client",
  "  (for `deno task lab` also: apt-get install -y jupyter-notebook, or pip install jupyterlab)",
].join("\n");

async function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    return { ok: o.success, out: new TextDecoder().decode(o.stdout) };
  } catch {
    return { ok: false, out: "" };
  }
}

/** A python3 that can import nbclient (Debian's first, then the one on PATH), or null. */
export async function findJupyterPython(): Promise<string | null> {
  const candidates = [Deno.env.get("COURSE_PYTHON"), "/usr/bin/python3", "python3"]
    .filter((c): c is string => !!c);
  for (const py of candidates) {
    if ((await run(py, ["-c", "import nbclient, nbformat, jupyter_client"])).ok) return py;
  }
  return null;
}

/**
 * Make sure a kernel named "deno" exists and runs this very Deno binary (the pinned one);
 * (re)registers it with `deno jupyter --install --force` otherwise. Returns a note.
 */
export async function ensureDenoKernel(python: string): Promise<string> {
  const probe = await run(python, [
    "-c",
    "import json; from jupyter_client.kernelspec import KernelSpecManager as M\n" +
    "try:\n  s = M().get_kernel_spec('deno'); print(json.dumps(s.argv))\n" +
    "except Exception:\n  print('null')",
  ]);
  const argv = probe.ok ? JSON.parse(probe.out.trim() || "null") as string[] | null : null;
  const deno = Deno.execPath();
  const real = (p: string) => {
    try {
      return Deno.realPathSync(p);
    } catch {
      return p;
    }
  };
  if (argv && real(argv[0]) === real(deno)) return `kernel "deno" runs ${deno}`;
  const inst = await new Deno.Command(deno, {
    args: ["jupyter", "--install", "--force"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!inst.success) {
    throw new Error(
      `could not register the Deno kernel: ${new TextDecoder().decode(inst.stderr)}`,
    );
  }
  return argv
    ? `re-registered kernel "deno" to run ${deno} (it ran ${argv[0]})`
    : `registered kernel "deno" (${deno})`;
}
