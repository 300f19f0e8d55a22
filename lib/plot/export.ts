/**
 * Static export of figures: a self-contained HTML page (plotly.js inlined, works offline),
 * and PNG/SVG images rendered by `Plotly.toImage` inside headless Chromium (README pictures).
 */
import { describe, require, requireNumber } from "../errors.ts";
import { escapeHtml } from "../report.ts";
import { chromiumDumpDom } from "./chromium.ts";
import { Figure } from "./figure.ts";
import { plotlyScriptTag } from "./plotly_bundle.ts";

/** Options of image export. */
export interface FigureImageOptions {
  /** Width in pixels (default: the figure's width, else 900). */
  width?: number;
  /** Height in pixels (default: the figure's height, else 500). */
  height?: number;
  /** Pixel ratio of PNGs (default 1; 2 for crisp README pictures). */
  scale?: number;
}

function checkFigure(fn: string, fig: unknown): asserts fig is Figure {
  require(fig instanceof Figure, fn, "fig", "a Figure", describe(fig));
}

function parentDir(path: string): void {
  const dir = path.replace(/\/[^/]*$/, "");
  if (dir && dir !== path) Deno.mkdirSync(dir, { recursive: true });
}

/** A complete, self-contained HTML page showing the figure (plotly.js inlined). */
export function figurePageHtml(fig: Figure, opts: { title?: string } = {}): string {
  checkFigure("figurePageHtml", fig);
  const t = fig.layout.title as { text?: string } | undefined;
  const title = opts.title ?? t?.text ?? "figure";
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `</head><body style="margin:0;background:white">\n${fig.toHtml({ includePlotly: true })}\n` +
    `</body></html>\n`;
}

/** Write the figure as a self-contained HTML file (opens offline in any browser); returns path. */
export function saveFigureHtml(fig: Figure, path: string, opts: { title?: string } = {}): string {
  checkFigure("saveFigureHtml", fig);
  require(
    typeof path === "string" && path.length > 0,
    "saveFigureHtml",
    "path",
    "a file path",
    describe(path),
  );
  parentDir(path);
  Deno.writeTextFileSync(path, figurePageHtml(fig, opts));
  return path;
}

function imagePage(fig: Figure, format: "png" | "svg", size: Required<FigureImageOptions>): string {
  const spec = JSON.stringify(fig.toSpec()).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${plotlyScriptTag()}
<pre id="course-image-out"></pre><pre id="course-image-err"></pre>
<script type="text/javascript">
window.Plotly.toImage(${spec}, ${JSON.stringify({ format, ...size })})
  .then(function (url) { document.getElementById("course-image-out").textContent = url; })
  .catch(function (e) { document.getElementById("course-image-err").textContent = String(e); });
</script></body></html>\n`;
}

function unescapeText(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(
    /&amp;/g,
    "&",
  );
}

/** Render a figure to PNG bytes or SVG text with headless Chromium (throws if it is missing). */
export async function renderFigureImage(
  fig: Figure,
  format: "png" | "svg",
  opts: FigureImageOptions = {},
): Promise<Uint8Array | string> {
  const fn = format === "png" ? "saveFigurePng" : "saveFigureSvg";
  checkFigure(fn, fig);
  const size = {
    width: requireNumber(fn, "width", opts.width ?? (fig.layout.width as number) ?? 900, {
      integer: true,
      positive: true,
    }),
    height: requireNumber(fn, "height", opts.height ?? (fig.layout.height as number) ?? 500, {
      integer: true,
      positive: true,
    }),
    scale: requireNumber(fn, "scale", opts.scale ?? 1, { positive: true, max: 8 }),
  };
  const page = await Deno.makeTempFile({ prefix: "course-figure-", suffix: ".html" });
  try {
    await Deno.writeTextFile(page, imagePage(fig, format, size));
    const dom = await chromiumDumpDom(fn, page);
    const err = dom.match(/<pre id="course-image-err">([^<]+)<\/pre>/);
    if (err) throw new Error(`${fn}: Plotly.toImage failed in Chromium: ${unescapeText(err[1])}`);
    const out = dom.match(/<pre id="course-image-out">([^<]*)<\/pre>/);
    const url = out ? unescapeText(out[1]) : "";
    if (format === "png") {
      const prefix = "data:image/png;base64,";
      if (!url.startsWith(prefix)) {
        throw new Error(`${fn}: Chromium returned no PNG (the page did not finish in time?)`);
      }
      return Uint8Array.from(atob(url.slice(prefix.length)), (c) => c.charCodeAt(0));
    }
    const prefix = "data:image/svg+xml,";
    if (!url.startsWith(prefix)) {
      throw new Error(`${fn}: Chromium returned no SVG (the page did not finish in time?)`);
    }
    return decodeURIComponent(url.slice(prefix.length));
  } finally {
    await Deno.remove(page).catch(() => {});
  }
}

/** Render with headless Chromium and write the image (shared by the PNG and SVG savers). */
async function saveFigureImage(
  fn: string,
  fig: Figure,
  path: string,
  format: "png" | "svg",
  opts: FigureImageOptions,
): Promise<string> {
  require(typeof path === "string" && path.length > 0, fn, "path", "a file path", describe(path));
  const image = await renderFigureImage(fig, format, opts);
  parentDir(path);
  if (typeof image === "string") await Deno.writeTextFile(path, image);
  else await Deno.writeFile(path, image);
  return path;
}

/** Save the figure as a PNG with headless Chromium; returns the path. */
export function saveFigurePng(
  fig: Figure,
  path: string,
  opts: FigureImageOptions = {},
): Promise<string> {
  return saveFigureImage("saveFigurePng", fig, path, "png", opts);
}

/** Save the figure as an SVG with headless Chromium; returns the path. */
export function saveFigureSvg(
  fig: Figure,
  path: string,
  opts: FigureImageOptions = {},
): Promise<string> {
  return saveFigureImage("saveFigureSvg", fig, path, "svg", opts);
}
