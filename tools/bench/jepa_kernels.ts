/**
 * `deno run -A tools/bench/jepa_kernels.ts`: how many tfjs kernels one JEPA training step's loss
 * and gradients run (chapter 07's GRU and patch-Transformer configs, a synthetic batch of 256),
 * by kernel name, counted with `tf.profile`. README's Performance section quotes the counts.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { createJepa, disposeJepa, type JepaConfig } from "../../lib/jepa/model.ts";
import { jepaLosses } from "../../lib/jepa/objective.ts";
import { Rng } from "../../lib/random.ts";
import { GRU_CONFIG, PATCH_CONFIG } from "./jepa_bench.ts";

/** Kernels run by the loss and gradients of one batch of 256 synthetic [6, 8] sequences. */
export async function stepKernels(config: JepaConfig): Promise<Record<string, number>> {
  const model = createJepa(config);
  const x = tf.tensor3d(Float32Array.from(new Rng(1).normals(256 * 48)), [256, 6, 8]);
  const rng = new Rng(2);
  const vars = Object.values(model.params);
  const run = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => jepaLosses(model, x, { training: true, rng }).total,
        vars,
      );
      return [value, ...Object.values(grads)];
    });
  try {
    tf.dispose(run()); // warm-up
    const info = await tf.profile(() => run());
    tf.dispose(info.result as tf.Tensor[]);
    const counts: Record<string, number> = {};
    for (const k of info.kernels) counts[k.name] = (counts[k.name] ?? 0) + 1;
    return counts;
  } finally {
    x.dispose();
    disposeJepa(model);
  }
}

if (import.meta.main) {
  await initBackend();
  for (const [name, config] of [["gru", GRU_CONFIG], ["patch", PATCH_CONFIG]] as const) {
    const counts = await stepKernels(config);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const top = Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`${name}: ${total} kernels per step;`, top.map(([k, n]) => `${k} ${n}`).join(", "));
  }
}
