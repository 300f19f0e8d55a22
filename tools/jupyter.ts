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

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ok: boolean; out: string; err: string }> {
  try {
    const o = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" })
      .output();
    const dec = new TextDecoder();
    return { ok: o.success, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
  } catch (e) {
    return { ok: false, out: "", err: String(e) };
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

/** The course's own kernelspec: the user's "deno" kernelspec is never replaced. */
export const COURSE_KERNEL = "deno-course";
/** Its display name in Jupyter's kernel menu. */
export const COURSE_KERNEL_DISPLAY = "Deno (course)";

/** The argv of kernelspec `name` as Jupyter sees it, or null when there is none. */
async function kernelArgv(
  python: string,
  name: string,
  env: Record<string, string>,
): Promise<string[] | null> {
  const probe = await run(python, [
    "-c",
    "import json; from jupyter_client.kernelspec import KernelSpecManager as M\n" +
    `try:\n  s = M().get_kernel_spec(${JSON.stringify(name)}); print(json.dumps(s.argv))\n` +
    "except Exception:\n  print('null')",
  ], env);
  return probe.ok ? JSON.parse(probe.out.trim() || "null") as string[] | null : null;
}

const real = (p: string) => {
  try {
    return Deno.realPathSync(p);
  } catch {
    return p;
  }
};

/**
 * Make sure the kernelspec "deno-course" runs this very Deno binary (the pinned one) and
 * register it under that name if not; a "deno" kernelspec is added only when the user has none
 * (so the notebooks open directly) and is never overwritten. `env` is for tests. Returns a note.
 */
export async function ensureCourseKernel(
  python: string,
  env: Record<string, string> = {},
): Promise<string> {
  const deno = Deno.execPath();
  const notes: string[] = [];
  const install = async (name: string, display: string, force: boolean) => {
    const args = ["jupyter", "--install", "--name", name, "--display", display];
    const r = await run(deno, force ? [...args, "--force"] : args, env);
    if (!r.ok) throw new Error(`could not register the Jupyter kernel "${name}": ${r.err}`);
  };
  const course = await kernelArgv(python, COURSE_KERNEL, env);
  if (course && real(course[0]) === real(deno)) {
    notes.push(`kernel "${COURSE_KERNEL}" runs ${deno}`);
  } else {
    await install(COURSE_KERNEL, COURSE_KERNEL_DISPLAY, true); // the course's own name
    notes.push(`registered kernel "${COURSE_KERNEL}" (${deno})`);
  }
  const user = await kernelArgv(python, "deno", env);
  if (!user) {
    await install("deno", "Deno", false);
    notes.push(`registered kernel "deno" (none existed)`);
  } else if (real(user[0]) !== real(deno)) {
    notes.push(
      `your kernel "deno" runs ${user[0]} and is left as it is; in Jupyter pick ` +
        `"${COURSE_KERNEL_DISPLAY}" for the course's pinned Deno`,
    );
  }
  return notes.join("; ");
}
