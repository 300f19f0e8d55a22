/**
 * Tests of static export: self-contained HTML always; PNG/SVG through headless Chromium when
 * it is installed (skipped with a printed reason otherwise).
 */
import assert from "node:assert/strict";
import { lineFigure } from "../../../lib/plot/line.ts";
import {
  figurePageHtml,
  saveFigureHtml,
  saveFigurePng,
  saveFigureSvg,
} from "../../../lib/plot/export.ts";
import { ChromiumNotFoundError, findChromium } from "../../../lib/plot/chromium.ts";

const chromium = findChromium();
if (!chromium) {
  console.log(
    "export_test: PNG/SVG export tests skipped: no headless Chromium " +
      "(install with `sudo apt-get install -y chromium`)",
  );
}

const fig = lineFigure({ x: [1, 2, 3], y: { tracked: [0.125, 0.375, 0.625] }, title: "export" });

Deno.test("saveFigureHtml writes a self-contained page holding plotly.js and the data", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = saveFigureHtml(fig, `${dir}/sub/fig.html`);
    const html = Deno.readTextFileSync(path);
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.ok(html.includes("<title>export</title>"));
    assert.ok(html.includes('"y":[0.125,0.375,0.625]'), "the data is in the page");
    assert.equal(html.split("plotly.js v3.7.0").length - 1, 1, "plotly.js is inlined once");
    assert.ok(!/<script[^>]+src=/.test(html), "no external scripts");
    assert.equal(figurePageHtml(fig).split("plotly.js v3.7.0").length - 1, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.throws(
    () => saveFigureHtml({ data: [] } as never, "/tmp/x.html"),
    /saveFigureHtml: argument 'fig' expected a Figure, received object/,
  );
});

Deno.test("without Chromium, PNG export fails naming chromium and the apt-get line", async () => {
  const saved = Deno.env.get("COURSE_CHROMIUM");
  Deno.env.set("COURSE_CHROMIUM", "/nonexistent/chromium");
  try {
    await assert.rejects(() => saveFigurePng(fig, "/tmp/never.png"), (e: unknown) => {
      assert.ok(e instanceof ChromiumNotFoundError);
      assert.match(e.message, /saveFigurePng: headless Chromium is needed/);
      assert.match(e.message, /apt-get install -y chromium/);
      return true;
    });
  } finally {
    if (saved === undefined) Deno.env.delete("COURSE_CHROMIUM");
    else Deno.env.set("COURSE_CHROMIUM", saved);
  }
});

Deno.test({
  name: "saveFigurePng renders a real PNG of the requested size (needs Chromium)",
  ignore: !chromium,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = await saveFigurePng(fig, `${dir}/fig.png`, {
        width: 320,
        height: 200,
        scale: 2,
      });
      const png = Deno.readFileSync(path);
      assert.deepEqual([...png.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const view = new DataView(png.buffer, png.byteOffset);
      assert.equal(String.fromCharCode(...png.slice(12, 16)), "IHDR");
      assert.deepEqual([view.getUint32(16), view.getUint32(20)], [640, 400]); // size × scale
      assert.ok(png.length > 3000 && png.length < 2_000_000, `${png.length} bytes`);
      const svgPath = await saveFigureSvg(fig, `${dir}/fig.svg`, { width: 320, height: 200 });
      const svg = Deno.readTextFileSync(svgPath);
      assert.ok(svg.startsWith("<svg") && svg.includes('width="320"'), svg.slice(0, 200));
      assert.ok(svg.includes(">export<"), "the title is drawn");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
