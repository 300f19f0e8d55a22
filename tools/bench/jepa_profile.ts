/**
 * `deno run -A tools/bench/jepa_profile.ts [gru|patch] [steps]`: where one JEPA training step's
 * time goes (chapter 07's configs, synthetic batches of 256): milliseconds of the forward pass,
 * forward + backward (fastest of `steps` runs), the whole `trainJepa` step (optimizer,
 * clipping, EMA included; best epoch of 8 steps), and the kernels of the loss and gradients by
 * name (count and time, from `tf.profile`).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { createJepa, disposeJepa } from "../../lib/jepa/model.ts";
import { jepaLosses } from "../../lib/jepa/objective.ts";
import { trainJepa } from "../../lib/jepa/train.ts";
import { Rng } from "../../lib/random.ts";
import { GRU_CONFIG, PATCH_CONFIG } from "./jepa_bench.ts";

await initBackend();
const kind = Deno.args[0] ?? "patch";
const steps = Number(Deno.args[1] ?? 20);
const config = kind === "gru" ? GRU_CONFIG : PATCH_CONFIG;
const model = createJepa(config);
const x = tf.tensor3d(Float32Array.from(new Rng(1).normals(256 * 48)), [256, 6, 8]);
const rng = new Rng(2);
const vars = Object.values(model.params);
/** Fastest of `steps` runs after a warm-up (the machine is shared: the minimum is the cost). */
const ms = (f: () => void) => {
  f();
  let best = Infinity;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
};
const fwd = ms(() =>
  tf.dispose(tf.tidy(() => jepaLosses(model, x, { training: true, rng }).total))
);
const fwdBwd = ms(() =>
  tf.dispose(tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => jepaLosses(model, x, { training: true, rng }).total,
      vars,
    );
    return [value, ...Object.values(grads)];
  }))
);
const info = await tf.profile(() =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => jepaLosses(model, x, { training: true, rng }).total,
      vars,
    );
    return [value, ...Object.values(grads)];
  })
);
tf.dispose(info.result as tf.Tensor[]);
const by: Record<string, { n: number; ms: number }> = {};
let total = 0;
for (const k of info.kernels) {
  const e = (by[k.name] ??= { n: 0, ms: 0 });
  e.n++;
  e.ms += Number(k.kernelTimeMs);
  total += Number(k.kernelTimeMs);
}
disposeJepa(model);
x.dispose();
// whole steps through trainJepa: 8 batches of 256 per epoch, 1 warm-up epoch + 3 timed
const nSeq = 256 * 8;
const xs = tf.tensor3d(Float32Array.from(new Rng(3).normals(nSeq * 48)), [nSeq, 6, 8]);
const m2 = createJepa(config);
const h = await trainJepa(m2, xs, {
  epochs: 4,
  batchSize: 256,
  lr: 2e-3,
  tau: 0.99,
  diagnosticRows: 16,
});
const stepMs = Math.min(...h.epochs.slice(1).map((e) => e.seconds)) * 1000 / 8;
disposeJepa(m2);
xs.dispose();
console.log(
  `${kind}: forward ${fwd.toFixed(1)} ms, forward+backward ${fwdBwd.toFixed(1)} ms, ` +
    `whole step ${stepMs.toFixed(1)} ms (incl. diagnostics/epoch); ` +
    `${info.kernels.length} kernels, ${total.toFixed(1)} ms kernel time`,
);
for (const [k, e] of Object.entries(by).sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`  ${k.padEnd(24)} ${String(e.n).padStart(5)} ${e.ms.toFixed(2).padStart(8)} ms`);
}
console.log(`tensors left: ${tf.memory().numTensors}`);
