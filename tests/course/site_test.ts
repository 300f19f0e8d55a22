/**
 * `deno task site` (tools/site.ts): executed notebooks become a static book with a chapter list,
 * the run's summary, the results table and one page per notebook; plotly.js is in the site once;
 * in headless Chromium every chart of every page draws (skipped, saying why, without Chromium).
 */
import assert from "node:assert/strict";
import { Figure, PLOTLY_MIME } from "../../lib/plot/figure.ts";
import { lineFigure } from "../../lib/plot/line.ts";
import { chromiumDumpDom, findChromium } from "../../lib/plot/chromium.ts";
import { JUPYTER_DISPLAY } from "../../lib/report.ts";
import { buildSite, SITE_PLOTLY } from "../../tools/site.ts";
import { chartCounts } from "../../tools/site_render.ts";

const BUNDLE_MARK = "plotly.js v3.7.0";

function display(fig: Figure) {
  return { output_type: "display_data", metadata: {}, data: fig[JUPYTER_DISPLAY]() };
}

/** Two executed notebooks as nbclient writes them, with charts of each kind the course shows. */
async function fixture(): Promise<{ dir: string; charts: Record<string, number> }> {
  const dir = await Deno.makeTempDir({ prefix: "course-site-" });
  Deno.mkdirSync(`${dir}/in/notebooks`, { recursive: true });
  const line = lineFigure({
    x: [1, 2, 3],
    y: { close: [10, 11, 9] },
    title: "A long title that must wrap because it is longer than the space beside the toolbar",
  });
  const bar = new Figure([{ type: "bar", x: ["a", "b"], y: [1, 2] }]);
  const first = {
    cells: [
      { cell_type: "markdown", source: ["# Chapter zero\n", "\n", "Some **bold** text.\n"] },
      {
        cell_type: "code",
        execution_count: 1,
        source: ["const x = 1 < 2;"],
        outputs: [
          { output_type: "stream", name: "stderr", text: ["\u001b[33mwarn\u001b[0m <b>\n"] },
          display(line),
          display(bar),
          { output_type: "display_data", data: { [PLOTLY_MIME]: bar.toSpec() } },
          { output_type: "execute_result", data: { "text/plain": ["42"] } },
        ],
      },
    ],
  };
  const second = {
    cells: [
      { cell_type: "markdown", source: "# Chapter one" },
      { cell_type: "code", source: "1", outputs: [display(bar)], execution_count: 1 },
    ],
  };
  Deno.writeTextFileSync(`${dir}/in/notebooks/00_zero.ipynb`, JSON.stringify(first));
  Deno.writeTextFileSync(`${dir}/in/notebooks/01_one.ipynb`, JSON.stringify(second));
  Deno.writeTextFileSync(
    `${dir}/in/summary.json`,
    JSON.stringify({
      backend: "wasm",
      device: "test CPU",
      quick: true,
      notebooks: [{ name: "00_zero", status: "ok", seconds: 1.5 }],
    }),
  );
  Deno.writeTextFileSync(
    `${dir}/results.json`,
    JSON.stringify({ "02": { acc_loop: 0.955, baseline: 0.845 }, "07": { auc: 0.757 } }),
  );
  return { dir, charts: { "00_zero.html": 3, "01_one.html": 1 } };
}

Deno.test("the book has a chapter list, summary, results table and one page per notebook", async () => {
  const { dir, charts } = await fixture();
  try {
    const pages = buildSite({
      input: `${dir}/in`,
      site: `${dir}/site`,
      results: `${dir}/results.json`,
    });
    assert.deepEqual(pages.map((p) => [p.file, p.title, p.charts]), [
      ["00_zero.html", "Chapter zero", charts["00_zero.html"]],
      ["01_one.html", "Chapter one", charts["01_one.html"]],
    ]);
    const index = Deno.readTextFileSync(`${dir}/site/index.html`);
    assert.ok(index.indexOf('href="00_zero.html"') < index.indexOf('href="01_one.html"'));
    assert.match(index, /<code>wasm<\/code> on test CPU, <b>quick mode<\/b>/);
    assert.match(index, /<th>02<\/th><td>0.955<\/td><td>0.845<\/td><td><\/td><\/tr>/);
    assert.match(index, /<th>07<\/th><td><\/td><td><\/td><td>0.757<\/td><\/tr>/);
    const page = Deno.readTextFileSync(`${dir}/site/00_zero.html`);
    assert.ok(page.includes("<strong>bold</strong>"), "markdown rendered");
    assert.ok(page.includes("const x = 1 &lt; 2;"), "code escaped");
    assert.ok(
      page.includes("warn &lt;b&gt;") && !page.includes("\u001b"),
      "stderr escaped, no ANSI",
    );
    assert.ok(page.includes(`<script src="${SITE_PLOTLY}"></script>`));
    assert.ok(page.includes('href="01_one.html"') && page.includes('href="index.html"'));
    // plotly.js is in the site exactly once: the asset, not any page.
    let copies = 0;
    for (const f of ["index.html", "00_zero.html", "01_one.html", SITE_PLOTLY]) {
      copies += Deno.readTextFileSync(`${dir}/site/${f}`).split(BUNDLE_MARK).length - 1;
    }
    assert.equal(copies, 1);
    // It never replaces a folder it did not build.
    Deno.mkdirSync(`${dir}/other`);
    Deno.writeTextFileSync(`${dir}/other/notes.txt`, "mine");
    assert.throws(() => buildSite({ input: `${dir}/in`, site: `${dir}/other` }), /not replacing/);
    assert.throws(
      () => buildSite({ input: `${dir}/nothing`, site: `${dir}/s2` }),
      /deno task course/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const chromium = findChromium();

Deno.test({
  name: chromium
    ? "in headless Chromium every chart of every page draws; without plotly.js each shows an error"
    : "book charts in Chromium: SKIPPED, no Chromium found (apt-get install -y chromium)",
  ignore: !chromium,
  fn: async () => {
    const { dir, charts } = await fixture();
    try {
      buildSite({ input: `${dir}/in`, site: `${dir}/site` });
      for (const [file, n] of Object.entries(charts)) {
        const dom = await chromiumDumpDom("site_test", `${dir}/site/${file}`, { budgetMs: 40_000 });
        assert.deepEqual(chartCounts(dom), { total: n, drawn: n, errors: 0 }, file);
      }
      // The check can fail: the same page without the site's plotly.js shows errors, draws none.
      Deno.removeSync(`${dir}/site/${SITE_PLOTLY}`);
      const dom = await chromiumDumpDom("site_test", `${dir}/site/00_zero.html`, {
        budgetMs: 40_000,
      });
      const n = charts["00_zero.html"];
      assert.deepEqual(chartCounts(dom), { total: n, drawn: 0, errors: n });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
