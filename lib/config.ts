/**
 * Run-mode settings read from the environment: quick mode (COURSE_QUICK=1) shrinks data and
 * epochs so every notebook runs in CI in seconds; the code path stays the same.
 */

/** True when COURSE_QUICK is set to 1/true/yes. */
export function isQuick(): boolean {
  const v = (Deno.env.get("COURSE_QUICK") ?? "").toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}

/** Pick a size by mode: `byMode(50, 2)` is 50 epochs normally and 2 in quick mode. */
export function byMode<T>(full: T, quick: T): T {
  return isQuick() ? quick : full;
}

/** Absolute path of the course repository root (the folder holding deno.json and lib/). */
export function courseRoot(): string {
  const envRoot = Deno.env.get("COURSE_ROOT");
  if (envRoot) return envRoot;
  return new URL("..", import.meta.url).pathname.replace(/\/$/, "");
}

/** Absolute path of a file under the repository root, e.g. `coursePath("data", "x.csv")`. */
export function coursePath(...parts: string[]): string {
  return [courseRoot(), ...parts].join("/");
}
