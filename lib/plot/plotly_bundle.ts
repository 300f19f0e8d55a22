/**
 * The plotly.js bundle: located on disk (npm `plotly.js-dist-min`) and delivered to notebook
 * pages as a file, never inside a cell output. The library copies it once to
 * `out/plotly/plotly-<version>.min.js` in the course folder; each figure's HTML carries a tiny
 * loader that fetches that file through the Jupyter server's `/files/` route (or by a path
 * relative to the notebook, which also works for HTML exported next to it, offline). Only when
 * the copy cannot be written is the 4.8 MB bundle inlined, into the first figure of a process.
 */
import { courseRoot } from "../config.ts";

/** The pinned plotly.js version the course ships (deno.json `plotly.js-dist-min`). */
export const PLOTLY_JS_VERSION = "3.7.0";

let cachedBundle: string | null = null;
let inlinedInProcess = false;

function candidates(): string[] {
  const rel = "plotly.js-dist-min/plotly.min.js";
  const fromLib = new URL("../../", import.meta.url);
  const roots = [courseRoot()];
  if (fromLib.protocol === "file:") roots.push(decodeURIComponent(fromLib.pathname));
  const out: string[] = [];
  for (const r of roots) {
    const root = r.replace(/\/$/, "");
    out.push(`${root}/node_modules/${rel}`);
    out.push(
      `${root}/node_modules/.deno/plotly.js-dist-min@${PLOTLY_JS_VERSION}/node_modules/${rel}`,
    );
  }
  const home = Deno.env.get("DENO_DIR") ??
    (Deno.env.get("HOME") ? `${Deno.env.get("HOME")}/.cache/deno` : null);
  if (home) {
    out.push(
      `${home}/npm/registry.npmjs.org/plotly.js-dist-min/${PLOTLY_JS_VERSION}/plotly.min.js`,
    );
  }
  return out;
}

/** Absolute path of plotly.min.js; throws naming every place looked at when it is missing. */
export function plotlyBundlePath(): string {
  const tried = candidates();
  for (const p of tried) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `plotlyBundlePath: plotly.min.js (npm:plotly.js-dist-min@${PLOTLY_JS_VERSION}) not found; ` +
      `looked in ${tried.join(", ")}. Run \`deno install\` in the course folder.`,
  );
}

/** Path of the served copy of plotly.js, relative to the course folder. */
export const PLOTLY_ASSET = `out/plotly/plotly-${PLOTLY_JS_VERSION}.min.js`;

let assetReady: string | null = null;

/**
 * Copy plotly.min.js to `<course>/out/plotly/` once (atomically, so kernels starting together
 * cannot read half a file); returns its absolute path, or null when it cannot be written.
 */
export function ensurePlotlyAsset(): string | null {
  if (assetReady) return assetReady;
  const dst = `${courseRoot()}/${PLOTLY_ASSET}`;
  try {
    const src = plotlyBundlePath();
    const size = Deno.statSync(src).size;
    let have = -1;
    try {
      have = Deno.statSync(dst).size;
    } catch { /* not copied yet */ }
    if (have !== size) {
      Deno.mkdirSync(dst.replace(/\/[^/]*$/, ""), { recursive: true });
      const tmp = `${dst}.${crypto.randomUUID().slice(0, 8)}.tmp`;
      Deno.copyFileSync(src, tmp);
      Deno.renameSync(tmp, dst);
    }
    assetReady = dst;
  } catch {
    assetReady = null;
  }
  return assetReady;
}

/** The relative path from directory `from` to file `to` (both absolute, `/`-separated). */
export function relativePath(from: string, to: string): string {
  const a = from.split("/").filter(Boolean), b = to.split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/**
 * A `<script>` that loads plotly.js once per page from a file: first through the Jupyter
 * server's `/files/` route (the notebook's folder is read off the page's address: classic
 * Notebook, Notebook 7, JupyterLab), then by `relPath` relative to the page (HTML exported next
 * to the notebook). `relPath` goes from the notebook's folder to the served copy. RequireJS's
 * `define` (classic Notebook) is hidden while plotly.js loads, so it sets `window.Plotly`.
 */
export function plotlyLoaderTag(relPath: string): string {
  return `<script type="text/javascript">
(function () {
  if (window.Plotly || window.__coursePlotlyLoading) return;
  window.__coursePlotlyLoading = true;
  var rel = ${JSON.stringify(relPath)};
  var urls = [];
  var p = window.location.pathname;
  var routes = ["/notebooks/", "/lab/tree/", "/doc/tree/", "/lab/workspaces/"];
  var best = -1, k = -1;
  for (var i = 0; i < routes.length; i++) {
    var at = p.indexOf(routes[i]);
    if (at >= 0 && (k < 0 || at < k)) {
      best = i;
      k = at;
    }
  }
  if (best >= 0) {
    var rest = p.slice(k + routes[best].length);
    if (best === 3) rest = rest.indexOf("/tree/") < 0 ? "" : rest.slice(rest.indexOf("/tree/") + 6);
    urls.push(p.slice(0, k) + "/files/" + rest.slice(0, rest.lastIndexOf("/") + 1) + rel);
  }
  urls.push(rel);
  var amd = window.define;
  function next(i) {
    if (window.Plotly || i >= urls.length) {
      window.define = amd;
      if (!window.Plotly) window.__coursePlotlyFailed = urls.join(", ");
      return;
    }
    var s = document.createElement("script");
    s.src = urls[i];
    s.onload = function () { next(urls.length); };
    s.onerror = function () { s.remove(); next(i + 1); };
    window.define = undefined;
    document.head.appendChild(s);
  }
  next(0);
})();
</script>`;
}

/**
 * The HTML that makes plotly.js available to a notebook figure: the loader of the served copy
 * (relative to the kernel's folder, which Jupyter sets to the notebook's), or, when no copy can
 * be written, the inlined bundle for the first figure of the process and nothing afterwards.
 */
export function plotlyForNotebook(): string {
  const asset = ensurePlotlyAsset();
  if (asset) return plotlyLoaderTag(relativePath(Deno.cwd(), asset));
  return takeFirstInlineTurn() ? plotlyScriptTag() : "";
}

/** The plotly.js bundle's source text (read once, then cached). */
export function plotlyBundle(): string {
  if (cachedBundle === null) {
    // A literal "</script" would end the inline <script> early; "<\/script" means the same in JS.
    cachedBundle = Deno.readTextFileSync(plotlyBundlePath()).replace(/<\/script/gi, "<\\/script");
  }
  return cachedBundle;
}

/** A `<script>` element defining `window.Plotly` from the inlined bundle (works offline). */
export function plotlyScriptTag(): string {
  // `module` is shadowed so a CommonJS-looking page cannot capture the bundle; the bundle
  // itself assigns window.Plotly.
  return `<script type="text/javascript">/* plotly.js ${PLOTLY_JS_VERSION}, MIT license */\n` +
    `(function (module, exports, define) {\n${plotlyBundle()}\n}).call(window);\n</script>`;
}

/**
 * Whether the next notebook figure must carry the inlined bundle (only where no served copy
 * can be written): true for the first figure shown in this process, false afterwards.
 */
export function takeFirstInlineTurn(): boolean {
  const first = !inlinedInProcess;
  inlinedInProcess = true;
  return first;
}

/**
 * Make the next displayed figure inline plotly.js again where no served copy can be written
 * (after clearing the outputs that held it).
 */
export function resetPlotlyInline(): void {
  inlinedInProcess = false;
}
