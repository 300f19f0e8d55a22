/**
 * Collapse diagnostics of an embedding matrix Z [n, d], logged every epoch of JEPA training:
 * per-dimension standard deviation (of L2-normalised rows, so the scale is comparable across
 * runs), effective rank exp(H(σ/Σσ)) of the centred matrix (Roy & Vetterli, 2007), and the mean
 * cosine similarity between random pairs of rows. `detectCollapse` turns them into a verdict.
 */
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { covarianceMatrix, symmetricEigen } from "../eval/pca.ts";

/** The collapse diagnostics of one embedding matrix. */
export interface CollapseDiagnostics {
  /** Mean over dimensions of the std of the L2-normalised embeddings (≈ 1/√d when spread). */
  stdMean: number;
  /** Mean over dimensions of the std of the raw embeddings (their absolute spread). */
  rawStdMean: number;
  /** Smallest per-dimension std (normalised embeddings). */
  stdMin: number;
  /** Effective rank of the centred embeddings, between 1 and d. */
  effectiveRank: number;
  /** Mean cosine similarity between random pairs of rows (1: all rows point the same way). */
  meanCosine: number;
  dim: number;
}

/** Effective rank exp(−Σ pᵢ log pᵢ) with pᵢ = σᵢ/Σσ, σ the singular values of centred Z. */
export function effectiveRank(Z: readonly (readonly number[])[]): number {
  require(Z.length >= 2, "effectiveRank", "Z", "at least 2 rows", Z);
  const { cov } = covarianceMatrix(Z);
  const sigma = symmetricEigen(cov).values.map((l) => Math.sqrt(Math.max(l, 0)));
  const total = sigma.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return 1;
  const h = sigma.reduce((s, x) => (x > 0 ? s - (x / total) * Math.log(x / total) : s), 0);
  return Math.exp(h);
}

/** Compute the collapse diagnostics of rows Z (seeded choice of the random pairs). */
export function collapseDiagnostics(
  Z: readonly (readonly number[])[],
  opts: { pairs?: number; seed?: number } = {},
): CollapseDiagnostics {
  require(
    Array.isArray(Z) && Z.length >= 2 && Z[0].length > 0,
    "collapseDiagnostics",
    "Z",
    "at least 2 rows of embeddings",
    Z,
  );
  const d = Z[0].length;
  Z.forEach((r, i) =>
    require(
      r.length === d && r.every(Number.isFinite),
      "collapseDiagnostics",
      `Z[${i}]`,
      `${d} finite numbers`,
      r,
    )
  );
  const pairs = requireNumber("collapseDiagnostics", "pairs", opts.pairs ?? 256, {
    integer: true,
    positive: true,
  });
  const unit: number[][] = Z.map((r) => {
    const norm = Math.hypot(...r);
    return r.map((v: number) => (norm > 0 ? v / norm : 0));
  });
  const { cov } = covarianceMatrix(unit);
  const stds = cov.map((row, i) => Math.sqrt(Math.max(row[i], 0)));
  const rawCov = covarianceMatrix(Z).cov;
  const rawStdMean = rawCov.reduce((s, row, i) => s + Math.sqrt(Math.max(row[i], 0)), 0) / d;
  const rng = new Rng(opts.seed ?? DEFAULT_SEED);
  let cos = 0;
  for (let p = 0; p < pairs; p++) {
    const i = rng.int(Z.length);
    let j = rng.int(Z.length - 1);
    if (j >= i) j += 1;
    cos += unit[i].reduce((s, v, k) => s + v * unit[j][k], 0);
  }
  return {
    stdMean: stds.reduce((a, b) => a + b, 0) / d,
    rawStdMean,
    stdMin: Math.min(...stds),
    effectiveRank: effectiveRank(Z),
    meanCosine: cos / pairs,
    dim: d,
  };
}

/** Thresholds of `detectCollapse` (defaults in brackets). */
export interface CollapseThresholds {
  /** Collapsed when stdMean·√d falls below this [0.05]: rows are nearly one point. */
  minScaledStd?: number;
  /** Dimensional collapse when the effective rank falls below this [1.5]. */
  minEffectiveRank?: number;
  /** Collapsed when random pairs have mean cosine above this [0.99]. */
  maxMeanCosine?: number;
  /** With a reference (the untrained encoder's diagnostics): collapsed when the raw spread
   * falls below this fraction of the reference's [0.2] (the embeddings shrink to a point). */
  minStdRatio?: number;
}

/** The verdict: collapsed or not, and which checks failed (in words). */
export interface CollapseVerdict {
  collapsed: boolean;
  reasons: string[];
}

/**
 * Flag a collapsed embedding from its diagnostics (and, when given, the diagnostics of the
 * same encoder before training); each failed check gives a reason.
 */
export function detectCollapse(
  diag: CollapseDiagnostics,
  thresholds: CollapseThresholds = {},
  reference: CollapseDiagnostics | null = null,
): CollapseVerdict {
  require(
    diag !== null && typeof diag === "object" && Number.isFinite(diag.dim),
    "detectCollapse",
    "diag",
    "CollapseDiagnostics",
    diag,
  );
  const minStd = thresholds.minScaledStd ?? 0.05;
  const minRank = thresholds.minEffectiveRank ?? 1.5;
  const maxCos = thresholds.maxMeanCosine ?? 0.99;
  const reasons: string[] = [];
  const scaled = diag.stdMean * Math.sqrt(diag.dim);
  if (!(scaled >= minStd)) {
    reasons.push(`embedding spread std·√d = ${scaled.toPrecision(3)} < ${minStd}`);
  }
  if (!(diag.effectiveRank >= minRank)) {
    reasons.push(`effective rank ${diag.effectiveRank.toPrecision(3)} < ${minRank}`);
  }
  if (!(diag.meanCosine <= maxCos)) {
    reasons.push(`mean pair cosine ${diag.meanCosine.toPrecision(4)} > ${maxCos}`);
  }
  if (reference !== null) {
    const ratio = diag.rawStdMean / reference.rawStdMean;
    const minRatio = thresholds.minStdRatio ?? 0.2;
    if (!(ratio >= minRatio)) {
      reasons.push(
        `raw spread fell to ${(100 * ratio).toPrecision(3)}% of the untrained encoder's (< ${
          100 * minRatio
        }%)`,
      );
    }
  }
  return { collapsed: reasons.length > 0, reasons };
}
