/**
 * Ablation over seeds: run every configuration with every seed (in order, one at a time) and
 * keep the runs per configuration, so a fix is judged by its spread over seeds, not one lucky run.
 */
import { require } from "../errors.ts";

/** The runs of one configuration, in seed order. */
export interface AblationRow<R> {
  config: string;
  seeds: number[];
  runs: R[];
}

/**
 * Run `run(config, seed)` for each named configuration (an object or [name, config] pairs, in
 * order) and each seed; configurations run one after the other, seeds in the given order.
 */
export async function ablate<C, R>(
  configs: Record<string, C> | readonly (readonly [string, C])[],
  seeds: readonly number[],
  run: (config: C, seed: number, name: string) => Promise<R>,
): Promise<AblationRow<R>[]> {
  const fn = "ablate";
  const entries = Array.isArray(configs)
    ? configs as readonly (readonly [string, C])[]
    : Object.entries(configs as Record<string, C>);
  require(entries.length > 0, fn, "configs", "at least one configuration", configs);
  require(
    seeds.length > 0 && seeds.every(Number.isInteger),
    fn,
    "seeds",
    "a non-empty array of integer seeds",
    seeds,
  );
  require(typeof run === "function", fn, "run", "a function (config, seed) => Promise", typeof run);
  const rows: AblationRow<R>[] = [];
  for (const [name, config] of entries) {
    const runs: R[] = [];
    for (const seed of seeds) runs.push(await run(config, seed, name));
    rows.push({ config: name, seeds: [...seeds], runs });
  }
  return rows;
}
