/**
 * A BERT as an ONNX graph in the transformers.js layout: `BertModel` (output
 * last_hidden_state) or `BertForSequenceClassification` (tanh pooler on [CLS], output logits).
 * Post-LN BERT with exact erf GELU, LayerNorm eps 1e-12 and an additive −10000 mask, from
 * plain Float32Array weights (matrices [in, out], row-major); `writeBertFolder` adds config.json
 * (with id2label/label2id) and the WordPiece tokenizer files.
 */
import { ONNX_FLOAT, ONNX_INT64, OnnxGraph } from "./graph.ts";
import { wordPieceTokenizerFiles } from "./tokenizer_files.ts";
import { require, requireNumber } from "../../errors.ts";

/** Which head the exported model has (transformers.js picks its class from this). */
export type BertExportKind = "BertModel" | "BertForSequenceClassification";

/** Sizes of the exported BERT. */
export interface BertOnnxSizes {
  vocab: number;
  hidden: number;
  heads: number;
  layers: number;
  ffn: number;
  maxPos: number;
  numLabels: number;
}

/** One encoder layer's weights (matrices [in, out], row-major). */
export interface BertOnnxLayer {
  wq: Float32Array;
  bq: Float32Array;
  wk: Float32Array;
  bk: Float32Array;
  wv: Float32Array;
  bv: Float32Array;
  wo: Float32Array;
  bo: Float32Array;
  ln1g: Float32Array;
  ln1b: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  ln2g: Float32Array;
  ln2b: Float32Array;
}

/** All weights of a BERT with pooler and classifier (the latter unused for BertModel). */
export interface BertOnnxWeights {
  sizes: BertOnnxSizes;
  word: Float32Array;
  pos: Float32Array;
  type: Float32Array;
  embG: Float32Array;
  embB: Float32Array;
  layers: BertOnnxLayer[];
  poolW: Float32Array;
  poolB: Float32Array;
  clsW: Float32Array;
  clsB: Float32Array;
}

/** Check that every weight array has the length its sizes say (else the graph is corrupt). */
function checkWeights(fn: string, w: BertOnnxWeights, kind: BertExportKind): void {
  require(w !== null && typeof w === "object", fn, "w", "BertOnnxWeights", w);
  const s = w.sizes;
  for (const k of ["vocab", "hidden", "heads", "layers", "ffn", "maxPos"] as const) {
    requireNumber(fn, `w.sizes.${k}`, s?.[k], { integer: true, positive: true });
  }
  require(s.hidden % s.heads === 0, fn, "w.sizes.heads", `a divisor of ${s.hidden}`, s.heads);
  const { vocab: v, hidden: h, ffn: f, maxPos: p, numLabels: n } = s;
  const need: [string, Float32Array | undefined, number][] = [
    ["word", w.word, v * h],
    ["pos", w.pos, p * h],
    ["type", w.type, 2 * h],
    ["embG", w.embG, h],
    ["embB", w.embB, h],
  ];
  if (kind === "BertForSequenceClassification") {
    requireNumber(fn, "w.sizes.numLabels", n, { integer: true, positive: true });
    need.push(["poolW", w.poolW, h * h], ["poolB", w.poolB, h], ["clsW", w.clsW, h * n], [
      "clsB",
      w.clsB,
      n,
    ]);
  }
  require(
    Array.isArray(w.layers) && w.layers.length === s.layers,
    fn,
    "w.layers",
    `${s.layers} layers`,
    w.layers,
  );
  w.layers.forEach((L, i) => {
    const sq = h * h;
    const sizes: Record<keyof BertOnnxLayer, number> = {
      wq: sq,
      bq: h,
      wk: sq,
      bk: h,
      wv: sq,
      bv: h,
      wo: sq,
      bo: h,
      ln1g: h,
      ln1b: h,
      w1: h * f,
      b1: f,
      w2: f * h,
      b2: h,
      ln2g: h,
      ln2b: h,
    };
    for (const [k, len] of Object.entries(sizes)) {
      need.push([`layers[${i}].${k}`, L?.[k as keyof BertOnnxLayer], len]);
    }
  });
  for (const [name, arr, len] of need) {
    require(
      arr instanceof Float32Array && arr.length === len,
      fn,
      `w.${name}`,
      `a Float32Array of length ${len}`,
      arr,
    );
  }
}

/** The ONNX model bytes (ModelProto, opset 17) of a BERT with the given head. */
export function bertOnnx(w: BertOnnxWeights, kind: BertExportKind): Uint8Array {
  checkWeights("bertOnnx", w, kind);
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
  return g.toModel(`course_${kind}`);
}

/** What the folder's config and tokenizer hold besides the weights. */
export interface BertFolderOptions {
  /** Label names by class index (written as id2label and label2id). */
  id2label?: Record<number, string>;
  /** The WordPiece vocabulary by id ([PAD], [UNK], [CLS], [SEP], [MASK] among it). */
  vocab: readonly string[];
}

/** Write `dir` in the transformers.js layout (config.json, tokenizer files, onnx/model.onnx). */
export async function writeBertFolder(
  dir: string,
  w: BertOnnxWeights,
  kind: BertExportKind,
  opts: BertFolderOptions,
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
    const id2label = opts.id2label ?? {};
    config.id2label = id2label;
    config.label2id = Object.fromEntries(Object.entries(id2label).map(([k, v]) => [v, Number(k)]));
  }
  await Deno.writeTextFile(`${dir}/config.json`, JSON.stringify(config, null, 2));
  for (const [name, text] of Object.entries(wordPieceTokenizerFiles(opts.vocab, s.maxPos))) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  await Deno.writeFile(`${dir}/onnx/model.onnx`, bertOnnx(w, kind));
  return dir;
}
