/**
 * Where exercise tests find the code they grade: `solutions/` by default, the student's
 * `exercises/` when COURSE_TARGET=exercises (set by `deno task grade`).
 */

/** The folder under test: "solutions" or "exercises". */
export function target(): "solutions" | "exercises" {
  const t = Deno.env.get("COURSE_TARGET") ?? "solutions";
  if (t !== "solutions" && t !== "exercises") {
    throw new Error(`COURSE_TARGET expected "solutions" or "exercises", received "${t}"`);
  }
  return t;
}

/**
 * Import one exercise file from the folder under test. Type it with the solution's module:
 * `const m: typeof import("../../solutions/00_tensors/tensors.ts") = await exerciseModule(...)`.
 */
export async function exerciseModule<T = unknown>(chapter: string, file: string): Promise<T> {
  const url = new URL(`../../${target()}/${chapter}/${file}`, import.meta.url);
  return await import(url.href) as T;
}
