/** `argsFromConfig`: constructor arguments of the custom Layers rebuilt from a saved config. */
import assert from "node:assert/strict";
import { argsFromConfig } from "../../../lib/models/layer_config.ts";

Deno.test("argsFromConfig copies the named keys, null becomes undefined, inputShape from batchInputShape", () => {
  const config = { units: 32, rate: null, seed: 7, batchInputShape: [null, 30, 5], other: 1 };
  const args = argsFromConfig(config as never, ["units", "rate", "seed"], true);
  assert.deepEqual(args, { units: 32, rate: undefined, seed: 7, inputShape: [30, 5] });
  assert.ok(!("other" in args), "keys not asked for are not copied");
  assert.deepEqual(argsFromConfig({ units: 4 } as never, ["units"]), { units: 4 });
  assert.deepEqual(argsFromConfig({ units: 4 } as never, ["units"], true), {
    units: 4,
    inputShape: undefined,
  });
});
