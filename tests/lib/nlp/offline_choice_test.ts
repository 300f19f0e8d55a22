/**
 * The offline default of sentiment(): the course model with the better recorded PhraseBank
 * validation accuracy wins (the USE-lite head on a tie or when the BERT's files are absent);
 * a file that is there but not JSON, or an accuracy outside [0, 1], is an error naming it.
 */
import assert from "node:assert/strict";
import { CourseInputError } from "../../../lib/errors.ts";
import {
  bestOfflineSentiment,
  offlineSentimentCandidates,
} from "../../../lib/nlp/offline_choice.ts";

async function courseRoot(head: unknown, bert: unknown, onnx = true): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/models/course-sentiment`, { recursive: true });
  await Deno.mkdir(`${root}/models/course-bert/onnx`, { recursive: true });
  const text = (x: unknown) => (typeof x === "string" ? x : JSON.stringify(x));
  if (head !== undefined) {
    await Deno.writeTextFile(`${root}/models/course-sentiment/model.json`, text(head));
  }
  if (bert !== undefined) {
    await Deno.writeTextFile(`${root}/models/course-bert/metrics.json`, text(bert));
  }
  if (onnx) await Deno.writeFile(`${root}/models/course-bert/onnx/model.onnx`, new Uint8Array(4));
  return root;
}

Deno.test("bestOfflineSentiment picks the better validation accuracy and says why", async () => {
  const a = await courseRoot({ accuracy: { validation: 0.81 } }, { pb_val_acc_course_bert: 0.84 });
  const best = await bestOfflineSentiment(a);
  assert.equal(best.model, "course-bert");
  assert.equal(best.id, "models/course-bert");
  assert.match(
    best.reason,
    /models\/course-bert .*course-use-lite-head 0\.8100, models\/course-bert 0\.8400/,
  );
  const b = await courseRoot({ accuracy: { validation: 0.84 } }, { pb_val_acc_course_bert: 0.81 });
  assert.equal((await bestOfflineSentiment(b)).model, "course");
  const tie = await courseRoot({ accuracy: { validation: 0.8 } }, { pb_val_acc_course_bert: 0.8 });
  assert.equal((await bestOfflineSentiment(tie)).model, "course", "a tie keeps the USE-lite head");
  // the BERT's weights absent: not a candidate, whatever its metrics say
  const noOnnx = await courseRoot({ accuracy: { validation: 0.7 } }, {
    pb_val_acc_course_bert: 0.9,
  }, false);
  assert.deepEqual((await offlineSentimentCandidates(noOnnx)).map((c) => c.model), ["course"]);
  const none = await courseRoot(undefined, undefined, false);
  assert.equal((await bestOfflineSentiment(none)).model, "course");
  for (const d of [a, b, tie, noOnnx, none]) await Deno.remove(d, { recursive: true });
});

Deno.test("offlineSentimentCandidates names a file that is not JSON or holds no accuracy", async () => {
  const broken = await courseRoot({ accuracy: { validation: 0.8 } }, "{ not json");
  await assert.rejects(
    () => offlineSentimentCandidates(broken),
    (e: Error) =>
      e instanceof CourseInputError && e.message.includes("course-bert/metrics.json is not JSON"),
  );
  const bad = await courseRoot({ accuracy: { validation: 1.7 } }, undefined);
  await assert.rejects(
    () => offlineSentimentCandidates(bad),
    (e: Error) =>
      e instanceof CourseInputError && e.message.includes("course-sentiment/model.json"),
  );
  for (const d of [broken, bad]) await Deno.remove(d, { recursive: true });
});

Deno.test("the committed course models: both are candidates, with the accuracies their files record", async () => {
  const cands = await offlineSentimentCandidates();
  const head = JSON.parse(
    await Deno.readTextFile(
      new URL("../../../models/course-sentiment/model.json", import.meta.url),
    ),
  );
  const bert = JSON.parse(
    await Deno.readTextFile(new URL("../../../models/course-bert/metrics.json", import.meta.url)),
  );
  assert.deepEqual(
    cands.map((c) => [c.model, c.validation]),
    [["course", head.accuracy.validation], ["course-bert", bert.pb_val_acc_course_bert]],
  );
  const best = await bestOfflineSentiment();
  assert.equal(
    best.model,
    head.accuracy.validation >= bert.pb_val_acc_course_bert ? "course" : "course-bert",
  );
});
