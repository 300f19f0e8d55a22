/** Checked reads of model files: each failure names the file and what it should hold. */
import assert from "node:assert/strict";
import {
  onnxFileProblem,
  readBinaryFile,
  readJsonFile,
  weightBytes,
} from "../../../lib/nlp/model_files.ts";

Deno.test("readJsonFile and readBinaryFile: contents, or a CourseInputError naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ok.json`, '{"a": [1, 2]}');
    await Deno.writeTextFile(`${dir}/bad.json`, "{not json");
    await Deno.writeTextFile(`${dir}/empty.json`, "  ");
    await Deno.writeFile(`${dir}/w.bin`, new Uint8Array([1, 2, 3]));
    assert.deepEqual(await readJsonFile("f", "dir", `${dir}/ok.json`, "a config"), { a: [1, 2] });
    await assert.rejects(
      () => readJsonFile("f", "dir", `${dir}/bad.json`, "a config"),
      /f: argument 'dir' expected a config \(JSON\) at .*bad\.json, received .*bad\.json: not valid JSON/,
    );
    await assert.rejects(
      () => readJsonFile("f", "dir", `${dir}/empty.json`, "a config"),
      /empty\.json: an empty file/,
    );
    await assert.rejects(
      () => readJsonFile("f", "dir", `${dir}/none.json`, "a config"),
      /none\.json missing/,
    );
    assert.deepEqual([...await readBinaryFile("f", "dir", `${dir}/w.bin`, "weights")], [1, 2, 3]);
    await assert.rejects(
      () => readBinaryFile("f", "dir", `${dir}/none.bin`, "weights"),
      /f: argument 'dir' expected weights at .*none\.bin, received .*none\.bin missing/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("weightBytes: elements × bytes per dtype, summed over the specs", () => {
  assert.equal(
    weightBytes([
      { name: "w", shape: [2, 3], dtype: "float32" },
      { name: "m", shape: [4], dtype: "bool" },
      { name: "i", shape: [5], dtype: "int32" },
    ]),
    24 + 4 + 20,
  );
  assert.equal(weightBytes([]), 0);
});

Deno.test("onnxFileProblem: missing, truncated and non-ONNX files are named; headers only", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.match(onnxFileProblem(`${dir}/none.onnx`)!, /none\.onnx is missing/);
    // field 7 (graph), length-delimited, claims 100 bytes but holds 2: truncated
    await Deno.writeFile(`${dir}/cut.onnx`, new Uint8Array([0x3a, 100, 1, 2]));
    assert.match(onnxFileProblem(`${dir}/cut.onnx`)!, /cut\.onnx is truncated/);
    // a complete graph field but no opset_import (field 8)
    await Deno.writeFile(`${dir}/nogr.onnx`, new Uint8Array([0x3a, 2, 1, 2]));
    assert.match(
      onnxFileProblem(`${dir}/nogr.onnx`)!,
      /not a complete ONNX model \(no opset_import\)/,
    );
    // graph (7) and opset_import (8), both complete: no problem found
    await Deno.writeFile(`${dir}/ok.onnx`, new Uint8Array([0x3a, 2, 1, 2, 0x42, 1, 0]));
    assert.equal(onnxFileProblem(`${dir}/ok.onnx`), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
