import type { MetricValue } from "../../lib/report.ts";

/** What each chapter must report (the names fixed by the issues), shared by the course tests. */
export const REQUIRED_METRICS: Record<string, string[]> = {
  "00": ["linreg_loss_seeded", "leaked_tensors"],
  "01": [
    "kurtosis_daily",
    "kurtosis_30min",
    "score_with_leak",
    "score_without_leak",
    "n_tickers",
    "n_price_rows",
  ],
  "02": [
    "acc_layers",
    "acc_loop",
    "acc_grad",
    "acc_majority",
    "acc_logreg",
    "bs_price",
    "bs_delta",
    "bs_gamma",
    "bs_vega",
    "bs_theta",
    "bs_rho",
    "bs_max_abs_err",
    "real_acc",
    "real_acc_majority",
    "real_acc_logreg",
  ],
  "03": [
    "pb_acc_lstm",
    "pb_f1_lstm",
    "pb_acc_gru",
    "pb_acc_bow",
    "pb_acc_majority",
    "tw_acc_lstm",
    "vol_r2_lstm",
    "vol_r2_baseline",
    "vol_r2_har",
    "dir_acc_lstm",
    "dir_acc_baseline",
  ],
  "04": [
    "sentiment_model",
    "embedding_model",
    "pb_acc_course_model",
    "pb_f1_course_model",
    "pb_acc_finbert",
    "tw_acc_course_model",
    "pb_acc_course_bert",
    "pb_acc_course_bert_no_pretrain",
    "pb_acc_course_bert_seed_sd",
    "tw_acc_course_bert",
    "mlm_acc_before",
    "mlm_acc_after",
    "pb_acc_course_bert_mlm_only",
    "sentiment_ic",
    "sentiment_ic_t",
    "quintile_spread",
  ],
  "05": [
    "gap_baseline",
    "gap_contrastive",
    "gap_triplet",
    "gap_infonce",
    "gap_supcon",
    "knn_acc_baseline",
    "knn_acc_course_bert_embed",
    "knn_acc_best",
    "ic_best",
    "ic_best_t",
  ],
  "06": [
    "kurtosis_sp500",
    "kurtosis_usdchf",
    "diverged_runs_baseline",
    "diverged_runs_robust",
    "ic_baseline",
    "ic_robust",
    "max_gradnorm_baseline",
    "max_gradnorm_robust",
  ],
  "07": [
    "auc_raw_logreg",
    "auc_random_encoder",
    "auc_jepa_gru",
    "auc_jepa_transformer",
    "auc_jepa_plus_raw",
    "silhouette",
    "forced_collapse_flagged",
    "sector_acc_jepa",
    "sector_acc_features",
  ],
  "08": [
    "gp_gap_cem",
    "gp_gap_mppi",
    "gp_gap_myopic",
    "wm_gap_true_signals",
    "wm_gap_random_encoder",
    "hedge_hit_rate",
    "placebo_turnover",
    "placebo_dsr",
    "sharpe_wm",
    "sharpe_wm_se",
    "sharpe_equal_weight",
    "sharpe_minvar",
    "sharpe_meanvar",
    "sharpe_ridge_mv",
    "dsr_wm",
    "breakeven_cost_bps",
    "turnover_wm",
    "jk_p_wm_vs_equal_weight",
  ],
  "09": [
    "us_per_small_op",
    "many_vs_one_ratio",
    "greeks_loop_vs_batch",
    "delta_max_err",
    "activation_grad_max_err",
    "loss_max_err",
    "acc_keras",
    "auc_keras",
    "acc_module",
    "auc_module",
    "acc_majority",
    "roundtrip_max_diff",
    "sentiment_model",
    "lecture_agreement",
    "inflation_label",
  ],
};

/**
 * Metrics that are wall-clock measurements (they differ from run to run by nature): the
 * determinism test compares every other metric exactly and only checks these are reported.
 */
export const TIMING_METRICS: Record<string, string[]> = {
  "09": ["us_per_small_op", "many_vs_one_ratio", "greeks_loop_vs_batch"],
};

