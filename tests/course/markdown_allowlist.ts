/**
 * Numbers allowed in notebook markdown although they look like results (tools/markdown_numbers.ts
 * says which do): each entry names the exact phrase and why it may be typed by hand — a
 * parameter the code sets, a fact of the data documented in data/README.md, or a constant from
 * the literature or the lecture with its source. A result of a run never belongs here.
 */
import type { AllowedNumber } from "../../tools/markdown_numbers.ts";

const nb = (file: string, entries: [string, string][]): AllowedNumber[] =>
  entries.map(([text, why]) => ({ file, text, why }));

/** The allowlist, by notebook source. */
export const ALLOWED_NUMBERS: AllowedNumber[] = [
  ...nb("exercises/00_tensors/00_tensors.nb.ts", [
    ["correlation of 0.8", "parameter: the synthetic data's correlation"],
    ["first 200 rows", "parameter: the training rows of the synthetic data"],
  ]),
  ...nb("exercises/01_data/01_data.nb.ts", [
    ["sqrt(252)", "convention: trading days per year"],
    ["blocks of 120 days", "parameter: the test block length"],
  ]),
  ...nb("exercises/03_recurrent/03_recurrent.nb.ts", [
    ["to 1e-5", "parameter: the test tolerance"],
  ]),
  ...nb("exercises/04_sentiment/04_sentiment.nb.ts", [
    ['"profits rose 20%"', "example sentence"],
  ]),
  ...nb("exercises/05_contrastive/05_contrastive.nb.ts", [
    ["200 items in 16 dimensions", "parameter: the synthetic data's size"],
    ["A 16 → 8 linear map", "parameter: the head's shape"],
  ]),
  ...nb("exercises/06_robust/06_robust.nb.ts", [
    ["a 20 % crash", "illustration of the rank transform"],
    ["3 % fall", "illustration of the rank transform"],
    ["1,000 steps to 1e-4", "parameter: the seed project's warmup setting"],
  ]),
  ...nb("exercises/07_jepa/07_jepa.nb.ts", [
    ["τ = 0.99", "parameter: the EMA rate"],
    [
      "about 460 steps to cover 99% of the way",
      "closed form: ln(0.01) / ln(0.99) ≈ 458, from the formula on the line above",
    ],
  ]),
  ...nb("notebooks/01_financial_data.nb.ts", [
    ["17,055 daily returns", "data fact: rows of the Ding–Granger–Engle series (data/README.md)"],
    ["first 70% of the", "parameter: chronological split"],
    ["last 15% by", "parameter: chronological split"],
  ]),
  ...nb("notebooks/02_mlp_three_styles.nb.ts", [
    ["1000 rows of 10 features drawn uniformly from [0, 100)", "lecture: the dummy data"],
    ["0.5·x0 + 0.3·x1 − 0.2·x2", "lecture: the dummy data's label rule"],
    ["Dropout(0.3)", "lecture: the network"],
    ["lr 1e-3", "lecture: the optimiser"],
    ["(128-128) only 160 training rows", "parameter: the over-fitting demo"],
    ["(rate 0.3", "parameter: dropout rate"],
    ["probability 0.3", "parameter: dropout rate"],
    ["1/0.7", "parameter: inverted-dropout scale 1/(1 − rate)"],
    ['per 1.00 of σ and r (divide by 100 for "per 1%")', "convention: Greeks' units"],
    ["divide by 365", "convention: calendar days per year"],
    ["+ 100 (y − x²)²", "literature: Rosenbrock's function"],
    ["(−1.2, 1)", "literature: Rosenbrock's standard starting point"],
    ["(70% train, 15% validation for early stopping, 15% test", "parameter: chronological split"],
  ]),
  ...nb("notebooks/03_recurrent_networks.nb.ts", [
    ["**75%**", "data: the PhraseBank subset's agreement level"],
    ['"up 12 %" becomes `12%`', "example of the tokenizer"],
    ["10% of the training part", "parameter: validation share"],
    ["last 15% of the dates", "parameter: validation share"],
    ["to 1e-5", "parameter: the test tolerance"],
  ]),
  ...nb("notebooks/04_finbert_sentiment.nb.ts", [
    ["size 768, 110 M parameters", "literature: BERT-base (Devlin et al., 2018)"],
    ["30,522 pieces", "literature: BERT's WordPiece vocabulary (Devlin et al., 2018)"],
    ["(3.3 B words)", "literature: BERT's pre-training corpus (Devlin et al., 2018)"],
    ["15% of the tokens", "literature: BERT's masking rate (Devlin et al., 2018)"],
    ["[MASK] 20% on strong demand", "example sentence"],
    ["(50%)", "literature: BERT's next-sentence sampling (Devlin et al., 2018)"],
    ["~46 k news articles", "literature: FinBERT's TRC2 subset (Araci, 2019)"],
    ["within 2.5 s", "parameter: the Hub probe's timeout"],
    ["at least 75% of the annotators", "data: the PhraseBank subset's agreement level"],
  ]),
  ...nb("notebooks/05_contrastive_embeddings.nb.ts", [
    ["the 20% of chance", "lecture: chance accuracy over five quintiles"],
    ["Chance is 20%.", "lecture: chance accuracy over five quintiles"],
    ["Train (60% of the item days), validation (20%) and test (the last 20%)", "parameter: split"],
    ["every gap ≈ 0", "definition: what a collapsed embedding looks like"],
    ["→ 128 → 64", "parameter: the head's hidden and output widths"],
    ["margin 0.5", "parameter: contrastive margin"],
    ["others below 0.5", "parameter: contrastive margin"],
    ["128 pairs", "parameter: batch size"],
    ["margin 0.2", "parameter: triplet margin"],
    ["128 triplets", "parameter: batch size"],
    ["InfoNCE, τ = 0.1 | 128 (anchor", "parameter: temperature and batch size"],
    ["among 128 keys", "parameter: batch size"],
    ["supervised contrastive, τ = 0.1", "parameter: temperature"],
  ]),
  ...nb("notebooks/06_robust_training.nb.ts", [
    ["(−23 %)", "data fact: the log return of 19 October 1987 in the series"],
    ["kurtosis 426", "the seed project's notes on its futures returns"],
    ["(17,055 days", "data fact: rows of the Ding–Granger–Engle series (data/README.md)"],
    ["70 % train, 15 % validation, 15 % test", "parameter: chronological split"],
    ["learning rate of 0.5", "parameter: peakLr"],
    ["| constant 0.5 | linear from 0.5/W to 0.5 over W steps |", "parameter: peakLr"],
    ["median 0.5", "definition: the median of a CDF in [0, 1]"],
    ["learning rate 0.5", "parameter: peakLr"],
  ]),
  ...nb("notebooks/07_jepa.nb.ts", [
    ["a 95% bootstrap interval", "parameter: the interval's level"],
    ["their 95% bootstrap", "parameter: the interval's level"],
    ["τ from 0.99", "parameter: the EMA rate"],
  ]),
  ...nb("notebooks/08_world_model.nb.ts", [
    [
      "on the last 20% of the",
      "parameter: the share of training days held out to pick the ridge penalty",
    ],
  ]),
  ...nb("exercises/08_world_model/08_world_model.nb.ts", [
    ["costs turnover × 0.001 of", "definition: 10 bp per side is 0.001 of the traded value"],
    ["by √252)", "convention: 252 trading days a year"],
  ]),
  ...nb("notebooks/09_frameworks.nb.ts", [
    ["same 12,800 additions", "parameter: CHAIN × 64 (CHAIN = 200 kernels of 64 numbers)"],
    ["as **200 small", "parameter: CHAIN"],
    ["vector, 200 times", "parameter: CHAIN"],
    ["over 12,800 numbers", "parameter: CHAIN × 64"],
    ["spots 100, strikes 80–120, maturities 0.1–2 years,", "parameters of the synthetic book"],
    ["r = 5 %, σ = 20 %)", "parameters of the synthetic book"],
    ["w = (1.5, 2.0), b = −1", "made-up illustration weights, stated as such"],
    ["(30,000 clients,", "data fact: rows of the UCI Taiwan credit data (data/README.md)"],
  ]),
];
