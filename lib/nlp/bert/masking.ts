/**
 * BERT's masked-language-model corruption: each ordinary token is chosen with probability
 * `rate` (0.15); a chosen token becomes [MASK] 80% of the time, a random ordinary token 10%,
 * and stays itself 10%. Special tokens ([PAD], [CLS], [SEP], [UNK], [MASK]) are never chosen.
 */
import { require, requireNumber } from "../../errors.ts";
import { Rng } from "../../random.ts";
import { BERT_UNCASED_SPECIALS, BERT_UNCASED_VOCAB_SIZE, type BertSpecialIds } from "./config.ts";

/** How to mask. */
export interface MaskOptions {
  /** Seeded randomness (lib/random.ts). */
  rng: Rng;
  /** Probability that an ordinary token is chosen (default 0.15). */
  rate?: number;
  /** Vocabulary size: random replacements are drawn from [0, vocabSize) (default 30522). */
  vocabSize?: number;
  /** Special ids (default BERT uncased's); never chosen, never drawn as replacements. */
  specials?: BertSpecialIds;
}

/** Masked inputs and labels (the original id where chosen, −1 elsewhere), same shape as ids. */
export interface MaskedTokens {
  inputIds: number[][];
  labels: number[][];
}

/** Corrupt rows of token ids with BERT's 80/10/10 rule; labels say what to predict where. */
export function maskTokens(ids: readonly (readonly number[])[], opts: MaskOptions): MaskedTokens {
  const fn = "maskTokens";
  require(Array.isArray(ids), fn, "ids", "an array of rows of token ids", ids);
  require(opts?.rng instanceof Rng, fn, "opts.rng", "an Rng (lib/random.ts)", opts?.rng);
  const rate = opts.rate ?? 0.15;
  requireNumber(fn, "opts.rate", rate, { nonNegative: true });
  require(rate <= 1, fn, "opts.rate", "a probability in [0, 1]", rate);
  const vocab = opts.vocabSize ?? BERT_UNCASED_VOCAB_SIZE;
  requireNumber(fn, "opts.vocabSize", vocab, { integer: true, positive: true });
  const sp = opts.specials ?? BERT_UNCASED_SPECIALS;
  const special = new Set([sp.pad, sp.unk, sp.cls, sp.sep, sp.mask]);
  require(vocab > special.size, fn, "opts.vocabSize", "more ids than the special ones", vocab);
  const rng = opts.rng;
  const inputIds: number[][] = [];
  const labels: number[][] = [];
  ids.forEach((row, r) => {
    require(Array.isArray(row), fn, `ids[${r}]`, "an array of token ids", row);
    const inp = row.slice();
    const lab = new Array<number>(row.length).fill(-1);
    row.forEach((id, t) => {
      require(
        Number.isInteger(id) && id >= 0 && id < vocab,
        fn,
        `ids[${r}][${t}]`,
        `an integer id in [0, ${vocab})`,
        id,
      );
      if (special.has(id) || rng.random() >= rate) return;
      lab[t] = id;
      const u = rng.random();
      if (u < 0.8) inp[t] = sp.mask;
      else if (u < 0.9) {
        let x = rng.int(vocab);
        while (special.has(x)) x = rng.int(vocab);
        inp[t] = x;
      }
    });
    inputIds.push(inp);
    labels.push(lab);
  });
  return { inputIds, labels };
}
