/**
 * Loaders of the bundled credit data (see data/README.md): the UCI Taiwan credit-card
 * default set (six months of status, bill and payment per client: a short time series) and
 * the Statlog German credit set with its original attribute codes.
 */
import type pl from "nodejs-polars";
import { dataPath, loadCsv } from "./csv.ts";
import type { ColumnType, TableSchema } from "./schema.ts";

const months = [1, 2, 3, 4, 5, 6];
/** Taiwan repayment-status columns, most recent month (Sep 2005) first. */
export const TAIWAN_PAY_COLUMNS = ["PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"];
/** Taiwan bill-amount columns, Sep..Apr 2005. */
export const TAIWAN_BILL_COLUMNS = months.map((m) => `BILL_AMT${m}`);
/** Taiwan payment-amount columns, Sep..Apr 2005. */
export const TAIWAN_PAYAMT_COLUMNS = months.map((m) => `PAY_AMT${m}`);

/** Schema of data/credit/uci_default_of_credit_card_clients_taiwan.csv. */
export const TAIWAN_CREDIT_SCHEMA: TableSchema = {
  columns: {
    ID: "i32",
    LIMIT_BAL: "f64",
    SEX: "i32",
    EDUCATION: "i32",
    MARRIAGE: "i32",
    AGE: "i32",
    ...Object.fromEntries(TAIWAN_PAY_COLUMNS.map((c) => [c, "i32" as ColumnType])),
    ...Object.fromEntries(TAIWAN_BILL_COLUMNS.map((c) => [c, "f64" as ColumnType])),
    ...Object.fromEntries(TAIWAN_PAYAMT_COLUMNS.map((c) => [c, "f64" as ColumnType])),
    default_payment_next_month: "i32",
  },
  key: ["ID"],
};

/** UCI default of credit card clients (Taiwan, 30,000 rows, 22.1% defaults in Oct 2005). */
export function loadTaiwanCredit(): pl.DataFrame {
  return loadCsv(
    dataPath("credit", "uci_default_of_credit_card_clients_taiwan.csv"),
    TAIWAN_CREDIT_SCHEMA,
  );
}

/** German credit attributes that are numbers; the others are the original A-codes. */
export const GERMAN_NUMERIC_COLUMNS = [
  "duration_months",
  "credit_amount",
  "installment_rate_pct",
  "residence_since",
  "age_years",
  "existing_credits",
  "num_dependents",
];
const GERMAN_CODE_COLUMNS = [
  "checking_status",
  "credit_history",
  "purpose",
  "savings",
  "employment_since",
  "personal_status_sex",
  "other_debtors",
  "property",
  "other_installment_plans",
  "housing",
  "job",
  "telephone",
  "foreign_worker",
];

/** Schema of data/credit/uci_statlog_german_credit.csv. */
export const GERMAN_CREDIT_SCHEMA: TableSchema = {
  columns: {
    ...Object.fromEntries(GERMAN_CODE_COLUMNS.map((c) => [c, "str" as ColumnType])),
    ...Object.fromEntries(GERMAN_NUMERIC_COLUMNS.map((c) => [c, "i32" as ColumnType])),
    class: "i32",
    class_label: "str",
  },
};

/** Statlog German credit: 20 attributes, class (1 good, 2 bad) and class_label; 1,000 rows. */
export function loadGermanCredit(): pl.DataFrame {
  return loadCsv(dataPath("credit", "uci_statlog_german_credit.csv"), GERMAN_CREDIT_SCHEMA);
}
