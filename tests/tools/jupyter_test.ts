/**
 * The course registers its own Jupyter kernelspec ("deno-course", issue #19) and never
 * overwrites a user's "deno" kernelspec; it adds "deno" only where there is none. Runs against a
 * throw-away Jupyter data folder (HOME and XDG_DATA_HOME point into a temp dir).
 */
import assert from "node:assert/strict";
import { COURSE_KERNEL, ensureCourseKernel, findJupyterPython } from "../../tools/jupyter.ts";

const python = await findJupyterPython();

async function sandbox(): Promise<{ env: Record<string, string>; kernels: string }> {
  const home = await Deno.makeTempDir({ prefix: "jupyter_home_" });
  const kernels = `${home}/xdg/jupyter/kernels`;
  await Deno.mkdir(kernels, { recursive: true });
  const env = { HOME: home, XDG_DATA_HOME: `${home}/xdg`, JUPYTER_DATA_DIR: `${home}/xdg/jupyter` };
  return { env, kernels };
}

const argv0 = (kernels: string, name: string) =>
  JSON.parse(Deno.readTextFileSync(`${kernels}/${name}/kernel.json`)).argv[0] as string;

Deno.test({
  name: "a user's own 'deno' kernelspec is left alone; the course's runs the pinned Deno",
  ignore: python === null,
  fn: async () => {
    const { env, kernels } = await sandbox();
    const mine = {
      argv: ["/opt/my-deno/bin/deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "My Deno",
      language: "typescript",
    };
    await Deno.mkdir(`${kernels}/deno`);
    await Deno.writeTextFile(`${kernels}/deno/kernel.json`, JSON.stringify(mine));
    const note = await ensureCourseKernel(python!, env);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(`${kernels}/deno/kernel.json`)), mine);
    assert.equal(
      Deno.realPathSync(argv0(kernels, COURSE_KERNEL)),
      Deno.realPathSync(Deno.execPath()),
    );
    assert.match(note, /registered kernel "deno-course"/);
    assert.match(note, /your kernel "deno" runs \/opt\/my-deno\/bin\/deno and is left as it is/);
    // Second call: nothing to do.
    assert.match(await ensureCourseKernel(python!, env), /^kernel "deno-course" runs /);
  },
});

Deno.test({
  name: "without any 'deno' kernelspec, both are registered (the notebooks open directly)",
  ignore: python === null,
  fn: async () => {
    const { env, kernels } = await sandbox();
    const note = await ensureCourseKernel(python!, env);
    assert.match(note, /registered kernel "deno" \(none existed\)/);
    assert.equal(Deno.realPathSync(argv0(kernels, "deno")), Deno.realPathSync(Deno.execPath()));
  },
});
