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
  const arm = pre.shipped;
  const gain = m.pb_acc_course_bert_pretrained_mean - m.pb_acc_course_bert_no_pretrain;
  const spread = Math.max(m.pb_acc_course_bert_seed_sd, m.pb_acc_course_bert_no_pretrain_seed_sd);
  const mlmGain = m.pb_acc_course_bert_mlm_only - m.pb_acc_course_bert_no_pretrain;
  const mlmSpread = Math.max(
    m.pb_acc_course_bert_mlm_only_seed_sd,
    m.pb_acc_course_bert_no_pretrain_seed_sd,
  );
  const runs = (rs: Metrics[]) =>
    rs.map((r) =>
      `| ${r.init} | ${r.seed} | ${r.epochs} (best ${r.bestEpoch}) | ${r.seconds} | ` +
      `${r.valAccuracy.toFixed(4)} | ${r.testAccuracy.toFixed(4)} |`
    ).join("\n");
  const blanks = pre.fill_in_the_blanks.map((b: Metrics) =>
    `| ${b.text} | ${b.before.join(", ")} | ${b.after.join(", ")} |`
  ).join("\n");
  const parts = (a: Metrics) =>
    Object.entries(a.parts_per_epoch as Record<string, number[]>)
      .map(([k, v]) => `${k} ${v.join(", ")}`).join("; ");
  const P = m.settings.pretrain;
  return `# course-bert: a FinBERT in miniature, trained by the course

A ${m.model.layers}-layer BERT (hidden ${m.model.hidden}, ${m.model.heads} heads, feed-forward
${m.model.ffn}, ${m.model.maxPos} positions, ${m.model.params} weights) with a
${m.vocabulary.size}-token subset of the ${m.vocabulary.from} WordPiece vocabulary,
pre-trained on financial news sentences by distillation from a real pretrained sentence encoder
and fine-tuned for three-way sentiment (positive / negative / neutral) on Financial PhraseBank. Reproduced by \`deno task train:finbert\`
(seeded; tools/train_finbert.ts). Layout: transformers.js (config.json with id2label, tokenizer
files, onnx/model.onnx); from the course folder, \`sentiment(texts, { model:
"models/course-bert", modelsDir: ".", offline: true })\` runs it through transformers.js. It is a teaching model, not FinBERT: it is
much smaller and saw far less text.

## How it was pre-trained, and why that way

FinBERT is BERT (pre-trained by Google on billions of words) further pre-trained on financial
text with masked-language modelling (MLM), then fine-tuned. This course cannot afford BERT's
general pre-training on a laptop CPU, and domain MLM from scratch at this scale does not give a
fine-tuned model more than random weights do (the "MLM only" ablation below measures it). So
the knowledge comes from a real pretrained model instead: on the same financial sentences, the
student BERT is trained to reproduce the sentence vectors of the **${pre.teacher.name}**
teacher (512 dimensions; knowledge distillation, as in Reimers & Gurevych 2020: 1 − cosine
between the teacher's vector and a linear map of the student's mean-pooled last hidden state;
the map is a training-only head, not shipped). Loss weights: ${P.distillWeight}·distillation +
${P.mlmWeight}·MLM (MLM is left out of the shipped recipe: in a trial before this run, adding
it at weight 1 to the distillation lowered the fine-tuned PhraseBank accuracy; the "MLM only"
ablation below measures MLM on its own). The teacher never saw a PhraseBank label; neither did pre-training.

## Data

- Pre-training: the ${pre.sentences.phrasebank_train_part} sentences of PhraseBank's training
  part (text only, labels unused) and ${pre.sentences.twitter_financial_news_train} tweets of the
  training split of twitter-financial-news-sentiment (MIT per its dataset card; ⚠ tweet text,
  X/Twitter terms); URLs removed; ${pre.tokens} tokens. Held out for the measurements below:
  ${pre.sentences.held_out_twitter_financial_news_train} further tweets of that training split.
  The vocabulary subset was also counted over ${pre.sentences.stocknet_tweets_vocabulary_only}
  StockNet tweets (MIT repository; ⚠ tweet text), which are not otherwise used.
- Fine-tuning: Financial PhraseBank (Malo et al. 2014), sentences with ≥ ${m.split.minAgreement}%
  annotator agreement, the course split (stratified, test fraction ${m.split.testFraction}, seed
  ${m.split.seed}): ${m.split.nTrain} training, ${m.split.nValidation} validation
  (${m.split.validation}), ${m.split.nTest} test sentences. The test part was used for nothing
  but the reported test accuracies. ⚠ PhraseBank is **CC BY-NC-SA 3.0** (non-commercial,
  share-alike, attribution): these weights are derived from it; see
  data/sentiment/financial_phrasebank_LICENSE.txt and data/README.md.

## Training

- Teacher vectors: ${pre.teacher.seconds} s. Pre-training: ${arm.steps} steps of
  ${P.batchSize} sentences (Adam, peak learning rate ${P.peakLr}, ${P.warmup} warm-up steps,
  cosine decay, gradient clipping ${P.clipNorm}) in ${arm.seconds} s; teacher + pre-training
  ${pre.seconds_total} s on this machine's CPU (one core: tfjs wasm runs single-threaded under
  Deno). Loss per tenth of the run: ${arm.loss_per_epoch.join(", ")} (${parts(arm)}).
- Ablation "MLM only": the same network, sentences, steps and schedule with MLM instead of
  distillation (15% of tokens chosen, 80/10/10 [MASK]/random/kept, dynamic masking;
  ${pre.mlm_only.seconds} s). Loss per tenth: ${pre.mlm_only.loss_per_epoch.join(", ")}.
- Fine-tuning: Adam, peak learning rate ${m.settings.finetune.peakLr}, batch
  ${m.settings.finetune.batchSize}, at most ${m.settings.finetune.maxEpochs} epochs, early
  stopping on validation accuracy (patience ${m.settings.finetune.patience}, best epoch kept),
  seeds ${m.settings.seeds.join(", ")}; the same recipe from the pre-trained weights, from the
  MLM-only weights and from random weights (no pre-training). Shipped: the pre-trained run
  with the best validation accuracy (seed ${m.shipped.seed}).
- Whole run: ${m.total_seconds} s.

## Metrics (measured by the run that wrote this folder)

| metric | value |
| --- | --- |
| PhraseBank test accuracy, shipped model through transformers.js | ${m.pb_acc_course_bert} |
| same, tfjs model before export | ${m.pb_acc_course_bert_tfjs} |
| PhraseBank validation accuracy, shipped model | ${m.pb_val_acc_course_bert.toFixed(4)} |
| max abs probability difference tfjs vs transformers.js (test split) | ${
    m.max_abs_diff_probs_tfjs_vs_transformers_js.toExponential(2)
  } |
| test accuracy, pre-trained (distillation), mean over seeds | ${m.pb_acc_course_bert_pretrained_mean} ± ${m.pb_acc_course_bert_seed_sd} (sd) |
| test accuracy, MLM-only pre-training, mean over seeds | ${m.pb_acc_course_bert_mlm_only} ± ${m.pb_acc_course_bert_mlm_only_seed_sd} (sd) |
| test accuracy, random weights (no pre-training), mean over seeds | ${m.pb_acc_course_bert_no_pretrain} ± ${m.pb_acc_course_bert_no_pretrain_seed_sd} (sd) |
| majority-class baseline (test) | ${m.pb_majority_baseline} |
| held-out masked-token accuracy: before → after MLM pre-training (ablation arm) | ${
    pct(m.mlm_acc_before)
  } → ${pct(m.mlm_acc_after)} (${m.mlm_eval_masked_tokens} masked tokens) |
| held-out cosine to the teacher: before → after distillation | ${arm.teacher_cosine_before} → ${arm.teacher_cosine_after} |

| init | seed | epochs | seconds | validation | test |
| --- | --- | --- | --- | --- | --- |
${runs([...m.runs.pretrained, ...m.runs["mlm-only"], ...m.runs.random])}

Fill in the blank (top 3 of the MLM head, before → after MLM pre-training, the ablation arm):

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
- MLM alone beats no pre-training by more than the spread: ${
    mlmGain > mlmSpread ? "yes" : "no"
  } (difference ${mlmGain.toFixed(4)}, larger seed sd ${mlmSpread.toFixed(4)}).
- tfjs and transformers.js agree to 1e-4: ${
    m.max_abs_diff_probs_tfjs_vs_transformers_js < 1e-4 ? "met" : "**not met**"
  }.
- Pre-training (teacher vectors + steps) within 20 minutes: ${
    pre.seconds_total <= 1200 ? "met" : "**not met**"
  } (${pre.seconds_total} s).

## Files

SHA256SUMS lists the sha256 of every other file of this folder (\`sha256sum -c SHA256SUMS\`).
The pre-trained encoder before fine-tuning is shipped beside it as models/course-bert-embed/.
`;
}

