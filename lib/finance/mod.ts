/** Finance: Black-Scholes prices and Greeks (closed form and by autodiff). */
export {
  blackScholesGreeks,
  blackScholesGreeksAutodiff,
  blackScholesPrice,
  type OptionKind,
} from "./black_scholes.ts";
