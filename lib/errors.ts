/**
 * Input validation shared by the whole library: every check throws a `CourseInputError`
 * whose message names the function, the argument, what was expected and what was received.
 */

/** Error raised when a library function is given bad input. */
export class CourseInputError extends Error {
  constructor(
    readonly fn: string,
    readonly arg: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`${fn}: argument '${arg}' expected ${expected}, received ${received}`);
    this.name = "CourseInputError";
  }
}

/** Short human description of a value for error messages (type, shape or length, a preview). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") {
    return value.length > 40 ? `string "${value.slice(0, 37)}..."` : `string "${value}"`;
  }
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  }
  const t = value as { shape?: unknown; dtype?: unknown };
  if (Array.isArray(t.shape) && typeof t.dtype === "string") {
    return `tensor of shape [${t.shape.join(", ")}] and dtype ${t.dtype}`;
  }
  return typeof value;
}

/** Throw a CourseInputError unless `cond` holds. */
export function require(
  cond: boolean,
  fn: string,
  arg: string,
  expected: string,
  received: unknown,
): asserts cond {
  if (!cond) {
    throw new CourseInputError(
      fn,
      arg,
      expected,
      typeof received === "string" ? received : describe(received),
    );
  }
}

/** Check that `x` is a finite number (optionally > 0, >= 0, or an integer). */
export function requireNumber(
  fn: string,
  arg: string,
  x: unknown,
  opts: {
    positive?: boolean;
    nonNegative?: boolean;
    integer?: boolean;
    min?: number;
    max?: number;
  } = {},
): number {
  const kinds = [
    opts.integer ? "an integer" : "a finite number",
    opts.positive ? "> 0" : "",
    opts.nonNegative ? ">= 0" : "",
    opts.min !== undefined ? `>= ${opts.min}` : "",
    opts.max !== undefined ? `<= ${opts.max}` : "",
  ].filter(Boolean).join(" ");
  const ok = typeof x === "number" && Number.isFinite(x) &&
    (!opts.integer || Number.isInteger(x)) &&
    (!opts.positive || x > 0) &&
    (!opts.nonNegative || x >= 0) &&
    (opts.min === undefined || x >= opts.min) &&
    (opts.max === undefined || x <= opts.max);
  require(ok, fn, arg, kinds, x);
  return x as number;
}

/** Check that every element of an array is finite; names the first bad index. */
export function requireFinite(
  fn: string,
  arg: string,
  xs: ArrayLike<number>,
  opts: { nonEmpty?: boolean } = { nonEmpty: true },
): void {
  if (opts.nonEmpty !== false) {
    require(xs.length > 0, fn, arg, "a non-empty array", "an empty array");
  }
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new CourseInputError(fn, arg, "finite numbers", `${describe(v)} at index ${i}`);
    }
  }
}

/** Check a tensor's (or array's) shape; `null` in `expected` matches any size on that axis. */
export function requireShape(
  fn: string,
  arg: string,
  shape: readonly number[],
  expected: readonly (number | null)[],
): void {
  const ok = shape.length === expected.length &&
    expected.every((e, i) => e === null || e === shape[i]);
  const fmt = (s: readonly (number | null)[]) => `[${s.map((v) => v ?? "*").join(", ")}]`;
  require(ok, fn, arg, `shape ${fmt(expected)}`, `shape ${fmt(shape)}`);
}
