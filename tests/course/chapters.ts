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
