/** The patch encoder's tokens: patches flattened, one dense map, plus positions; config checks. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  checkPatchConfig,
  initPatchEncoder,
  numPatches,
  patchEncode,
  type PatchEncoderConfig,
  patchTokens,
} from "../../../lib/jepa/patch_encoder.ts";
import { disposeParams, ParamInit, type ParamMap } from "../../../lib/nn/params.ts";
import { Rng } from "../../../lib/random.ts";
import { initBackend } from "../../../lib/backend.ts";

await initBackend();

const cfg: PatchEncoderConfig = {
  kind: "patch",
  inputDim: 2,
  seqLen: 6,
  patchLen: 3,
  dModel: 4,
  depth: 1,
  heads: 2,
  positions: "learned",
};

Deno.test("patchTokens = reshape into patches · W + b + position, checked by hand", async () => {
  const params: ParamMap = {};
  initPatchEncoder(new ParamInit(params, new Rng(3)), "enc", cfg);
  assert.equal(numPatches(cfg), 2);
  const x = tf.tensor3d([[[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]]);
  const before = tf.memory().numTensors;
  const tokens = tf.tidy(() => patchTokens(params, "enc", cfg, x)); // callers tidy kernels
  assert.deepEqual(tokens.shape, [1, 2, 4]);
  const W = await params["enc/patch/w"].array() as number[][];
  const b = await params["enc/patch/b"].array() as number[];
  const pos = await params["enc/pos"].array() as number[][];
  const got = (await tokens.array())[0];
  const patches = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]; // time-major within a patch
  patches.forEach((p, n) => {
    for (let d = 0; d < 4; d++) {
      const want = p.reduce((s, v, i) => s + v * W[i][d], 0) + b[d] + pos[n][d];
      assert.ok(Math.abs(got[n][d] - want) < 1e-4, `token ${n}, dim ${d}: ${got[n][d]} vs ${want}`);
    }
  });
  tokens.dispose();
  const emb = tf.tidy(() => patchEncode(params, "enc", cfg, x));
  assert.deepEqual(emb.shape, [1, 4]);
  emb.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.throws(
    () => patchTokens(params, "enc", cfg, tf.zeros([1, 5, 2])),
    /patchTokens: argument 'x' expected a tensor \[batch, 6, 2\]/,
  );
  x.dispose();
  disposeParams(params);
});

Deno.test("checkPatchConfig names a patch length that does not divide the sequence, and heads", () => {
  assert.throws(
    () => checkPatchConfig({ ...cfg, patchLen: 4 }),
    /config.patchLen.*divisor of seqLen 6/,
  );
  assert.throws(() => checkPatchConfig({ ...cfg, heads: 3 }), /config.heads.*divisor of dModel 4/);
  assert.throws(() => checkPatchConfig({ ...cfg, depth: 0 }), /config.depth/);
  assert.equal(checkPatchConfig(cfg), cfg);
});
