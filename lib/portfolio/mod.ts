/**
 * The portfolio library: from weights to an honest verdict, and from a model to weights.
 * Plain float64 JavaScript (no tensors). Import as "@course/lib/portfolio/mod.ts".
 *
 * Conventions: returns and weights are number[][] [T][N] with rows in time order; weights[t] is
 * decided at the close of row t and earns returns[t + 1] (+ lag); simple returns > −1.
 *
 * Backtest (backtest.ts)
 * - backtest(weights, returns, {costBps, lag, budget, budgetTol, periodsPerYear, gamma,
 *   initialWeights}) → {rows, gross, net, turnover, drifted, wealth, summary: {meanTurnover,
 *   annReturn, annVol, sharpe, maxDrawdown, ceq}}; cost per side on |w − drifted|.
 * - breakEvenCostBps(weights, returns, opts) → bps per side at which the mean net return is 0.
 * - driftWeights(w, r), turnoverBetween(from, to), summarizeReturns(net, turnover, opts).
 * Sharpe ratio inference (sharpe.ts)
 * - sharpeStats(returns, {periodsPerYear, trials, trialsSrVariance | trialSharpes}) → {sr,
 *   srAnnual, seLo, seNonNormal, (annual SEs), skew, kurtosis, psr, sr0, dsr}.
 * - sharpeDiffTest(a, b) → Jobson–Korkie–Memmel {srA, srB, rho, z, p}.
 * - probabilisticSharpe(sr, srStar, n, skew, kurtosis), expectedMaxSharpe(trials, variance).
 * Covariance and optimisers (covariance.ts, optimize.ts)
 * - ledoitWolf(x) → {covariance, shrinkage, mu, location} (= scikit-learn LedoitWolf);
 *   sampleCovariance(x, {ddof}).
 * - projectToSimplex(v, budget), solveSimplexQP(Q, c, {budget}) → {weights, objective,
 *   kktViolation}, minVarianceWeights(cov), meanVarianceWeights(mu, cov, {gamma, longOnly}).
 * Policies and walk-forward (policy.ts, baselines.ts)
 * - Policy {name, fit(train: {returns, features}) → DecisionRule}; DecisionRule(ctx: {t,
 *   history, prevWeights, driftedWeights}) → weights (sync or async).
 * - walkForwardPolicy(policy, {returns, features}, {fitWindow, embargo, tradeBlock, start}) →
 *   {weights, returns, features, rows, fits}, aligned for backtest(weights, returns); causal.
 * - equalWeightPolicy(), minVariancePolicy(), meanVariancePolicy({gamma, longOnly}),
 *   ridgeMeanVariancePolicy({alpha, gamma}), fitRidge(x, y, alpha).
 * Planning over the separated action space (action_space.ts, planner.ts)
 * - ActionSpace {nAssets, weights: "simplex" | "real" | "none", budget, signals, hedge};
 *   Action {weights, signals ∈ {−1,0,1}, hedge ∈ {0,1}}; Plan = Action[] (one per step).
 * - PlanningProblem<S, R> {space, horizon, rollout(state, plans) → R[], cost(r, plan, state)}.
 * - cemPlan(problem, state, opts), mppiPlan(problem, state, opts) → Promise<{plan, cost, best,
 *   bestCost, distribution, history}>; opts {samples, iterations, elites, initStd, minStd,
 *   probFloor, init, rng | seed, elitist} (+ MPPI temperature, adaptStd).
 * - RecedingHorizonPlanner(problem, {method, warmStart, warmStd, execute, ...}).act(state).
 * - initialDistribution, shiftDistribution (warm start), softmaxWeights, modePlan, samplePlan.
 * Real prices (prices.ts)
 * - stockReturnsMatrix(tickers, {from, to}) → {tickers, dates, returns [T][N]} from StockNet
 *   adjusted closes on common dates; liquidTickers(n) by mean dollar volume.
 * Synthetic markets (lib/data/synthetic_gp.ts, synthetic_regime.ts, re-exported here)
 * - gpDefaultParams, simulateGpMarket, gpTradeRate, gpAim, gpOptimalPositions,
 *   gpMyopicPositions, gpUtility, utilityGap, gpPositionScale; gpPlanningProblem, gpMpcPositions,
 *   gpMpcExactPositions (exact receding-horizon solve) (gp_mpc.ts).
 * - simulateRegimeMarket (true regime + hedge returns), hedgeHitRate, simulatePlaceboMarket.
 */
export * from "./backtest.ts";
export * from "./sharpe.ts";
export * from "./covariance.ts";
export * from "./optimize.ts";
export * from "./policy.ts";
export * from "./baselines.ts";
export * from "./action_space.ts";
export * from "./planner.ts";
export * from "./gp_mpc.ts";
export * from "../data/synthetic_gp.ts";
export * from "../data/synthetic_regime.ts";
export * from "./prices.ts";
