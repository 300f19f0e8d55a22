/** The cpu backend stays quiet: no tfjs "install our node backend" advert on stderr. */
import assert from "node:assert/strict";
import { courseRoot } from "../../lib/config.ts";

Deno.test("tensors on the cpu backend print no tfjs advert (only the course's own output)", async () => {
  const dir = `${courseRoot()}/tests/fixtures/generated`;
  Deno.mkdirSync(dir, { recursive: true });
  const file = `${dir}/quiet_cpu_${crypto.randomUUID().slice(0, 8)}.ts`;
  Deno.writeTextFileSync(
    file,
    'import * as tf from "@tensorflow/tfjs";\n' +
      'import { useBackend } from "../../../lib/backend.ts";\n' +
      'await useBackend("cpu");\n' +
      "console.log('sum', (await tf.tensor([1, 2]).sum().data())[0]);\n",
  );
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file],
      cwd: courseRoot(),
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(stdout.trim(), "sum 3");
    assert.doesNotMatch(stdout + stderr, /install our node|TensorFlow\.js in Node/);
  } finally {
    Deno.removeSync(file);
  }
});
