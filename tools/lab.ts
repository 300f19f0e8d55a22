/**
 * `deno task lab`: registers the Deno kernel if needed and starts JupyterLab (or the classic
 * Notebook) on the course, or says exactly what to install.
 */
import { courseRoot } from "../lib/config.ts";
import { ensureCourseKernel, findJupyterPython, JUPYTER_INSTALL_HELP } from "./jupyter.ts";

const python = await findJupyterPython();
if (!python) {
  console.error(JUPYTER_INSTALL_HELP);
  Deno.exit(1);
}
console.log(await ensureCourseKernel(python));
for (const app of ["jupyterlab", "notebook"]) {
  const probe = await new Deno.Command(python, { args: ["-c", `import ${app}`] }).output();
  if (!probe.success) continue;
  const child = new Deno.Command(python, {
    args: ["-m", app, `--notebook-dir=${courseRoot()}`, ...Deno.args],
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  Deno.exit((await child.status).code);
}
console.error(
  "Neither JupyterLab nor Notebook is installed. Install one of:\n" +
    "  python3 -m pip install jupyterlab\n  sudo apt-get install -y jupyter-notebook\n" +
    "or open the notebooks in VS Code with the Jupyter extension (kernel: Deno).",
);
Deno.exit(1);
