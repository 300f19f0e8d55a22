/** The quick-mode floors of tests/course/chapters.ts: the checker, by hand-made metrics. */
import assert from "node:assert/strict";
import { brokenFloors, QUICK_FLOORS, REQUIRED_METRICS } from "./chapters.ts";

Deno.test("brokenFloors: numbers, relations with margins, flags", () => {
  const floors = [
    { metric: "acc", op: ">=" as const, than: "majority", margin: 0.05, why: "beats majority" },
    { metric: "err", op: "<" as const, than: 1e-3, why: "matches closed form" },
    { metric: "flag", op: "==" as const, than: true, why: "collapse flagged" },
  ];
  assert.deepEqual(brokenFloors({ acc: 0.9, majority: 0.85, err: 1e-5, flag: true }, floors), []);
  const broken = brokenFloors({ acc: 0.88, majority: 0.85, err: 0.01, flag: false }, floors);
  assert.equal(broken.length, 3);
  assert.match(broken[0], /^acc >= majority \+ 0\.05: got 0\.88 vs 0\.9/);
  assert.match(broken[1], /err < 0\.001: got 0\.01/);
  assert.match(broken[2], /flag == true: got false \(collapse flagged\)/);
  assert.match(brokenFloors({ majority: 0.5 }, floors.slice(0, 1))[0], /not numbers/);
});

Deno.test("every floor names metrics the chapter reports", () => {
  for (const [nn, floors] of Object.entries(QUICK_FLOORS)) {
    const required = REQUIRED_METRICS[nn] ?? [];
    for (const fl of floors) {
      assert.ok(required.includes(fl.metric), `${nn}: ${fl.metric} is not a required metric`);
      if (typeof fl.than === "string") {
        assert.ok(required.includes(fl.than), `${nn}: ${fl.than} is not a required metric`);
      }
      assert.ok(fl.why.length > 5);
    }
  }
});
