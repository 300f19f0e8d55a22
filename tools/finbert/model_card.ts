/**
 * MODEL_CARD.md of the shipped course BERT, written from the measured metrics of the run that
 * produced it (every number below comes from `metrics`, none is typed).
 */

// deno-lint-ignore no-explicit-any
type Metrics = Record<string, any>;

/** The accuracy target on the PhraseBank test split. */
const TARGET_ACC = 0.8;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The model card text for `metrics` (the object train_finbert.ts writes to metrics.json). */
export function modelCard(m: Metrics): string {
  const pre = m.pretraining;
  const gain = m.pb_acc_course_bert_pretrained_mean - m.pb_acc_course_bert_no_pretrain;
  const spread = Math.max(m.pb_acc_course_bert_seed_sd, m.pb_acc_course_bert_no_pretrain_seed_sd);
  const runs = (rs: Metrics[]) =>
    rs.map((r) =>
      `| ${r.init} | ${r.seed} | ${r.epochs} (best ${r.bestEpoch}) | ${r.seconds} | ` +
      `${r.valAccuracy.toFixed(4)} | ${r.testAccuracy.toFixed(4)} |`
    ).join("\n");
  const blanks = pre.fill_in_the_blanks.map((b: Metrics) =>
    `| ${b.text} | ${b.before.join(", ")} | ${b.after.join(", ")} |`
  ).join("\n");
  return `# course-bert: a FinBERT in miniature, trained by the course

A ${m.model.layers}-layer BERT (hidden ${m.model.hidden}, ${m.model.heads} heads, feed-forward
${m.model.ffn}, ${m.model.maxPos} positions, ${m.model.params} weights) with a
${m.vocabulary.size}-token subset of the ${m.vocabulary.from} WordPiece vocabulary,
pre-trained with masked-language modelling on financial tweets and fine-tuned for three-way
sentiment (positive / negative / neutral) on Financial PhraseBank. Reproduced by
\`deno task train:finbert\` (seeded; tools/train_finbert.ts). Layout: transformers.js
(config.json with id2label, tokenizer files, onnx/model.onnx); load it with
\`loadSentimentModel({ model: "course-bert", modelsDir: "models", offline: true })\`.
It is a teaching model, not FinBERT: it is much smaller and saw far less text.

## Data

- MLM pre-training: ${pre.sentences.stocknet_tweets} StockNet tweets 2014–2016 (MIT repository;
  ⚠ tweet text, X/Twitter terms), ${pre.sentences.twitter_financial_news_train} tweets of the
  training split of twitter-financial-news-sentiment (MIT per its dataset card; ⚠ tweet text)
  and the ${pre.sentences.phrasebank_train_part} sentences of
  PhraseBank's training part (labels unused). URLs removed; sentences packed into
  ${m.model.maxPos}-token rows (${pre.packed_rows} rows, ${pre.tokens} tokens). Held out for the
  masked-token accuracy: ${pre.held_out_rows} rows of StockNet tweets not trained on.
- Fine-tuning: Financial PhraseBank (Malo et al. 2014), sentences with ≥ ${m.split.minAgreement}%
  annotator agreement, the course split (stratified, test fraction ${m.split.testFraction}, seed
  ${m.split.seed}): ${m.split.nTrain} training, ${m.split.nValidation} validation
  (${m.split.validation}), ${m.split.nTest} test sentences. The test part was used for nothing
  but the reported test accuracies. ⚠ PhraseBank is **CC BY-NC-SA 3.0** (non-commercial,
  share-alike, attribution): these weights are derived from it; see
  data/sentiment/financial_phrasebank_LICENSE.txt and data/README.md.

## Training

- Pre-training: ${pre.steps} steps of batch ${m.settings.pretrain.batchSize} (Adam, peak
  learning rate ${m.settings.pretrain.peakLr}, ${m.settings.pretrain.warmup} warm-up steps,
  cosine decay, gradient clipping ${m.settings.pretrain.clipNorm}; 15% of tokens chosen,
  80/10/10 [MASK]/random/kept, dynamic masking) in ${pre.seconds} s on this machine's CPU.
  Loss per tenth of the run: ${pre.loss_per_epoch.join(", ")}.
- Fine-tuning: Adam, peak learning rate ${m.settings.finetune.peakLr}, batch
  ${m.settings.finetune.batchSize}, at most ${m.settings.finetune.maxEpochs} epochs, early
  stopping on validation accuracy (patience ${m.settings.finetune.patience}, best epoch kept),
  seeds ${m.settings.seeds.join(", ")}; the same recipe from the pre-trained weights and from
  random weights (no pre-training). Shipped: the pre-trained run with the best validation
  accuracy (seed ${m.shipped.seed}).
- Whole run: ${m.total_seconds} s.

## Metrics (measured by the run that wrote this folder)

| metric | value |
| --- | --- |
| PhraseBank test accuracy, shipped model through transformers.js | ${m.pb_acc_course_bert} |
| same, tfjs model before export | ${m.pb_acc_course_bert_tfjs} |
| max abs probability difference tfjs vs transformers.js (test split) | ${
    m.max_abs_diff_probs_tfjs_vs_transformers_js.toExponential(2)
  } |
| test accuracy, pre-trained then fine-tuned, mean over seeds | ${m.pb_acc_course_bert_pretrained_mean} ± ${m.pb_acc_course_bert_seed_sd} (sd) |
| test accuracy, random weights then fine-tuned, mean over seeds | ${m.pb_acc_course_bert_no_pretrain} ± ${m.pb_acc_course_bert_no_pretrain_seed_sd} (sd) |
| majority-class baseline (test) | ${m.pb_majority_baseline} |
| held-out masked-token accuracy before pre-training | ${pct(m.mlm_acc_before)} |
| held-out masked-token accuracy after pre-training | ${
    pct(m.mlm_acc_after)
  } (${m.mlm_eval_masked_tokens} masked tokens) |

| init | seed | epochs | seconds | validation | test |
| --- | --- | --- | --- | --- | --- |
${runs([...m.runs.pretrained, ...m.runs.random])}

Fill in the blank (top 3 of the MLM head, before → after pre-training):

| text | before | after |
| --- | --- | --- |
${blanks}

## Verdict against the issue's targets (computed from the numbers above)

- PhraseBank test accuracy through transformers.js ≥ ${TARGET_ACC}:
  ${m.pb_acc_course_bert >= TARGET_ACC ? "met" : "**not met**"} (${
    m.pb_acc_course_bert.toFixed(4)
  }).
- Pre-training beats no pre-training by more than the seed-to-seed spread: ${
    gain > spread ? "met" : "**not met**"
  } (difference of the means ${gain.toFixed(4)}, larger seed sd ${spread.toFixed(4)}).
- tfjs and transformers.js agree to 1e-4: ${
    m.max_abs_diff_probs_tfjs_vs_transformers_js < 1e-4 ? "met" : "**not met**"
  }.

## Files

SHA256SUMS lists the sha256 of every other file of this folder (\`sha256sum -c SHA256SUMS\`).
`;
}
