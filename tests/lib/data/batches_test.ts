import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { batchIndices, DataLoader } from "../../../lib/data/batches.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

Deno.test("batchIndices: every row once per epoch, sizes, seeded order", () => {
  const b = batchIndices(10, 4, { seed: 7 });
  assert.deepEqual(b.map((x) => x.length), [4, 4, 2]);
  assert.deepEqual(b.flat().sort((p, q) => p - q), [...Array(10).keys()]);
  assert.deepEqual(batchIndices(10, 4, { seed: 7 }), b);
  assert.notDeepEqual(batchIndices(10, 4, { seed: 8 }), b);
  // The order is the seeded generator's permutation, cut into batches.
  assert.deepEqual(b.flat(), new Rng(7).permutation(10));
  assert.deepEqual(batchIndices(5, 2, { shuffle: false }), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(batchIndices(5, 2, { shuffle: false, dropLast: true }), [[0, 1], [2, 3]]);
  assert.deepEqual(batchIndices(3, 8, { shuffle: false }), [[0, 1, 2]]);
  assert.throws(() => batchIndices(0, 2), /batchIndices: argument 'n'/);
  assert.throws(() => batchIndices(4, 1.5), /argument 'batchSize'/);
});

Deno.test("DataLoader: batches pair x with y rows, epochs reshuffle, a seed repeats them", async () => {
  const x = tf.tensor2d([...Array(7).keys()].map((i) => [i, 10 * i]));
  const y = tf.tensor1d([...Array(7).keys()].map((i) => 100 * i));
  const epochs = async (seed: number) => {
    const loader = new DataLoader(x, y, 3, { seed });
    assert.equal(loader.length, 3);
    const out: number[][] = [];
    for (let e = 0; e < 2; e++) {
      const rows: number[] = [];
      for (const b of loader) {
        const xv = await b.x.array() as number[][];
        const yv = Array.from(await b.y.data());
        xv.forEach((r, i) => {
          assert.equal(r[0], b.rows[i]);
          assert.equal(r[1], 10 * b.rows[i]);
          assert.equal(yv[i], 100 * b.rows[i]);
        });
        rows.push(...b.rows);
      }
      assert.deepEqual([...rows].sort((p, q) => p - q), [...Array(7).keys()]);
      out.push(rows);
    }
    assert.equal(loader.epoch, 2);
    return out;
  };
  const a = await epochs(3);
  assert.notDeepEqual(a[0], a[1], "a new permutation each epoch");
  assert.deepEqual(await epochs(3), a);
  tf.dispose([x, y]);
});

Deno.test("DataLoader: batches are disposed (also on break); mismatched rows rejected", () => {
  const x = tf.ones([9, 2]);
  const y = tf.ones([9, 1]);
  const before = tf.memory().numTensors;
  const loader = new DataLoader(x, y, 4, { dropLast: true });
  let n = 0;
  for (const _ of loader) n++;
  assert.equal(n, 2);
  for (const _ of loader) break;
  assert.equal(tf.memory().numTensors, before);
  const z = tf.ones([8, 1]);
  assert.throws(() => new DataLoader(x, z, 4), /DataLoader: argument 'y' expected 9 rows/);
  assert.throws(() => new DataLoader(x, y, 0), /argument 'batchSize'/);
  tf.dispose([x, y, z]);
});
