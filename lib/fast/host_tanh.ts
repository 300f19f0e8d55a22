/**
 * Fast path (lib/fast): tanh for the recurrent host ops' JS cell maths, without `Math.exp`
 * (V8 calls out to C++ for it: about half the LSTM forward pass's JS time at the windows
 * benchmark's sizes). A rational function x·P(x²)/Q(x²) of degrees 4/4 in x², fitted to tanh on
 * [0, 9] by weighted linear least squares (Sanathanan–Koerner iteration: each pass reweights by
 * the last Q, so the fit minimises the true error); inputs are clamped to ±9, where tanh is 1 in
 * float32 to within 3e-8. Maximum absolute error 3.9e-8 over the real line (below float32's
 * half-ulp at 1, 6e-8; tests/lib/fast/host_tanh_test.ts checks it); odd and monotone like tanh.
 */

const [A0, A1, A2, A3, A4] = [
  0.9999999245380252,
  0.13382057840702766,
  0.0034970351111628358,
  2.0641102542439957e-05,
  1.3413526672698879e-08,
];
const [B1, B2, B3, B4] = [
  0.4671536064502611,
  0.025881925731986073,
  0.0003288362188386213,
  7.797631534044259e-07,
];

/** tanh(x) to within 4e-8 (absolute) for any finite x; NaN stays NaN. */
export function hostTanh(x: number): number {
  const c = x > 9 ? 9 : x < -9 ? -9 : x, z = c * c;
  return c * (A0 + z * (A1 + z * (A2 + z * (A3 + z * A4)))) /
    (1 + z * (B1 + z * (B2 + z * (B3 + z * B4))));
}
