/**
 * The UCI Taiwan credit data as sequences for chapter 07: per client, six months (Apr → Sep
 * 2005, oldest first) of [repayment status, signed log bill amount, log payment amount], with
 * the static fields (log credit limit, age, sex, education, marriage) repeated at every step as
 * context. Standardised with statistics of the training rows only. The same numbers, flattened
 * (6 × 3 + 5 = 23 columns), are the raw features of the logistic-regression baseline.
 */
import type pl from "nodejs-polars";
import { require } from "../errors.ts";
import {
  TAIWAN_BILL_COLUMNS,
  TAIWAN_PAY_COLUMNS,
  TAIWAN_PAYAMT_COLUMNS,
} from "../data/datasets_credit.ts";

/** Sequences, flat raw features and labels of the Taiwan clients. */
export interface CreditSequences {
  /** [n, 6, 8] values, row-major, standardised with the training rows' statistics. */
  x: Float32Array;
  n: number;
  steps: number;
  features: string[];
  /** The 23 raw features per client (standardised the same way), for the baseline. */
  flat: number[][];
  flatNames: string[];
  /** default_payment_next_month (1 = default). */
  y: number[];
}

const slog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

/** Build standardised sequences from `loadTaiwanCredit()`; statistics from `trainRows` only. */
export function taiwanSequences(df: pl.DataFrame, trainRows: readonly number[]): CreditSequences {
  const n = df.height;
  require(n > 0, "taiwanSequences", "df", "the Taiwan credit frame", "an empty frame");
  require(
    trainRows.length > 1 && trainRows.every((i) => Number.isInteger(i) && i >= 0 && i < n),
    "taiwanSequences",
    "trainRows",
    `row indices in 0..${n - 1}`,
    trainRows,
  );
  const col = (c: string) => df.getColumn(c).toArray() as number[];
  // the frame lists the most recent month first: reverse to oldest first
  const pay = [...TAIWAN_PAY_COLUMNS].reverse().map(col);
  const bill = [...TAIWAN_BILL_COLUMNS].reverse().map(col);
  const amt = [...TAIWAN_PAYAMT_COLUMNS].reverse().map(col);
  const limit = col("LIMIT_BAL");
  const age = col("AGE");
  const sex = col("SEX");
  const edu = col("EDUCATION");
  const mar = col("MARRIAGE");
  const steps = 6;
  const dyn = (
    i: number,
    t: number,
  ) => [pay[t][i], slog(bill[t][i]), Math.log1p(Math.max(0, amt[t][i]))];
  const stat = (i: number) => [Math.log(limit[i]), age[i], sex[i], edu[i], mar[i]];
  // feature means/stds over training rows (dynamic ones pooled over the six months)
  const f = 8;
  const sum = new Array<number>(f).fill(0);
  const sq = new Array<number>(f).fill(0);
  let count = 0;
  for (const i of trainRows) {
    const s = stat(i);
    for (let t = 0; t < steps; t++) {
      [...dyn(i, t), ...s].forEach((v, j) => {
        sum[j] += v;
        sq[j] += v * v;
      });
      count += 1;
    }
  }
  const mean = sum.map((s) => s / count);
  const std = sq.map((s, j) => Math.sqrt(Math.max(s / count - mean[j] ** 2, 1e-12)));
  const x = new Float32Array(n * steps * f);
  const flat: number[][] = [];
  for (let i = 0; i < n; i++) {
    const s = stat(i).map((v, j) => (v - mean[3 + j]) / std[3 + j]);
    const row: number[] = [];
    for (let t = 0; t < steps; t++) {
      const d = dyn(i, t).map((v, j) => (v - mean[j]) / std[j]);
      x.set([...d, ...s], (i * steps + t) * f);
      row.push(...d);
    }
    flat.push([...row, ...s]);
  }
  const features = [
    "pay_status",
    "log_bill",
    "log_payment",
    "log_limit",
    "age",
    "sex",
    "education",
    "marriage",
  ];
  const months = ["apr", "may", "jun", "jul", "aug", "sep"];
  return {
    x,
    n,
    steps,
    features,
    flat,
    flatNames: [
      ...months.flatMap((m) => features.slice(0, 3).map((c) => `${c}_${m}`)),
      ...features.slice(3),
    ],
    y: col("default_payment_next_month"),
  };
}
