/**
 * `deno task lab`: registers the Deno kernel if needed, fetches the npm modules (so a
 * notebook's first cell does not), and starts JupyterLab (or the classic Notebook) on the
 * course, or says exactly what to install. As root it adds `--allow-root` (Jupyter refuses
 * root otherwise). Charts load plotly.js from the server's /files/ route, so the server's root
 * is the course folder.
 */
import { courseRoot } from "../lib/config.ts";
import { ensureCourseKernel, findJupyterPython, JUPYTER_INSTALL_HELP } from "./jupyter.ts";

const python = await findJupyterPython();
if (!python) {
  console.error(JUPYTER_INSTALL_HELP);
  Deno.exit(1);
}
console.log(await ensureCourseKernel(python));
console.log("fetching the course's npm modules (deno install; quick when they are cached) ...");
const inst = await new Deno.Command(Deno.execPath(), {
  args: ["install"],
  cwd: courseRoot(),
  stdout: "null",
  stderr: "piped",
}).output();
if (!inst.success) {
  console.error(`deno install failed:\n${new TextDecoder().decode(inst.stderr)}`);
  Deno.exit(1);
}
console.log(
  "A notebook's first cell takes 10-30 s on its first run while the kernel loads tfjs, " +
    "polars and plotly; later cells are quick.",
);
const rootFlag = Deno.uid() === 0 && !Deno.args.includes("--allow-root") ? ["--allow-root"] : [];
for (const app of ["jupyterlab", "notebook"]) {
  const probe = await new Deno.Command(python, { args: ["-c", `import ${app}`] }).output();
  if (!probe.success) continue;
  const child = new Deno.Command(python, {
    args: ["-m", app, `--notebook-dir=${courseRoot()}`, ...rootFlag, ...Deno.args],
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
