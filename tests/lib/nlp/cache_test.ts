/** The Parquet cache: keys separate models, values survive a save/open round trip, and only
 * texts missing for a model are computed. */
import assert from "node:assert/strict";
import { cachedVectors, NlpCache, nlpCacheKey } from "../../../lib/nlp/cache.ts";

Deno.test("cache key is sha256 of model NUL text, so models never share results", () => {
  assert.equal(nlpCacheKey("m", "t").length, 64);
  assert.notEqual(nlpCacheKey("m1", "t"), nlpCacheKey("m2", "t"));
  assert.equal(nlpCacheKey("m", "t"), nlpCacheKey("m", "t"));
  assert.throws(() => nlpCacheKey("", "t"), /nlpCacheKey: argument 'model'/);
});

Deno.test("cachedVectors computes only missing texts and round-trips through Parquet", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/c.parquet`;
  const seen: string[][] = [];
  const compute = (ts: string[]) => {
    seen.push(ts);
    return Promise.resolve(ts.map((t) => new Float32Array([t.length, 0.5])));
  };
  const c1 = NlpCache.open(path);
  const a = await cachedVectors(c1, "m", ["ab", "abc", "ab"], compute);
  assert.deepEqual(seen, [["ab", "abc"]], "duplicates computed once");
  assert.deepEqual(a.map((v) => [...v]), [[2, 0.5], [3, 0.5], [2, 0.5]]);
  const c2 = NlpCache.open(path);
  assert.equal(c2.size, 2);
  const b = await cachedVectors(c2, "m", ["abc", "abcd"], compute);
  assert.deepEqual(seen[1], ["abcd"]);
  assert.deepEqual(b.map((v) => [...v]), [[3, 0.5], [4, 0.5]]);
  await cachedVectors(c2, "other", ["abc"], compute);
  assert.deepEqual(seen[2], ["abc"], "another model id is a cache miss");
  assert.throws(() => NlpCache.open(`${dir}/c.csv`), /NlpCache.open: argument 'path'/);
  await Deno.remove(dir, { recursive: true });
});