/** The model card of the sentence embedder (the pre-trained encoder, before fine-tuning). */
export function embedderCard(m: Metrics): string {
  const e = m.embedder;
  const arm = m.pretraining.shipped;
  return `# course-bert-embed: the course BERT's pre-trained encoder as a sentence embedder

The encoder of models/course-bert (see its MODEL_CARD.md for data, licence and training)
after pre-training and before fine-tuning, in the sentence-transformers layout (modules.json,
1_Pooling/config.json: mean pooling over real tokens; ${e.dim} dimensions; L2-normalised by the
course loader). From the course folder, \`embed(texts, { model: "models/course-bert-embed",
modelsDir: ".", offline: true })\` runs it through transformers.js (feature extraction). It was trained to imitate ${m.pretraining.teacher.name}
through a linear map (1 − cosine; the map is not shipped): its own ${e.dim}-dimensional space is
what is shipped. That objective is distillation, not an in-batch contrastive one (the library's
\`distillLossModel\` has an InfoNCE term, \`contrastiveWeight\`, left at 0 here). It saw no
sentiment labels.

## Metrics (measured by the run that wrote this folder)

| metric | value |
| --- | --- |
| max abs difference tfjs vs transformers.js (unit vectors, ${
    e.pairs > 0 ? "held-out tweets" : ""
  }) | ${e.max_abs_diff_tfjs_vs_transformers_js.toExponential(2)} |
| Spearman correlation of pairwise cosines with the teacher's (held-out tweets, ${e.pairs} pairs) | ${e.spearman_pairwise_cosine_vs_teacher} |
| held-out cosine of the projected vector to the teacher: before → after pre-training | ${arm.teacher_cosine_before} → ${arm.teacher_cosine_after} |

SHA256SUMS lists the sha256 of every other file of this folder (\`sha256sum -c SHA256SUMS\`).
`;
}
