/** Shared access to the scikit-learn fixtures (tools/fixtures/make_sklearn_fixtures.py). */
import assert from "node:assert/strict";

/** Parse a JSON fixture under tests/fixtures/sklearn/. */
export function sklearnFixture(name: string) {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`../../fixtures/sklearn/${name}`, import.meta.url)),
  );
}

/** Assert |a - b| <= tol with a readable message. */
export function close(a: number, b: number, tol = 1e-12, what = ""): void {
  assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (tol ${tol})`);
}

/** Assert two arrays agree elementwise within tol. */
export function allClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12, what = ""): void {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < a.length; i++) close(a[i], b[i], tol, `${what}[${i}]`);
}
