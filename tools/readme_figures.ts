/**
 * README pictures from real runs: reads the executed notebooks in out/notebooks/ (written by
 * `deno task course`, full mode), finds the plotly figures named in docs/figures.json by
 * notebook and title, and renders them to PNG with headless Chromium (lib/plot export).
 *
 *   deno task course && deno run -A tools/readme_figures.ts           render the picks
 *   deno run -A tools/readme_figures.ts --list                         list every figure title
 *   (--out DIR reads another run's folder, e.g. `deno task course --out out/full`)
 */
import { courseRoot } from "../lib/config.ts";
import { Figure, PLOTLY_MIME, type PlotlySpec, saveFigurePng } from "../lib/mod.ts";

/** One README picture: which notebook, a title substring, the output file. */
export interface FigurePick {
  notebook: string;
  title: string;
  file: string;
  width?: number;
  height?: number;
}

/** Every plotly figure in an executed notebook, with its title. */
export function notebookFigures(ipynbText: string): { title: string; spec: PlotlySpec }[] {
  const nb = JSON.parse(ipynbText) as {
    cells: { cell_type: string; outputs?: { data?: Record<string, unknown> }[] }[];
  };
  const out: { title: string; spec: PlotlySpec }[] = [];
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      const spec = o.data?.[PLOTLY_MIME] as PlotlySpec | undefined;
      if (!spec) continue;
      const t = spec.layout?.title as { text?: string } | string | undefined;
      out.push({ title: typeof t === "string" ? t : t?.text ?? "", spec });
    }
  }
  return out;
}

if (import.meta.main) {
  const root = courseRoot();
  const i = Deno.args.indexOf("--out");
  const outDir = i >= 0 ? Deno.args[i + 1] : `${root}/out`;
  const dir = `${outDir}/notebooks`;
  const summary = JSON.parse(await Deno.readTextFile(`${outDir}/summary.json`)) as {
    quick: boolean;
  };
  if (summary.quick && !Deno.args.includes("--list")) {
    console.error("out/ holds a quick-mode run; README pictures come from a full run.");
    Deno.exit(1);
  }
  if (Deno.args.includes("--list")) {
    for (
      const name of [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
        n.endsWith(".ipynb")
      ).sort()
    ) {
      for (const f of notebookFigures(await Deno.readTextFile(`${dir}/${name}`))) {
        console.log(`${name.replace(/\.ipynb$/, "")}\t${f.title}`);
      }
    }
    Deno.exit(0);
  }
  const picks = JSON.parse(await Deno.readTextFile(`${root}/docs/figures.json`)) as FigurePick[];
  for (const p of picks) {
    const figs = notebookFigures(await Deno.readTextFile(`${dir}/${p.notebook}.ipynb`));
    const hit = figs.find((f) => f.title.includes(p.title));
    if (!hit) {
      throw new Error(`no figure titled "${p.title}" in ${p.notebook} (use --list)`);
    }
    const fig = new Figure(hit.spec.data, { ...hit.spec.layout, title: hit.spec.layout.title });
    await saveFigurePng(fig, `${root}/docs/figures/${p.file}`, {
      width: p.width ?? 900,
      height: p.height ?? 450,
      scale: 1,
    });
    console.log(`docs/figures/${p.file}  <- ${p.notebook}: ${hit.title}`);
  }
}
