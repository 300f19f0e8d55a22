/**
 * Writes a tiny random-weight BERT as a transformers.js model folder (config.json, tokenizer
 * files, onnx/model.onnx): `BertModel` (output last_hidden_state) or
 * `BertForSequenceClassification` (output logits, id2label from the config). Generated at
 * test time into tests/fixtures/generated/ (gitignored); nothing binary is committed.
 */
import { ONNX_FLOAT, ONNX_INT64, OnnxGraph } from "./onnx.ts";
import type { TinyBertWeights } from "./weights.ts";
import { wordPieceTokenizerFiles } from "./vocab_files.ts";

/** Which head the generated model has. */
export type TinyBertKind = "BertModel" | "BertForSequenceClassification";

/** Build the ONNX graph of the tiny BERT. */
export function tinyBertOnnx(w: TinyBertWeights, kind: TinyBertKind): Uint8Array {
  const g = new OnnxGraph();
  const { vocab, hidden: h, heads, ffn, maxPos, numLabels } = w.sizes;
  const hd = h / heads;
  const ids = g.input("input_ids", ONNX_INT64, ["batch", "seq"]);
  const mask = g.input("attention_mask", ONNX_INT64, ["batch", "seq"]);
  const types = g.input("token_type_ids", ONNX_INT64, ["batch", "seq"]);
  const c = (name: string, dims: number[], data: Float32Array) => g.floats(name, dims, data);
  const scalar = (name: string, v: number) => c(name, [], new Float32Array([v]));
  const linear = (x: string, wt: Float32Array, b: Float32Array, i: number, o: number, p: string) =>
    g.op("Add", [g.op("MatMul", [x, c(`${p}.w`, [i, o], wt)]), c(`${p}.b`, [o], b)]);
  const ln = (x: string, gamma: Float32Array, beta: Float32Array, p: string) =>
    g.op("LayerNormalization", [x, c(`${p}.g`, [h], gamma), c(`${p}.b`, [h], beta)], {
      axis: -1,
      epsilon: { float: 1e-12 },
    });
  // embeddings: word + position (0..seq-1) + token type, then LayerNorm
  const seqLen = g.op("Gather", [g.op("Shape", [ids]), g.int64s("one", [], [1])], { axis: 0 });
  const positions = g.op("Range", [g.int64s("zero", [], [0]), seqLen, g.int64s("step", [], [1])]);
  const word = g.op("Gather", [c("emb.word", [vocab, h], w.word), ids]);
  const pos = g.op("Gather", [c("emb.pos", [maxPos, h], w.pos), positions]);
  const typ = g.op("Gather", [c("emb.type", [2, h], w.type), types]);
  let x = ln(g.op("Add", [g.op("Add", [word, pos]), typ]), w.embG, w.embB, "emb.ln");
  // additive attention mask [batch, 1, 1, seq]: 0 where mask is 1, -10000 where it is 0
  const maskF = g.op("Cast", [mask], { to: ONNX_FLOAT });
  const bias = g.op("Mul", [g.op("Sub", [scalar("one_f", 1), maskF]), scalar("neg", -10000)]);
  const bias4 = g.op("Unsqueeze", [bias, g.int64s("axes12", [2], [1, 2])]);
  const split = g.int64s("split_heads", [4], [0, 0, heads, hd]);
  const merge = g.int64s("merge_heads", [3], [0, 0, h]);
  w.layers.forEach((L, li) => {
    const p = `layer${li}`;
    const heads4 = (t: string, perm: number[]) =>
      g.op("Transpose", [g.op("Reshape", [t, split])], { perm });
    const q = heads4(linear(x, L.wq, L.bq, h, h, `${p}.q`), [0, 2, 1, 3]);
    const k = heads4(linear(x, L.wk, L.bk, h, h, `${p}.k`), [0, 2, 3, 1]);
    const v = heads4(linear(x, L.wv, L.bv, h, h, `${p}.v`), [0, 2, 1, 3]);
    const scores = g.op("Add", [
      g.op("Mul", [g.op("MatMul", [q, k]), scalar(`${p}.scale`, 1 / Math.sqrt(hd))]),
      bias4,
    ]);
    const probs = g.op("Softmax", [scores], { axis: -1 });
    const ctx = g.op("Reshape", [
      g.op("Transpose", [g.op("MatMul", [probs, v])], { perm: [0, 2, 1, 3] }),
      merge,
    ]);
    const x1 = ln(
      g.op("Add", [linear(ctx, L.wo, L.bo, h, h, `${p}.o`), x]),
      L.ln1g,
      L.ln1b,
      `${p}.ln1`,
    );
    const u = linear(x1, L.w1, L.b1, h, ffn, `${p}.ffn1`);
    const erf = g.op("Erf", [g.op("Mul", [u, scalar(`${p}.rsqrt2`, Math.SQRT1_2)])]);
    const gelu = g.op("Mul", [
      g.op("Mul", [u, scalar(`${p}.half`, 0.5)]),
      g.op("Add", [erf, scalar(`${p}.one`, 1)]),
    ]);
    x = ln(
      g.op("Add", [linear(gelu, L.w2, L.b2, ffn, h, `${p}.ffn2`), x1]),
      L.ln2g,
      L.ln2b,
      `${p}.ln2`,
    );
  });
  if (kind === "BertModel") {
    g.op("Identity", [x], {}, "last_hidden_state");
    g.output("last_hidden_state", ONNX_FLOAT, ["batch", "seq", h]);
  } else {
    const cls = g.op("Gather", [x, g.int64s("zero_idx", [], [0])], { axis: 1 });
    const pooled = g.op("Tanh", [linear(cls, w.poolW, w.poolB, h, h, "pooler")]);
    g.op(
      "Add",
      [
        g.op("MatMul", [pooled, c("cls.w", [h, numLabels], w.clsW)]),
        c("cls.b", [numLabels], w.clsB),
      ],
      {},
      "logits",
    );
    g.output("logits", ONNX_FLOAT, ["batch", numLabels]);
  }
  return g.toModel(`tiny_${kind}`);
}

/** Write the model folder `dir` (transformers.js layout); returns the folder. */
export async function writeTinyBert(
  dir: string,
  w: TinyBertWeights,
  kind: TinyBertKind,
  id2label: Record<number, string> = { 0: "positive", 1: "negative", 2: "neutral" },
  vocab: readonly string[],
): Promise<string> {
  await Deno.mkdir(`${dir}/onnx`, { recursive: true });
  const s = w.sizes;
  const config: Record<string, unknown> = {
    architectures: [kind],
    model_type: "bert",
    hidden_size: s.hidden,
    num_attention_heads: s.heads,
    num_hidden_layers: s.layers,
    intermediate_size: s.ffn,
    max_position_embeddings: s.maxPos,
    vocab_size: s.vocab,
    type_vocab_size: 2,
    hidden_act: "gelu",
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
  };
  if (kind === "BertForSequenceClassification") {
    config.id2label = id2label;
    config.label2id = Object.fromEntries(Object.entries(id2label).map(([k, v]) => [v, Number(k)]));
  }
  await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(config, null, 2));
  for (const [name, text] of Object.entries(wordPieceTokenizerFiles(vocab, s.maxPos))) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  await Deno.writeFile(`${dir}/onnx/model.onnx`, tinyBertOnnx(w, kind));
  return dir;
}
