/** Tests of lib/plot/figure.ts and lib/plot/plotly_bundle.ts: mime bundle, offline HTML, text. */
import assert from "node:assert/strict";
import {
  Figure,
  mergeLayout,
  PLOTLY_MIME,
  plotlyDate,
  type PlotlySpec,
} from "../../../lib/plot/figure.ts";
import { rng } from "../../../lib/random.ts";
import {
  ensurePlotlyAsset,
  PLOTLY_ASSET,
  plotlyBundle,
  plotlyBundlePath,
  plotlyLoaderTag,
  relativePath,
} from "../../../lib/plot/plotly_bundle.ts";
import { JUPYTER_DISPLAY } from "../../../lib/report.ts";
import { COURSE_COLORS, courseColor, courseLayout, wrapTitle } from "../../../lib/plot/theme.ts";

const BUNDLE_MARK = "plotly.js v3.7.0"; // the bundle's own banner comment

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

Deno.test("the mime bundle has plotly JSON equal to the input, HTML and text", () => {
  const data = [{ type: "scatter", name: "close", x: [1, 2, 3], y: [10.5, 11, 9.25] }];
  const layout = { title: { text: "Prices" }, height: 300 };
  const bundle = new Figure(data, layout)[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  assert.equal(PLOTLY_MIME, "application/vnd.plotly.v1+json");
  assert.deepEqual(bundle[PLOTLY_MIME], { data, layout });
  assert.equal(
    bundle["text/plain"],
    'Figure "Prices": 1 trace\n  scatter "close": 3 points',
  );
});

Deno.test("typed arrays, Dates and non-finite numbers become plotly-ready JSON", () => {
  const fig = new Figure([{
    type: "scatter",
    x: [new Date("2024-03-01T00:00:00Z"), new Date("2024-03-01T15:30:00Z")],
    y: new Float32Array([0.5, NaN]),
  }]);
  assert.deepEqual(fig.data[0].x, ["2024-03-01", "2024-03-01 15:30:00.000"]);
  assert.deepEqual(fig.data[0].y, [0.5, null]);
  assert.equal(plotlyDate(new Date(Date.UTC(1999, 11, 31))), "1999-12-31");
  // The spec is a copy: editing it leaves the figure alone.
  const spec = fig.toSpec();
  (spec.data[0].y as number[])[0] = 99;
  assert.deepEqual(fig.data[0].y, [0.5, null]);
});

Deno.test("no figure output carries plotly.js: each loads the served copy, a small message", () => {
  const a = new Figure([{ type: "bar", x: ["a"], y: [1] }])[JUPYTER_DISPLAY]();
  const b = new Figure([{ type: "bar", x: ["b"], y: [2] }])[JUPYTER_DISPLAY]();
  const html = [a["text/html"], b["text/html"]] as string[];
  const bundleLen = plotlyBundle().length;
  assert.ok(bundleLen > 1_000_000, `bundle is ${bundleLen} chars`);
  assert.equal(count(html.join("\n"), BUNDLE_MARK), 0);
  for (const h of html) assert.ok(h.length < 10_000, `figure HTML is ${h.length} chars`);
  // The loader points, relative to the kernel's folder, at a byte-for-byte copy of the bundle.
  const asset = ensurePlotlyAsset();
  assert.ok(asset && asset.endsWith(PLOTLY_ASSET), `${asset}`);
  const rel = relativePath(Deno.cwd(), asset);
  assert.ok(html[0].includes(`var rel = ${JSON.stringify(rel)};`), html[0].slice(0, 600));
  assert.equal(
    Deno.readTextFileSync(asset).length,
    Deno.readTextFileSync(plotlyBundlePath()).length,
  );
  assert.ok(html[0].includes('"/files/"') && html[0].includes("window.define = undefined"));
  const ids = html.map((h) => h.match(/<div id="(course-fig-[^"]+)"/)?.[1]);
  assert.ok(ids[0] && ids[1] && ids[0] !== ids[1], `ids ${ids}`);
  for (const [i, h] of html.entries()) {
    assert.ok(h.includes(`document.getElementById("${ids[i]}")`));
    assert.ok(h.includes("if (window.Plotly)") && h.includes("setTimeout(draw, 50)"));
  }
  // Exported pages still inline it on request.
  assert.equal(
    count(new Figure([{ type: "bar", y: [1] }]).toHtml({ includePlotly: true }), BUNDLE_MARK),
    1,
  );
});

Deno.test("relativePath walks up and down between folders", () => {
  assert.equal(relativePath("/c/notebooks", "/c/out/plotly/p.js"), "../out/plotly/p.js");
  assert.equal(relativePath("/c", "/c/out/plotly/p.js"), "out/plotly/p.js");
  assert.equal(relativePath("/c/exercises/02_mlp/", "/c/out/p.js"), "../../out/p.js");
  assert.equal(relativePath("/c/out", "/c/out/p.js"), "p.js");
});

Deno.test("the inline HTML cannot be broken out of by data containing </script>", () => {
  const html = new Figure([{ type: "bar", name: "</script><b>x", x: ["a"], y: [1] }]).toHtml();
  assert.equal(count(html, "</script>"), 1);
  assert.ok(html.includes("\\u003c/script>\\u003cb>x"));
  assert.ok(!plotlyBundle().includes("</script"));
});

Deno.test("plotlyBundlePath finds the pinned plotly.min.js", () => {
  const p = plotlyBundlePath();
  assert.ok(p.endsWith("plotly.js-dist-min/plotly.min.js"), p);
  assert.ok(Deno.readTextFileSync(p).slice(0, 200).includes(BUNDLE_MARK));
});

Deno.test("withLayout deep-merges, withTraces appends, bad input is rejected", () => {
  const f = new Figure([{ type: "scatter", y: [1] }], { xaxis: { title: { text: "t" } } });
  const g = f.withLayout({ xaxis: { type: "log" } }).withTraces({ type: "scatter", y: [2, 3] });
  assert.deepEqual(g.layout.xaxis, { title: { text: "t" }, type: "log" });
  assert.equal(g.data.length, 2);
  assert.equal(f.data.length, 1);
  assert.deepEqual(mergeLayout({ a: [1], b: { c: 1 } }, { a: [2], b: { d: 2 } }), {
    a: [2],
    b: { c: 1, d: 2 },
  });
  assert.throws(
    () => new Figure("nope" as never),
    /Figure: argument 'data' expected an array of plotly traces, received string "nope"/,
  );
  assert.throws(() => new Figure([3 as never]), /argument 'data\[0\]' expected a plotly trace/);
});

Deno.test("plotlyDate rejects an invalid Date; courseColor wraps and rejects non-integers", () => {
  assert.equal(plotlyDate(new Date(Date.UTC(2024, 0, 2, 9, 30))), "2024-01-02 09:30:00.000");
  assert.throws(
    () => plotlyDate(new Date("not a date")),
    /plotlyDate: argument 'd' expected a valid Date, received Invalid Date/,
  );
  assert.throws(() => plotlyDate("2024-01-02" as never), /received string "2024-01-02"/);
  assert.equal(courseColor(-1), courseColor(COURSE_COLORS.length - 1));
  assert.equal(courseColor(COURSE_COLORS.length), COURSE_COLORS[0]);
  assert.throws(
    () => courseColor(0.5),
    /courseColor: argument 'i' expected an integer, received 0.5/,
  );
});

Deno.test("long titles wrap at word boundaries and make room above the plot", () => {
  assert.equal(wrapTitle("one two three four", 9), "one two<br>three<br>four");
  assert.equal(wrapTitle("short", 70), "short");
  assert.equal(wrapTitle("a supercalifragilistic word", 5), "a<br>supercalifragilistic<br>word");
  assert.throws(() => wrapTitle("x", 0), /wrapTitle: argument 'maxChars'/);
  const long = "Training loss of the MLP trained three ways (Layers, loop, tf.grad) on the " +
    "synthetic lecture data, per epoch, with early stopping marked";
  const layout = courseLayout("t", { title: long });
  const text = (layout.title as { text: string }).text;
  const lines = text.split("<br>");
  assert.ok(lines.length >= 2 && lines.every((l) => l.length <= 70), text);
  assert.equal(lines.join(" "), long);
  assert.equal((layout.margin as { t: number }).t, 50 + 22 * (lines.length - 1));
  assert.equal((courseLayout("t", { title: "Short" }).margin as { t: number }).t, 50);
  assert.equal(new Figure([], layout).summary(), `Figure "${long}": 0 traces`);
});

/** Run the loader script in a stand-in page at `pathname`; the script URLs it tries, in order. */
function loaderTries(pathname: string, rel: string, loads: (url: string) => boolean): {
  tried: string[];
  plotly: boolean;
  failed: unknown;
  define: unknown;
} {
  const tried: string[] = [];
  const amd = () => {};
  const win: Record<string, unknown> = { location: { pathname }, define: amd };
  const doc = {
    createElement: () => ({ remove() {} } as Record<string, unknown>),
    head: {
      appendChild(s: Record<string, unknown>) {
        tried.push(s.src as string);
        assert.equal(win.define, undefined, "RequireJS's define is hidden while plotly.js loads");
        if (loads(s.src as string)) {
          win.Plotly = {};
          (s.onload as () => void)();
        } else (s.onerror as () => void)();
      },
    },
  };
  const js = plotlyLoaderTag(rel).replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
  new Function("window", "document", js)(win, doc);
  return { tried, plotly: "Plotly" in win, failed: win.__coursePlotlyFailed, define: win.define };
}

Deno.test("the loader fetches plotly.js through Jupyter's /files/ route, then relative to the page", () => {
  const rel = "../out/plotly/p.js";
  const classic = loaderTries("/notebooks/notebooks/02_mlp.ipynb", rel, () => true);
  assert.deepEqual(classic.tried, ["/files/notebooks/../out/plotly/p.js"]);
  assert.equal(classic.plotly, true);
  assert.equal(typeof classic.define, "function", "define is restored");
  const hub = loaderTries("/user/ann/lab/tree/notebooks/02.ipynb", rel, () => true);
  assert.deepEqual(hub.tried, ["/user/ann/files/notebooks/../out/plotly/p.js"]);
  const ws = loaderTries("/lab/workspaces/auto-x/tree/a/b.ipynb", "p.js", () => true);
  assert.deepEqual(ws.tried, ["/files/a/p.js"]);
  // An exported page opened from disk: the server route fails, the relative path is next.
  const exported = loaderTries("/home/ann/course/notebooks/02.html", rel, (u) => u === rel);
  assert.deepEqual(exported.tried, ["/home/ann/course/files/../out/plotly/p.js", rel]);
  assert.equal(exported.plotly, true);
  const none = loaderTries("/tmp/x.html", rel, () => false);
  assert.deepEqual(none.tried, [rel]);
  assert.equal(none.plotly, false);
  assert.equal(none.failed, rel);
});

Deno.test("displayed numbers keep 7 significant digits: a 17,000-point chart's message < 1 MB", () => {
  const r = rng(7);
  const n = 17_055; // chapter 01's QQ plot of S&P 500 daily returns
  const x = Array.from({ length: n }, () => r.normal() * 3.1);
  const y = Array.from({ length: n }, () => r.normal() * 3.3);
  const fig = new Figure([{ type: "scatter", mode: "markers", x, y }, {
    type: "scatter",
    x: [0.1 + 0.2, 1_700_000_000_123],
    y: [1 / 3, -2],
  }]);
  const bundle = fig[JUPYTER_DISPLAY]();
  const size = JSON.stringify(bundle).length;
  assert.ok(size < 1_000_000, `message ${size} bytes`);
  const shown = bundle[PLOTLY_MIME] as PlotlySpec;
  assert.deepEqual(shown.data[1].x, [0.3, 1_700_000_000_123]); // integers exact
  assert.deepEqual(shown.data[1].y, [0.3333333, -2]);
  assert.ok((bundle["text/html"] as string).includes('"x":[0.3,1700000000123]'));
  const shownX = shown.data[0].x as number[];
  assert.ok(shownX.every((v, i) => Math.abs(v - x[i]) <= 5e-7 * Math.abs(x[i])));
  assert.deepEqual(fig.toSpec().data[1].x, [0.1 + 0.2, 1_700_000_000_123]); // full precision kept
});
