/**
 * The plotly.js bundle for offline HTML: located on disk (npm `plotly.js-dist-min`), inlined
 * into the first figure's HTML of a process (like plotly.py's notebook mode) and reused by
 * later figures through `window.Plotly`, so a notebook carries the 4.8 MB bundle once.
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
 * Whether the next notebook figure must carry the bundle: true for the first figure shown in
 * this process, false afterwards (marks it as shown).
 */
export function takeFirstInlineTurn(): boolean {
  const first = !inlinedInProcess;
  inlinedInProcess = true;
  return first;
}

/**
 * Make the next displayed figure inline plotly.js again (after clearing the outputs that held
 * it, or when a notebook will be saved and opened elsewhere).
 */
export function resetPlotlyInline(): void {
  inlinedInProcess = false;
}
