/**
 * Input validation shared by the whole library: every check throws a `CourseInputError`
 * whose message names the function, the argument, what was expected and what was received.
 */
import * as tf from "@tensorflow/tfjs";

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

/** Where a tensor holds its first non-finite value, as "NaN at row 3, column 1". */
async function firstNonFinite(x: tf.Tensor): Promise<string> {
  const flat = tf.tidy(() => tf.logicalNot(tf.isFinite(x.reshape([-1]))).argMax());
  const i = (await flat.data())[0];
  flat.dispose();
  const bad = tf.tidy(() => x.reshape([-1]).slice([i], [1]));
  const v = (await bad.data())[0];
  bad.dispose();
  const where: string[] = [];
  let rest = i;
  const names = x.rank === 1
    ? ["index"]
    : x.rank === 2
    ? ["row", "column"]
    : x.rank === 3
    ? ["row", "step", "feature"]
    : ["row"];
  for (let a = x.rank - 1; a >= 0; a--) {
    where.unshift(`${names[a] ?? `axis ${a}`} ${rest % x.shape[a]}`);
    rest = Math.floor(rest / x.shape[a]);
  }
  return `${describe(v)} at ${where.join(", ")}`;
}

/**
 * Check that float tensors hold only finite values (NaN/Inf would silently become 0 through
 * some fused kernels, e.g. matmul + relu on wasm). One fused reduction per tensor and a
 * single read for all of them; the error names the argument and the first bad row/column.
 */
export async function requireFiniteTensors(
  fn: string,
  tensors: Record<string, tf.Tensor | null | undefined>,
): Promise<void> {
  const named = Object.entries(tensors).filter((e): e is [string, tf.Tensor] =>
    e[1] instanceof tf.Tensor && e[1].dtype === "float32" && e[1].size > 0
  );
  if (named.length === 0) return;
  // x * 0 is 0 for finite x and NaN for NaN/±Inf, so one sum per tensor flags any bad value.
  const flags = tf.tidy(() => tf.stack(named.map(([, t]) => tf.sum(tf.mul(t, 0)))));
  const sums = await flags.data();
  flags.dispose();
  for (let k = 0; k < named.length; k++) {
    if (Number.isFinite(sums[k])) continue;
    const [arg, t] = named[k];
    throw new CourseInputError(fn, arg, "finite values", await firstNonFinite(t));
  }
}

/** `requireFiniteTensors` for one tensor. */
export function requireFiniteTensor(fn: string, arg: string, x: tf.Tensor): Promise<void> {
  return requireFiniteTensors(fn, { [arg]: x });
}

/**
 * Make each row of `out` NaN where the same row of `x` holds NaN/±Inf (inside a tidy), so a
 * synchronous forward pass answers NaN for a bad row on every backend instead of a number
 * (wasm's fused matmul + relu turns NaN into 0).
 */
export function propagateNonFinite(x: tf.Tensor, out: tf.Tensor): tf.Tensor {
  const perRow = out.rank >= 1 && x.rank >= 1 && out.shape[0] === x.shape[0];
  if (x.dtype !== "float32" || out.dtype !== "float32" || !perRow || x.size === 0) {
    return out;
  }
  return tf.tidy(() => {
    const rowFlag = tf.sum(tf.mul(x.reshape([x.shape[0], -1]), 0), 1); // 0 or NaN per row
    return tf.add(out, rowFlag.reshape([x.shape[0], ...out.shape.slice(1).map(() => 1)]));
  });
}

/**
 * Free what an error thrown inside `tf.grad`/`tf.variableGrads` left on the gradient tape (the
 * tensors kernels saved for the backward pass are kept outside every tidy, so a failed
 * training step would leak them). A no-op after a successful gradient or inside an outer one.
 */
export function disposeAbandonedTape(): void {
  const state = (tf.engine() as unknown as {
    state: { gradientDepth: number; activeTape: { saved?: tf.Tensor[] }[] | null };
  }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}
