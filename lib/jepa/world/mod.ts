/**
 * The action-conditioned JEPA world model for portfolios (chapter 08). Import as
 * "@course/lib/jepa/world/mod.ts"; the planners and backtests are in lib/portfolio.
 */
export * from "./actions.ts";
export * from "./model.ts";
export * from "./objective.ts";
export * from "./train.ts";
export * from "./heads_fit.ts";
export * from "./forecast.ts";
export * from "./plan.ts";
export * from "./policy.ts";
