import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  blackScholesGreeks,
  blackScholesGreeksAutodiff,
  blackScholesPrice,
  type Greeks,
} from "../../../lib/finance/black_scholes.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/sklearn/black_scholes.json", import.meta.url)),
);
await initBackend();
const GREEKS = ["price", "delta", "gamma", "vega", "theta", "rho"] as const;
const lecture = { S: 100, K: 105, T: 1, r: 0.05, sigma: 0.2 };
const vmapped = { S: [90, 100, 110], K: 100, T: [0.5, 1, 1.5], r: 0.05, sigma: 0.2 };

function near(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string) {
  assert.equal(got.length, want.length, `${what} length`);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    assert.ok(
      err <= tol * Math.max(1, Math.abs(want[i])),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
}

Deno.test("lecture numbers: price 8.0214, Delta 0.5422, Rho 46.2015; vmapped prices and Deltas", async () => {
  for (const g of [blackScholesGreeks(lecture), await blackScholesGreeksAutodiff(lecture)]) {
    near(g.price, [8.0214], 1e-4, "price");
    near(g.delta, [0.5422], 1e-4, "delta");
    near(g.rho, [46.2015], 1e-4 / 46, "rho");
  }
  for (const g of [blackScholesGreeks(vmapped), await blackScholesGreeksAutodiff(vmapped)]) {
    near(g.price, [2.3494, 10.4506, 20.7744], 1e-3, "price");
    near(g.delta, [0.3094, 0.6368, 0.7933], 1e-3, "delta");
  }
});

Deno.test("closed form equals scipy.stats.norm references (calls and puts) to 1e-12", () => {
  for (const kind of ["call", "put"] as const) {
    const g = blackScholesGreeks(fx.inputs, kind);
    for (const k of GREEKS) near(g[k], fx[kind][k], 1e-12, `${kind} ${k}`);
  }
});

Deno.test("autodiff Greeks (float32, tf.grad) agree with the closed form", async () => {
  for (const kind of ["call", "put"] as const) {
    const before = tf.memory().numTensors;
    const a: Greeks = await blackScholesGreeksAutodiff(fx.inputs, kind);
    assert.equal(tf.memory().numTensors, before, "no tensor leaked");
    const c = blackScholesGreeks(fx.inputs, kind);
    for (const k of GREEKS) near(a[k], c[k], 2e-4, `${kind} ${k}`);
  }
});

Deno.test("closed form: put-call parity and central finite differences of the price", () => {
  const c = blackScholesGreeks(fx.inputs, "call");
  const p = blackScholesGreeks(fx.inputs, "put");
  const { S, K, T, r } = fx.inputs;
  S.forEach((s: number, i: number) => {
    const parity = s - K[i] * Math.exp(-r[i] * T[i]);
    assert.ok(Math.abs(c.price[i] - p.price[i] - parity) < 1e-10, `parity ${i}`);
  });
  const bump = (key: "S" | "T" | "r" | "sigma", h: number) => {
    const up = { ...fx.inputs, [key]: fx.inputs[key].map((v: number) => v + h) };
    const dn = { ...fx.inputs, [key]: fx.inputs[key].map((v: number) => v - h) };
    return [blackScholesPrice(up), blackScholesPrice(dn)];
  };
  const fd = (key: "S" | "T" | "r" | "sigma", h: number) => {
    const [u, d] = bump(key, h);
    return u.map((v, i) => (v - d[i]) / (2 * h));
  };
  near(fd("S", 1e-4), c.delta, 1e-6, "delta vs FD");
  near(fd("sigma", 1e-5), c.vega, 1e-5, "vega vs FD");
  near(fd("r", 1e-6), c.rho, 1e-5, "rho vs FD");
  near(fd("T", 1e-6).map((v) => -v), c.theta, 1e-5, "theta (= -dV/dT) vs FD");
  const [u, d] = bump("S", 1e-2);
  const mid = blackScholesPrice(fx.inputs);
  near(u.map((v, i) => (v - 2 * mid[i] + d[i]) / 1e-4), c.gamma, 1e-5, "gamma vs FD");
});

Deno.test("Black-Scholes rejects non-positive S, K, T, sigma and mismatched lengths", async () => {
  assert.throws(
    () => blackScholesGreeks({ ...lecture, S: 0 }),
    /blackScholesGreeks: argument 'S' expected a finite number > 0, received 0/,
  );
  assert.throws(
    () => blackScholesPrice({ ...lecture, K: -5 }),
    /argument 'K' expected a finite number > 0, received -5/,
  );
  await assert.rejects(
    () => blackScholesGreeksAutodiff({ ...lecture, T: [1, 0] }),
    /blackScholesGreeksAutodiff: argument 'T' expected a finite number > 0, received 0 at index 1/,
  );
  assert.throws(
    () => blackScholesGreeks({ ...lecture, sigma: NaN }),
    /argument 'sigma' expected a finite number > 0, received NaN/,
  );
  assert.throws(
    () => blackScholesGreeks({ ...lecture, S: [1, 2], T: [1, 2, 3] }),
    /argument 'T' expected length 2 \(as the other arrays\) or a number, received length 3/,
  );
  assert.throws(
    () => blackScholesGreeks(lecture, "straddle" as "call"),
    /argument 'kind' expected "call" or "put"/,
  );
  // a negative rate is allowed
  assert.ok(blackScholesPrice({ ...lecture, r: -0.01 })[0] > 0);
});
