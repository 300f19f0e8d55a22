/**
 * A student's session in a real browser: the classic Jupyter Notebook server on a free local
 * port (127.0.0.1 only), chapter 00 opened in headless Chromium, Run All, then the device
 * banner and drawn charts are on the page, no cell failed, no chart shows an error, and the
 * server logged no "Invalid Signature". Skipped, saying why, without Chromium or the Notebook
 * server (Debian: apt-get install -y chromium jupyter-notebook).
 */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";
import { findChromium } from "../../lib/plot/chromium.ts";
import {
  COURSE_KERNEL,
  COURSE_KERNEL_DISPLAY,
  ensureCourseKernel,
  findJupyterPython,
} from "../../tools/jupyter.ts";
import { buildText } from "../../tools/notebook.ts";
import { BrowserPage } from "./cdp.ts";

const root = courseRoot();
const chromium = findChromium();
const python = await findJupyterPython();
const hasNotebook = python !== null &&
  (await new Deno.Command(python, { args: ["-c", "import notebook"], stderr: "null" }).output())
    .success;
const skip = !chromium
  ? "no Chromium (apt-get install -y chromium)"
  : !hasNotebook
  ? "no Jupyter Notebook server (apt-get install -y jupyter-notebook)"
  : null;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** What the test reads off the notebook page. */
interface PageState {
  cells: number;
  done: number;
  errors: number;
  banner: boolean;
  total: number;
  drawn: number;
  failed: number;
  why?: string;
}

const STATE = `(() => {
  const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code");
  const q = (s) => document.querySelectorAll(s).length;
  return {
    cells: cells.length,
    done: cells.filter((c) => typeof c.input_prompt_number === "number").length,
    errors: q(".output_error"),
    banner: [...document.querySelectorAll(".output_html")]
      .some((e) => /Running on CPU|GPU available/.test(e.textContent)),
    total: q(".course-plotly"),
    drawn: q(".course-plotly.js-plotly-plot"),
    failed: q(".course-plotly-error"),
    why: [...document.querySelectorAll(".course-plotly-error")].map((e) => e.textContent)[0],
  };
})()`;

Deno.test({
  name: skip
    ? `chapter 00 in a browser: SKIPPED, ${skip}`
    : "chapter 00 in the Notebook server and Chromium: Run All shows the banner and drawn charts",
  ignore: skip !== null,
  fn: async () => {
    await ensureCourseKernel(python!);
    const id = crypto.randomUUID().slice(0, 8);
    const rel = `tests/fixtures/generated/browser_${id}`;
    const dir = `${root}/${rel}`;
    Deno.mkdirSync(dir, { recursive: true });
    const nb = "00_tensors_and_devices.ipynb";
    // A fresh build from the source: the test never touches a student's working copy.
    // It runs on the course's own kernel (a student's "deno" kernel may point elsewhere).
    const built = JSON.parse(
      await buildText(`${root}/notebooks/${nb.replace(".ipynb", ".nb.ts")}`),
    );
    built.metadata.kernelspec = {
      display_name: COURSE_KERNEL_DISPLAY,
      language: "typescript",
      name: COURSE_KERNEL,
    };
    Deno.writeTextFileSync(`${dir}/${nb}`, JSON.stringify(built, null, 1));
    const runtime = await Deno.makeTempDir({ prefix: "course-jupyter-" });
    const port = freePort();
    const token = crypto.randomUUID().replaceAll("-", "");
    const log = `${runtime}/server.log`;
    const logFile = Deno.openSync(log, { write: true, create: true });
    const server = new Deno.Command(python!, {
      args: [
        "-m",
        "notebook",
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${root}`,
        ...(Deno.uid() === 0 ? ["--allow-root"] : []),
      ],
      env: { COURSE_QUICK: "1", NO_COLOR: "1", JUPYTER_RUNTIME_DIR: runtime },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const logDone = server.stderr.pipeTo(logFile.writable);
    const base = `http://127.0.0.1:${port}`;
    let page: BrowserPage | null = null;
    try {
      const up = Date.now() + 60_000;
      let ok = false;
      while (!ok && Date.now() < up) {
        ok = await fetch(`${base}/api/status?token=${token}`).then((r) => {
          r.body?.cancel();
          return r.ok;
        }).catch(() => false);
        if (!ok) await new Promise((r) => setTimeout(r, 300));
      }
      assert.ok(ok, `the notebook server did not answer:\n${Deno.readTextFileSync(log)}`);
      page = await BrowserPage.open(chromium!, `${base}/notebooks/${rel}/${nb}?token=${token}`);
      const kernel = await page.waitFor<boolean>(
        "!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && " +
          "Jupyter.notebook.kernel.is_connected())",
        (v) => v === true,
        120_000,
      );
      assert.ok(kernel.ok, `the Deno kernel did not connect:\n${Deno.readTextFileSync(log)}`);
      await page.evaluate("Jupyter.notebook.execute_all_cells(), true");
      const ran = await page.waitFor<PageState>(
        STATE,
        (s) => s.errors > 0 || (s.cells > 0 && s.done === s.cells),
        240_000,
        1000,
      );
      const s = ran.value;
      assert.ok(ran.ok, `Run All did not finish: ${JSON.stringify(s)}`);
      assert.equal(s.errors, 0, `a cell failed: ${JSON.stringify(s)}`);
      assert.ok(s.banner, "no device banner on the page");
      // Charts draw once plotly.js has loaded from the server's /files/ route.
      const drew = await page.waitFor<PageState>(
        STATE,
        (v) => v.total > 0 && v.drawn + v.failed === v.total,
        60_000,
      );
      assert.ok(drew.value.total > 0, "no chart on the page");
      assert.deepEqual(
        [drew.value.drawn, drew.value.failed],
        [drew.value.total, 0],
        JSON.stringify(drew.value),
      );
      const serverLog = Deno.readTextFileSync(log);
      assert.doesNotMatch(serverLog, /Invalid Signature/, serverLog.slice(-3000));
    } finally {
      await page?.close();
      await fetch(`${base}/api/shutdown?token=${token}`, { method: "POST" })
        .then((r) => r.body?.cancel()).catch(() => {});
      const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
      await server.status;
      clearTimeout(timer);
      await logDone.catch(() => {});
      await Deno.remove(runtime, { recursive: true }).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
