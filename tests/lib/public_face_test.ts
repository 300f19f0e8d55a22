/** The curated public face: internals stay out, each sub-entry point is part of the face. */
import assert from "node:assert/strict";
import * as lib from "@course/lib";
import * as data from "@course/lib/data/mod.ts";
import * as evaluation from "@course/lib/eval/mod.ts";
import * as nlp from "@course/lib/nlp/mod.ts";
import * as plot from "@course/lib/plot/mod.ts";
import * as jepa from "@course/lib/jepa/mod.ts";
import * as losses from "@course/lib/losses/mod.ts";
import * as finance from "@course/lib/finance/mod.ts";
import * as portfolio from "@course/lib/portfolio/mod.ts";
import * as world from "@course/lib/jepa/world/mod.ts";

Deno.test("@course/lib keeps internals internal", () => {
  for (
    const name of [
      "require",
      "requireNumber",
      "hostRead",
      "setSyncReads",
      "installWasmMatMul",
      "withHostBackend",
      "readLabels",
      "leadingEigen",
      "symmetricEigen",
      "checkMatrix",
    ]
  ) {
    assert.ok(!(name in lib), `${name} is exported from @course/lib`);
  }
});

Deno.test("every sub-entry point re-exports into @course/lib, the same objects", () => {
  const areas = { data, evaluation, nlp, plot, jepa, losses, finance, portfolio, world };
  for (const [area, mod] of Object.entries(areas)) {
    const names = Object.keys(mod);
    assert.ok(names.length > 0, `${area} exports nothing`);
    for (const n of names) {
      assert.equal(
        (lib as Record<string, unknown>)[n],
        (mod as Record<string, unknown>)[n],
        `${area}.${n}`,
      );
    }
  }
  for (const n of ["walkForwardEvaluate", "crossSectionalIc", "permutationTest", "ablate"]) {
    assert.equal(typeof (lib as Record<string, unknown>)[n], "function", n);
  }
});
