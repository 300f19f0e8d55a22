/**
 * Type-checks notebooks: extracts each .ipynb's code cells into one module placed beside the
 * notebook (so relative imports resolve) and runs `deno check` on it.
 *
 *   deno run -A tools/check_notebooks.ts [FILE.ipynb ...]   (default: every course notebook)
 */
import { allSources, extractCode, ipynbPath } from "./notebook.ts";

/** Type-check one notebook; returns null when clean, else deno check's diagnostics. */
export async function checkNotebook(ipynb: string): Promise<string | null> {
  const dir = ipynb.replace(/\/[^/]*$/, "");
  const base = ipynb.split("/").pop()!.replace(/\.ipynb$/, "");
  const tmp = `${dir}/.nbcheck_${base}.ts`;
  await Deno.writeTextFile(tmp, extractCode(await Deno.readTextFile(ipynb)));
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", tmp],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (out.success) return null;
    return new TextDecoder().decode(out.stderr).replaceAll(tmp, `${ipynb} (code cells)`);
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

if (import.meta.main) {
  const files = Deno.args.length
    ? Deno.args
    : allSources().filter((s) => !s.includes("/tests/fixtures/")).map(ipynbPath);
  let bad = 0;
  for (const f of files) {
    const err = await checkNotebook(f);
    if (err) {
      bad++;
      console.error(`type errors in ${f}:\n${err}`);
    } else console.log(`ok ${f}`);
  }
  if (bad) Deno.exit(1);
}