/**
 * A relation a chapter's reported metrics must satisfy in quick mode: `metric op than`, where
 * `than` is a number, a boolean, or the name of another metric of the same notebook, plus
 * `margin` (so `a >= b` with margin 0.05 reads a >= b + 0.05). Each was checked against real
 * quick runs on wasm and holds there with room to spare (`why` says what it guards).
 */
export interface QuickFloor {
  metric: string;
  op: ">" | ">=" | "<" | "<=" | "==";
  than: number | boolean | string;
  margin?: number;
  why: string;
}

const f = (
  metric: string,
  op: QuickFloor["op"],
  than: QuickFloor["than"],
  why: string,
  margin?: number,
): QuickFloor => ({ metric, op, than, why, ...(margin === undefined ? {} : { margin }) });

/** Quick-mode floors and relations per chapter, checked on the summary of the notebook run. */
export const QUICK_FLOORS: Record<string, QuickFloor[]> = {
  "00": [
    f("leaked_tensors", "==", 0, "no tensor left behind"),
    f("linreg_loss_seeded", "<", 0.05, "the seeded regression fits y = 2x − 1 up to its noise"),
  ],
  "01": [
    f("kurtosis_daily", ">", 10, "fat tails: far above the normal's 3"),
    f("kurtosis_30min", ">", 5, "fat tails at 30 minutes"),
    f("score_with_leak", ">", "score_without_leak", "the leak inflates the score", 0.05),
    f("n_tickers", "==", 88, "the whole StockNet universe loads"),
  ],
  "02": [
    f("acc_layers", ">=", "acc_majority", "Layers MLP beats always-negative", 0.05),
    f("acc_loop", ">=", "acc_majority", "loop MLP beats always-negative", 0.05),
    f("acc_grad", ">=", "acc_majority", "tf.grad MLP beats always-negative", 0.05),
    f("acc_logreg", ">=", "acc_majority", "logistic regression beats always-negative", 0.05),
    f("bs_max_abs_err", "<", 1e-3, "autodiff Greeks match the closed form"),
    f("bs_delta", ">", 0, "a call's Delta is in (0, 1)"),
    f("bs_delta", "<", 1, "a call's Delta is in (0, 1)"),
    f("bs_gamma", ">", 0, "Gamma of a call is positive"),
    f("bs_theta", "<", 0, "a call loses time value"),
    f("real_acc", ">", 0.43, "AAPL direction no worse than a coin flip beyond two standard errors"),
  ],
  "03": [
    f("pb_acc_bow", ">=", "pb_acc_majority", "bag of words beats the majority class", 0.05),
    f(
      "pb_acc_lstm",
      ">=",
      "pb_acc_majority",
      "the LSTM is no worse than the majority class",
      -0.02,
    ),
    f("vol_r2_har", ">", "vol_r2_baseline", "HAR-RV beats yesterday's vol as it stands", 0.1),
    f("vol_r2_lstm", ">", "vol_r2_baseline", "the LSTM beats yesterday's vol as it stands", 0.1),
    f("dir_acc_lstm", ">", 0.43, "direction no worse than a coin flip beyond two standard errors"),
  ],
  "04": [
    f("pb_acc_course_model", ">", 0.7, "the course model reads PhraseBank (majority share ≈ 0.6)"),
    f("tw_acc_course_model", ">", 0.5, "and tweets, worse"),
    f("pb_acc_course_model", ">", "tw_acc_course_model", "domain shift costs accuracy"),
    f("sentiment_ic", "<", 0.5, "an IC of daily sentiment is small"),
    f("sentiment_ic", ">", -0.5, "an IC of daily sentiment is small"),
  ],
  "05": [
    f("knn_acc_baseline", ">", 0.1, "kNN accuracy is a share near the 0.2 of chance"),
    f("knn_acc_baseline", "<", 0.6, "kNN accuracy is a share near the 0.2 of chance"),
    f("knn_acc_best", ">", 0.1, "kNN accuracy is a share near the 0.2 of chance"),
    f("knn_acc_best", "<", 0.6, "kNN accuracy is a share near the 0.2 of chance"),
    f("knn_acc_course_bert_embed", ">", 0.1, "kNN accuracy is a share near the 0.2 of chance"),
    f("knn_acc_course_bert_embed", "<", 0.6, "kNN accuracy is a share near the 0.2 of chance"),
    f("gap_baseline", "<", 0.1, "test-period gaps are small"),
    f("gap_baseline", ">", -0.1, "test-period gaps are small"),
  ],
  "06": [
    f("diverged_runs_robust", "==", 0, "all four fixes keep every run finite"),
    f("diverged_runs_baseline", ">=", 1, "the plain baseline diverges at least once"),
    f("max_gradnorm_robust", "<", 100, "the fixes keep gradient norms small"),
    f("max_gradnorm_baseline", ">", 1e6, "the baseline's gradient norm explodes"),
    f("kurtosis_sp500", ">", 10, "fat tails"),
  ],
  "07": [
    f("forced_collapse_flagged", "==", true, "the forced-collapse run is flagged"),
    f("auc_raw_logreg", ">", 0.65, "raw features predict default"),
    f("auc_jepa_gru", ">", 0.6, "the JEPA GRU probe carries the credit signal"),
    f("auc_jepa_plus_raw", ">", 0.65, "JEPA + raw keeps the raw signal"),
    f("silhouette", ">", 0, "K-means segments are better than random"),
    f("sector_acc_features", ">", 0.2, "summary features beat one-in-eleven sector guessing"),
  ],
  "08": [
    f("gp_gap_cem", "<", "gp_gap_myopic", "CEM planning beats the myopic trader on the GP market"),
    f(
      "gp_gap_mppi",
      "<",
      "gp_gap_myopic",
      "MPPI planning beats the myopic trader on the GP market",
    ),
    f("placebo_dsr", "<", 0.95, "a placebo market gives no significant deflated Sharpe"),
    f("turnover_wm", "<", 1, "the planner trades a fraction of the book per day"),
    f("sharpe_wm_se", ">", 0, "a Sharpe ratio comes with its standard error"),
  ],
  "09": [
    f("delta_max_err", "<", 1e-4, "batched autodiff Deltas equal the closed form"),
    f("activation_grad_max_err", "<", 1e-4, "tf.grad of each activation equals its derivative"),
    f("loss_max_err", "<", 1e-4, "the three styles compute the same loss"),
    f("roundtrip_max_diff", "==", 0, "a saved and reloaded model predicts identically"),
    f("many_vs_one_ratio", ">", 1, "many small kernels cost more than one fused kernel"),
    f("greeks_loop_vs_batch", ">", 1, "one backward pass for the book beats one per option"),
    f("auc_keras", ">", 0.65, "the Keras-style network ranks defaults"),
    f("auc_module", ">", 0.65, "the PyTorch-style network ranks defaults"),
  ],
};

