/** Every notebook's code cells type-check as one module (a type error fails the tests). */
import assert from "node:assert/strict";
import { allSources, ipynbPath } from "../../tools/notebook.ts";
import { checkNotebook } from "../../tools/check_notebooks.ts";

const notebooks = allSources().filter((s) => !s.includes("/tests/fixtures/")).map(ipynbPath);

Deno.test("notebooks type-check", async (t) => {
  assert.ok(notebooks.length > 0);
  for (const nb of notebooks) {
    await t.step(nb.replace(/^.*\/(notebooks|exercises)\//, "$1/"), async () => {
      const err = await checkNotebook(nb);
      assert.equal(err, null, err ?? "");
    });
  }
});

Deno.test("type-check catches a type error in a notebook", async () => {
  const dir = await Deno.makeTempDir({
    dir: new URL("../fixtures/notebooks", import.meta.url).pathname,
  });
  const nb = `${dir}/bad.ipynb`;
  await Deno.writeTextFile(
    nb,
    JSON.stringify({
      cells: [{
        cell_type: "code",
        source: ['const n: number = "not a number";\n'],
        metadata: {},
        outputs: [],
      }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  try {
    const err = await checkNotebook(nb);
    assert.ok(err !== null);
    assert.match(err, /TS2322/);
    assert.match(err, /bad\.ipynb \(code cells\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
