/**
 * Just enough of ONNX's ModelProto to write a model by hand (no onnx package needed): a graph builder that records
 * nodes, float/int64 initialisers, inputs and outputs, and serialises them (IR 8, opset 17).
 * Field numbers follow onnx/onnx.proto.
 */
import { PbWriter } from "./protobuf.ts";

/** ONNX TensorProto.DataType code of float32. */
export const ONNX_FLOAT = 1;
/** ONNX TensorProto.DataType code of int64. */
export const ONNX_INT64 = 7;

/** An attribute value: int, float, ints or a string. */
export type OnnxAttr = number | bigint | number[] | string | { float: number };

/** A symbolic or fixed dimension of a graph input/output. */
export type OnnxDim = number | string;

function valueInfo(name: string, elemType: number, dims: readonly OnnxDim[]): PbWriter {
  const shape = new PbWriter();
  for (const d of dims) {
    shape.message(
      1,
      typeof d === "number" ? new PbWriter().int(1, d) : new PbWriter().string(2, d),
    );
  }
  const tensorType = new PbWriter().int(1, elemType).message(2, shape);
  return new PbWriter().string(1, name).message(2, new PbWriter().message(1, tensorType));
}

/** Builds one ONNX graph; `op` returns the output name so calls can be chained. */
export class OnnxGraph {
  #nodes: PbWriter[] = [];
  #inits: PbWriter[] = [];
  #inputs: PbWriter[] = [];
  #outputs: PbWriter[] = [];
  #count = 0;

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.#count++}`;
  }

  /** Declare a graph input. */
  input(name: string, elemType: number, dims: readonly OnnxDim[]): string {
    this.#inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declare a graph output. */
  output(name: string, elemType: number, dims: readonly OnnxDim[]): void {
    this.#outputs.push(valueInfo(name, elemType, dims));
  }

  /** A float32 initialiser (constant weight) with the given dims. */
  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const t = new PbWriter().packedInts(1, dims).int(2, ONNX_FLOAT).string(8, name)
      .bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.#inits.push(t);
    return name;
  }

  /** An int64 initialiser (shapes, axes, indices). */
  int64s(name: string, dims: readonly number[], data: readonly number[]): string {
    const raw = new BigInt64Array(data.map((v) => BigInt(v)));
    const t = new PbWriter().packedInts(1, dims).int(2, ONNX_INT64).string(8, name)
      .bytes(9, new Uint8Array(raw.buffer));
    this.#inits.push(t);
    return name;
  }

  /** Add a node; returns the name of its (first) output. */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, OnnxAttr> = {},
    output: string = this.fresh(opType),
  ): string {
    const node = new PbWriter();
    for (const i of inputs) node.string(1, i);
    node.string(2, output).string(3, this.fresh(`n_${opType}`)).string(4, opType);
    for (const [name, v] of Object.entries(attrs)) {
      const a = new PbWriter().string(1, name);
      if (typeof v === "string") a.bytes(4, new TextEncoder().encode(v)).int(20, 3);
      else if (Array.isArray(v)) a.packedInts(8, v).int(20, 7);
      else if (typeof v === "object") a.float(2, v.float).int(20, 1);
      else a.int(3, v).int(20, 2);
      node.message(5, a);
    }
    this.#nodes.push(node);
    return output;
  }

  /** Serialise as a ModelProto (IR version 8, default-domain opset 17). */
  toModel(graphName: string, producer = "course-deep-learning"): Uint8Array {
    const g = new PbWriter();
    for (const n of this.#nodes) g.message(1, n);
    g.string(2, graphName);
    for (const t of this.#inits) g.message(5, t);
    for (const v of this.#inputs) g.message(11, v);
    for (const v of this.#outputs) g.message(12, v);
    return new PbWriter().int(1, 8).string(2, producer).string(3, "1")
      .message(7, g).message(8, new PbWriter().string(1, "").int(2, 17)).finish();
  }
}