/** The floors a notebook's metrics break, as readable lines (empty when all hold). */
export function brokenFloors(
  metrics: Record<string, MetricValue>,
  floors: readonly QuickFloor[],
): string[] {
  const out: string[] = [];
  for (const fl of floors) {
    const v = metrics[fl.metric];
    const rhs = typeof fl.than === "string" ? metrics[fl.than] : fl.than;
    const label = `${fl.metric} ${fl.op} ${fl.than}${fl.margin ? ` + ${fl.margin}` : ""}`;
    if (fl.op === "==") {
      if (v !== rhs) out.push(`${label}: got ${v} (${fl.why})`);
      continue;
    }
    if (typeof v !== "number" || typeof rhs !== "number") {
      out.push(`${label}: not numbers (${v}, ${rhs}) (${fl.why})`);
      continue;
    }
    const b = rhs + (fl.margin ?? 0);
    const ok = fl.op === ">" ? v > b : fl.op === ">=" ? v >= b : fl.op === "<" ? v < b : v <= b;
    if (!ok) out.push(`${label}: got ${v} vs ${b} (${fl.why})`);
  }
  return out;
}

/** Chapter numbers that have a notebook in notebooks/. */
export function chaptersWithNotebooks(root: string): string[] {
  return [...Deno.readDirSync(`${root}/notebooks`)]
    .filter((e) => e.isFile && /^\d\d_.*\.ipynb$/.test(e.name))
    .map((e) => e.name.slice(0, 2))
    .sort();
}

/** Run a deno subcommand in the repository and capture its output. */
export async function runDeno(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
