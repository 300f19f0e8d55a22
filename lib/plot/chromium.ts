/**
 * Headless Chromium for static figure export (README pictures): finding the binary and
 * running it with a fresh profile, no network features, no GPU, and a time limit.
 */

/** Raised when no Chromium/Chrome binary can be found; says how to install one. */
export class ChromiumNotFoundError extends Error {
  constructor(fn: string, tried: readonly string[]) {
    super(
      `${fn}: headless Chromium is needed for PNG/SVG export but none was found ` +
        `(looked for $COURSE_CHROMIUM, ${tried.join(", ")} on PATH). Install it with ` +
        "`sudo apt-get install -y chromium` (Debian/Ubuntu), or set COURSE_CHROMIUM to a " +
        "Chrome/Chromium binary. saveFigureHtml needs no browser.",
    );
    this.name = "ChromiumNotFoundError";
  }
}

/** Binary names looked up on PATH, in order. */
export const CHROMIUM_NAMES = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
] as const;

function isFile(p: string): boolean {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
}

/** Path of a Chromium/Chrome binary ($COURSE_CHROMIUM first, then PATH), or null. */
export function findChromium(): string | null {
  const forced = Deno.env.get("COURSE_CHROMIUM");
  if (forced) return isFile(forced) ? forced : null;
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    for (const d of dirs) if (isFile(`${d}/${name}`)) return `${d}/${name}`;
  }
  return null;
}

/** The flags every headless run uses (fresh profile dir appended by the caller). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-extensions",
  "--disable-dev-shm-usage",
  "--hide-scrollbars",
  "--mute-audio",
] as const;

/** Run headless Chromium on a local HTML file and return the DOM it dumps after the page ran. */
export async function chromiumDumpDom(
  fn: string,
  htmlPath: string,
  opts: { timeoutMs?: number; budgetMs?: number } = {},
): Promise<string> {
  const bin = findChromium();
  if (!bin) throw new ChromiumNotFoundError(fn, CHROMIUM_NAMES);
  const profile = await Deno.makeTempDir({ prefix: "course-chromium-" });
  try {
    const cmd = new Deno.Command(bin, {
      args: [
        ...CHROMIUM_FLAGS,
        `--user-data-dir=${profile}`,
        `--virtual-time-budget=${opts.budgetMs ?? 15000}`,
        "--dump-dom",
        `file://${htmlPath}`,
      ],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 90_000),
    });
    const out = await cmd.output();
    const stdout = new TextDecoder().decode(out.stdout);
    if (!out.success && stdout.length === 0) {
      const err = new TextDecoder().decode(out.stderr).split("\n").slice(-8).join("\n");
      throw new Error(`${fn}: ${bin} exited with code ${out.code}:\n${err}`);
    }
    return stdout;
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}
