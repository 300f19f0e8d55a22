/** Finance: Black-Scholes prices and Greeks (closed form and by autodiff); HAR-RV volatility. */
export {
  blackScholesGreeks,
  blackScholesGreeksAutodiff,
  blackScholesPrice,
  blackScholesTensor,
  type OptionKind,
} from "./black_scholes.ts";
export { fitHarRv, harFeatures, type HarRvModel, realisedVol } from "./har_rv.ts";
