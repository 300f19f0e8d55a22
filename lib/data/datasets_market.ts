/**
 * Loaders of the bundled market data (see data/README.md for origin and license): StockNet
 * daily OHLCV of 88 US stocks with their sectors, VIX, DJIA, NYSE Composite, the S&P 500
 * daily returns of Ding-Granger-Engle and USD/CHF 30-minute bars. Each returns a validated
 * polars DataFrame sorted by time (and ticker), with lower-case column names.
 */
import pl from "nodejs-polars";
import { require } from "../errors.ts";
import { dataPath, loadCsv } from "./csv.ts";
import type { TableSchema } from "./schema.ts";

/** Schema of data/prices/stocknet_88_stocks_daily_ohlcv_2012_2017.csv. */
export const STOCKNET_PRICES_SCHEMA: TableSchema = {
  columns: {
    ticker: "str",
    date: "date",
    open: "f64",
    high: "f64",
    low: "f64",
    close: "f64",
    adj_close: "f64",
    volume: "f64",
  },
  key: ["ticker", "date"],
  group: "ticker",
  time: "date",
};

const PRICE_COLUMNS = ["open", "high", "low", "close", "adj_close", "volume"];

/** Options of `loadStockNetPrices`. */
export interface StockNetPriceOptions {
  /** Keep only these tickers (StockNet symbols, e.g. "AAPL", "BRK-A"). */
  tickers?: readonly string[];
  /** Join the sector and company name from StockTable (default false). */
  withSectors?: boolean;
}

/**
 * Daily OHLCV of the 88 StockNet tickers, 2012-09-04..2017-09-01, sorted by (ticker, date).
 * The 3 rows whose prices are all empty (PTR, REX, SNP on 2016-06-29) are dropped.
 */
export function loadStockNetPrices(options: StockNetPriceOptions = {}): pl.DataFrame {
  let df = loadCsv(
    dataPath("prices", "stocknet_88_stocks_daily_ohlcv_2012_2017.csv"),
    STOCKNET_PRICES_SCHEMA,
    {
      dropNullRows: PRICE_COLUMNS,
      maxDropped: 3,
    },
  );
  if (options.tickers) {
    const known = new Set(df.getColumn("ticker").unique().toArray() as string[]);
    const unknown = options.tickers.filter((t) => !known.has(t));
    require(
      unknown.length === 0,
      "loadStockNetPrices",
      "options.tickers",
      "StockNet tickers such as AAPL, MSFT, BRK-A",
      `unknown ${unknown.join(", ")}`,
    );
    df = df.filter(pl.col("ticker").isIn([...options.tickers]));
  }
  if (options.withSectors) {
    df = df.join(loadStockTable().select("ticker", "sector", "company"), {
      on: "ticker",
      how: "left",
    });
  }
  return df;
}

/** Schema of data/prices/stocknet_StockTable.tsv (tab-separated). */
export const STOCK_TABLE_SCHEMA: TableSchema = {
  columns: { Sector: "str", Symbol: "str", Company: "str" },
  key: ["Symbol"],
};

/** The 88 StockNet tickers with sector and company: columns ticker, sector, company. */
export function loadStockTable(): pl.DataFrame {
  const df = loadCsv(dataPath("prices", "stocknet_StockTable.tsv"), STOCK_TABLE_SCHEMA, {
    separator: "\t",
  });
  return df.select(
    pl.col("Symbol").str.replace("^\\$", "").alias("ticker"),
    pl.col("Sector").alias("sector"),
    pl.col("Company").alias("company"),
  );
}

/** Schema of data/prices/cboe_vix_daily_1990_2026.csv. */
export const VIX_SCHEMA: TableSchema = {
  columns: { DATE: "date", OPEN: "f64", HIGH: "f64", LOW: "f64", CLOSE: "f64" },
  time: "DATE",
};

/** Cboe VIX daily OHLC from 1990 (before mid-2004 only closes: open = high = low = close). */
export function loadVix(): pl.DataFrame {
  return loadCsv(dataPath("prices", "cboe_vix_daily_1990_2026.csv"), VIX_SCHEMA).rename({
    DATE: "date",
    OPEN: "open",
    HIGH: "high",
    LOW: "low",
    CLOSE: "close",
  });
}

/** Schema of data/prices/djia_daily_1980_2012.csv. */
export const DJIA_SCHEMA: TableSchema = {
  columns: { date: "date", djia_close: "f64" },
  time: "date",
};

/** Dow Jones Industrial Average closes on every weekday 1980..2012 (holidays repeat the close). */
export function loadDjia(): pl.DataFrame {
  return loadCsv(dataPath("prices", "djia_daily_1980_2012.csv"), DJIA_SCHEMA);
}

/** Schema of data/prices/nyse_composite_daily.csv. */
export const NYSE_SCHEMA: TableSchema = {
  columns: { date: "date", nyse_composite: "f64" },
  time: "date",
};

/** The two date typos of the NYSE file (the schema check finds them), corrected explicitly. */
export const NYSE_DATE_FIXES = [
  {
    row: 288,
    column: "date",
    from: "1966-02-23",
    to: "1967-02-23",
    why: "year typo: sits between 1967-02-21 and 1967-02-24 at a 1967 price level",
  },
  {
    row: 963,
    column: "date",
    from: "1969-12-08",
    to: "1969-12-09",
    why: "1969-12-08 appears twice and 1969-12-09 is missing",
  },
] as const;

/** NYSE Composite index daily closes 1966..2002 (two source date typos corrected, see above). */
export function loadNyseComposite(): pl.DataFrame {
  return loadCsv(dataPath("prices", "nyse_composite_daily.csv"), NYSE_SCHEMA, {
    fixCells: NYSE_DATE_FIXES,
  });
}

/** Schema of data/prices/sp500_daily_returns_dge_1928_1991.csv. */
export const SP500_DGE_SCHEMA: TableSchema = {
  columns: { t_index: "i32", sp500_return: "f64" },
  time: "t_index",
};

/** S&P 500 daily (most likely log) returns 1928..1991, 17,055 rows, no dates: t_index, sp500_return. */
export function loadSp500Returns(): pl.DataFrame {
  return loadCsv(dataPath("prices", "sp500_daily_returns_dge_1928_1991.csv"), SP500_DGE_SCHEMA);
}

/** Schema of data/intraday/usdchf_30min_1996_2001.csv. */
export const USDCHF_SCHEMA: TableSchema = {
  columns: { timestamp: "datetime", usdchf: "f64" },
  time: "timestamp",
  datetimeFormat: "%Y-%m-%d %H:%M:%S",
};

/** USD/CHF 30-minute bars 1996-04-01..2001-03-30 (weekdays): timestamp (Datetime ms), usdchf. */
export function loadUsdChf30min(): pl.DataFrame {
  return loadCsv(dataPath("intraday", "usdchf_30min_1996_2001.csv"), USDCHF_SCHEMA);
}
