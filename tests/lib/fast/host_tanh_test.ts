/**
 * lib/fast/host_tanh.ts: within 4e-8 of Math.tanh on a dense grid of [-12, 12] (the clamp
 * included), odd, monotone, saturating at ±1, NaN through.
 */
import assert from "node:assert/strict";
import { hostTanh } from "../../../lib/fast/host_tanh.ts";

Deno.test("hostTanh: within 4e-8 of Math.tanh, odd, monotone, ±1 far out", () => {
  let worst = 0, prev = -Infinity;
  for (let i = -240000; i <= 240000; i++) {
    const x = i * 5e-5; // step 5e-5 over [-12, 12]
    const y = hostTanh(x);
    worst = Math.max(worst, Math.abs(y - Math.tanh(x)));
    assert.ok(y >= prev, `monotone at ${x}`);
    assert.equal(hostTanh(-x), -y);
    prev = y;
  }
  assert.ok(worst < 4e-8, `max error ${worst}`);
  assert.ok(Math.abs(hostTanh(1e6) - 1) < 4e-8 && Math.abs(hostTanh(-1e6) + 1) < 4e-8);
  assert.ok(Math.abs(hostTanh(1e-9) - 1e-9) < 1e-16); // near 0: tanh(x) ≈ x
  assert.ok(Number.isNaN(hostTanh(NaN)));
});
