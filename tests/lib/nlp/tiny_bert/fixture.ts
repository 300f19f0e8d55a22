/**
 * A generated tiny-BERT model folder for tests: `course-tiny/bert-base` (BertModel) and
 * `course-tiny/bert-cls` (3 labels) under tests/fixtures/generated/<name>/, with the real
 * MiniLM WordPiece vocabulary when ../shared has it, else a small built one.
 */
import { randomTinyBert, type TinyBertSizes, type TinyBertWeights } from "./weights.ts";
import { writeBertFolder } from "../../../../lib/nlp/onnx/bert_graph.ts";
import { builtBertVocab, sharedBertVocab } from "./vocab_files.ts";

/** A generated models folder and what is in it. */
export interface TinyBertFixture {
  /** The folder to use as COURSE_MODELS_DIR. */
  modelsDir: string;
  baseId: string;
  clsId: string;
  weights: TinyBertWeights;
  vocab: string[];
  id2label: Record<number, string>;
}

/** Generate (each call rewrites it) the fixture under tests/fixtures/generated/<name>/. */
export async function tinyBertFixture(
  name: string,
  id2label: Record<number, string> = { 0: "Positive", 1: "Negative", 2: "Neutral" },
  maxPos = 16,
): Promise<TinyBertFixture> {
  const vocab = sharedBertVocab() ?? builtBertVocab();
  const sizes: TinyBertSizes = {
    vocab: vocab.length,
    hidden: 32,
    heads: 4,
    layers: 2,
    ffn: 64,
    maxPos,
    numLabels: Object.keys(id2label).length,
  };
  const weights = randomTinyBert(sizes, 20240601);
  const modelsDir = new URL(`../../../fixtures/generated/${name}`, import.meta.url).pathname;
  await Deno.remove(modelsDir, { recursive: true }).catch(() => {});
  const baseId = "course-tiny/bert-base";
  const clsId = "course-tiny/bert-cls";
  await writeBertFolder(`${modelsDir}/${baseId}`, weights, "BertModel", { id2label, vocab });
  await writeBertFolder(`${modelsDir}/${clsId}`, weights, "BertForSequenceClassification", {
    id2label,
    vocab,
  });
  return { modelsDir, baseId, clsId, weights, vocab, id2label };
}
