/**
 * Losses: Huber / pseudo-Huber / quantile for fat-tailed targets (with `train` objectives) and
 * the contrastive family. Import as "@course/lib/losses/mod.ts" or "@course/lib".
 */
export {
  huberLoss,
  huberObjective,
  pseudoHuberLoss,
  pseudoHuberObjective,
  quantileLoss,
  quantileObjective,
} from "./huber.ts";
export {
  cosineContrastiveLoss,
  infoNceLoss,
  ntXentLoss,
  pairwiseCosine,
  rowwiseCosine,
  supConLoss,
  tripletLoss,
} from "./contrastive.ts";
