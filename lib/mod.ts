/**
 * The course library's public face: notebooks write `import { ... } from "@course/lib"`.
 * Each line re-exports one module; names are unique across modules.
 */
export * from "./errors.ts";
export * from "./random.ts";
export * from "./config.ts";
export * from "./report.ts";
export * from "./backend.ts";
