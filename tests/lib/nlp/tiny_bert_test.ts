/**
 * The hand-written ONNX generator: the tiny BERT run by onnxruntime (through transformers.js)
 * agrees with a plain-JS forward pass over the same weights, and the protobuf writer encodes
 * varints and fields as the protobuf spec's own examples say.
 */
import assert from "node:assert/strict";
import {
  AutoModel,
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
} from "@huggingface/transformers";
import { PbWriter } from "../../../lib/nlp/onnx/protobuf.ts";
import { tinyBertFixture } from "./tiny_bert/fixture.ts";
import { tinyBertForward } from "./tiny_bert/weights.ts";

Deno.test("PbWriter encodes the spec's examples (150 -> 08 96 01, 'testing' -> 12 07 ...)", () => {
  assert.deepEqual([...new PbWriter().int(1, 150).finish()], [0x08, 0x96, 0x01]);
  assert.deepEqual(
    [...new PbWriter().string(2, "testing").finish()],
    [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67],
  );
  // -1 as int64 is ten bytes: nine 0xff and a final 0x01
  assert.deepEqual([...new PbWriter().int(1, -1).finish()], [0x08, ...Array(9).fill(0xff), 0x01]);
  assert.deepEqual([...new PbWriter().packedInts(4, [3, 270]).finish()], [0x22, 3, 3, 0x8e, 0x02]);
});

Deno.test("generated tiny BERT (ONNX) matches the JS oracle: logits and last_hidden_state", async () => {
  const fx = await tinyBertFixture("tiny_bert_test");
  env.allowRemoteModels = false;
  env.localModelPath = `${fx.modelsDir}/`;
  const tok = await AutoTokenizer.from_pretrained(fx.clsId);
  const texts = ["profits beat forecasts", "the company said net sales rose sharply this quarter"];
  const enc = await tok(texts, { padding: true, truncation: true });
  const seq = enc.input_ids.dims[1];
  const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
  const mask = Array.from(enc.attention_mask.data as BigInt64Array, Number);
  assert.ok(mask.includes(0), "the batch is padded, so the mask is exercised");
  const cls = await AutoModelForSequenceClassification.from_pretrained(fx.clsId, { dtype: "fp32" });
  const base = await AutoModel.from_pretrained(fx.baseId, { dtype: "fp32" });
  const logits = (await cls(enc)).logits;
  const hidden = (await base(enc)).last_hidden_state;
  assert.deepEqual(logits.dims, [2, 3]);
  assert.deepEqual(hidden.dims, [2, seq, 32]);
  for (let b = 0; b < 2; b++) {
    const o = tinyBertForward(
      fx.weights,
      ids.slice(b * seq, (b + 1) * seq),
      mask.slice(b * seq, (b + 1) * seq),
    );
    for (let j = 0; j < 3; j++) {
      assert.ok(Math.abs(logits.data[b * 3 + j] - o.logits[j]) < 1e-4, `logit ${b},${j}`);
    }
    for (let t = 0; t < seq; t++) {
      if (mask[b * seq + t] === 0) continue;
      for (let d = 0; d < 32; d++) {
        const got = hidden.data[(b * seq + t) * 32 + d] as number;
        assert.ok(
          Math.abs(got - o.hidden[t][d]) < 1e-4,
          `hidden ${b},${t},${d}: ${got} vs ${o.hidden[t][d]}`,
        );
      }
    }
  }
  await cls.dispose();
  await base.dispose();
});
