/**
 * A minimal protocol-buffers writer (enough for ONNX): varints, fixed32 floats, strings,
 * bytes, nested messages and packed repeated fields, written in field order as given. Field
 * keys are (field number << 3) | wire type, as the protobuf encoding spec says.
 */

const utf8 = new TextEncoder();

/** Accumulates the bytes of one protobuf message. */
export class PbWriter {
  #chunks: number[] = [];
  #parts: Uint8Array[] = [];

  #flush(): void {
    if (this.#chunks.length > 0) this.#parts.push(Uint8Array.from(this.#chunks));
    this.#chunks = [];
  }

  #varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.#chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.#chunks.push(Number(x));
  }

  #key(field: number, wire: number): void {
    this.#varint(BigInt((field << 3) | wire));
  }

  /** A varint field (int32, int64, enum). */
  int(field: number, v: number | bigint): this {
    this.#key(field, 0);
    this.#varint(BigInt(v));
    return this;
  }

  /** A float field (fixed32). */
  float(field: number, v: number): this {
    this.#key(field, 5);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.#chunks.push(...b);
    return this;
  }

  /** A length-delimited field of raw bytes. */
  bytes(field: number, v: Uint8Array): this {
    this.#key(field, 2);
    this.#varint(BigInt(v.length));
    this.#flush();
    this.#parts.push(v);
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, v: string): this {
    return this.bytes(field, utf8.encode(v));
  }

  /** A nested message field. */
  message(field: number, m: PbWriter): this {
    return this.bytes(field, m.finish());
  }

  /** A packed repeated varint field. */
  packedInts(field: number, vs: readonly (number | bigint)[]): this {
    const inner = new PbWriter();
    for (const v of vs) inner.#varint(BigInt(v));
    return this.bytes(field, inner.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.#flush();
    const out = new Uint8Array(this.#parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of this.#parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}
