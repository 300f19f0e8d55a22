/**
 * The WebGPU path, for real: the course loop trains the same seeded MLP and LSTM on `webgpu`
 * (here Deno's software adapter, on a GPU machine the hardware one) and on `wasm`, each in its
 * own process, and the losses must agree. Ignored where Deno finds no WebGPU adapter at all.
 */
import assert from "node:assert/strict";

interface Run {
  backend: string;
  device: string;
  mlpLoss: number[];
  mlpValAccuracy: number[];
  lstmLoss: number[];
  before: number;
  after: number;
  dataSyncError: string | null;
  hostReadError: string | null;
}

const FIXTURE = new URL("../fixtures/webgpu/train_on_backend.ts", import.meta.url).pathname;

/** Whether Deno finds a WebGPU adapter, asked in a child process (keeps WebGPU out of this one). */
async function hasAdapter(): Promise<boolean> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "const a = await navigator.gpu?.requestAdapter(); console.log(a ? 'yes' : 'no')",
    ],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).trim() === "yes";
}

async function runOn(backend: string): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", FIXTURE],
    env: { COURSE_BACKEND: backend, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `training on ${backend} failed:\n${stderr.slice(-2000)}`);
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Run;
}

function assertClose(a: number[], b: number[], what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths`);
  a.forEach((v, i) => {
    const tol = 1e-4 * Math.max(1, Math.abs(b[i]));
    assert.ok(Math.abs(v - b[i]) <= tol, `${what}[${i}]: webgpu ${v} vs wasm ${b[i]}`);
  });
}

Deno.test({
  name: "the course loop trains an MLP and an LSTM on WebGPU as on wasm (same losses, no leak)",
  ignore: !(await hasAdapter()),
  async fn() {
    const [gpu, cpu] = await Promise.all([runOn("webgpu"), runOn("wasm")]);
    assert.equal(gpu.backend, "webgpu");
    assert.equal(cpu.backend, "wasm");
    assertClose(gpu.mlpLoss, cpu.mlpLoss, "MLP loss");
    assertClose(gpu.lstmLoss, cpu.lstmLoss, "LSTM loss");
    assert.deepEqual(gpu.mlpValAccuracy, cpu.mlpValAccuracy);
    // It learned: the loss falls well below its start and validation accuracy is high.
    assert.ok(gpu.mlpLoss.at(-1)! < 0.3 * gpu.mlpLoss[0], `MLP loss ${gpu.mlpLoss}`);
    assert.ok(gpu.mlpValAccuracy.at(-1)! >= 0.95, `val accuracy ${gpu.mlpValAccuracy}`);
    assert.ok(gpu.lstmLoss.at(-1)! < 0.3 * gpu.lstmLoss[0], `LSTM loss ${gpu.lstmLoss}`);
    assert.equal(gpu.after, gpu.before, "tensors leaked on webgpu");
    // Synchronous reads: fine on wasm; on WebGPU they fail, and say why and what to do instead.
    assert.equal(cpu.dataSyncError, null);
    assert.equal(cpu.hostReadError, null);
    assert.match(
      gpu.dataSyncError ?? "",
      /tensor\.dataSync\(\): synchronous reads fail on WebGPU under Deno .*`await tensor\.data\(\)`/,
    );
    assert.match(
      gpu.hostReadError ?? "",
      /hostRead: host-memory backends only \(wasm, cpu\), not webgpu/,
    );
  },
});
