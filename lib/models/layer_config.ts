/** Rebuilding the course's custom Layers from a saved config (tfjs calls `fromConfig`). */
import type * as tf from "@tensorflow/tfjs";

/**
 * Constructor arguments from a layer's saved config: each of `keys` copied (null becomes
 * undefined), and `inputShape` from `batchInputShape` when `inputShape` is true.
 */
export function argsFromConfig(
  config: tf.serialization.ConfigDict,
  keys: string[],
  inputShape = false,
): Record<string, unknown> {
  const c = config as Record<string, unknown>;
  const args: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, c[k] ?? undefined]));
  if (inputShape) {
    args.inputShape = c.batchInputShape ? (c.batchInputShape as number[]).slice(1) : undefined;
  }
  return args;
}
