/**
 * Which of the course's own sentiment models `sentiment()` runs when FinBERT is absent: the
 * one with the best PhraseBank validation accuracy, read from the files each training script
 * wrote (models/course-sentiment/model.json `accuracy.validation`, models/course-bert/
 * metrics.json `pb_val_acc_course_bert`; the same validation split for both). A model whose
 * files are absent is not a candidate; a file that is there but unreadable is an error.
 */
import { coursePath } from "../config.ts";
import { CourseInputError, require } from "../errors.ts";

/** The course BERT's folder, as a model id relative to the course root (its `modelsDir`). */
export const COURSE_BERT_ID = "models/course-bert";

/** An offline candidate: how `loadSentimentModel` names it and its validation accuracy. */
export interface OfflineCandidate {
  model: "course" | "course-bert";
  /** The id its results carry. */
  id: string;
  validation: number;
  /** The file the accuracy was read from. */
  source: string;
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CourseInputError(
      "offlineSentimentCandidates",
      "root",
      "model files written by the course's training scripts",
      `${path} is not JSON (${(e as Error).message}); rerun its training script`,
    );
  }
}

function accuracyAt(path: string, value: unknown): number {
  require(
    typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1,
    "offlineSentimentCandidates",
    "root",
    `a validation accuracy in [0, 1] in ${path}`,
    value,
  );
  return value as number;
}

/** The offline sentiment models present under `root` (default: the course folder). */
export async function offlineSentimentCandidates(
  root: string = coursePath(),
): Promise<OfflineCandidate[]> {
  require(
    typeof root === "string" && root.length > 0,
    "offlineSentimentCandidates",
    "root",
    "a folder path",
    root,
  );
  const out: OfflineCandidate[] = [];
  const headPath = `${root}/models/course-sentiment/model.json`;
  const head = await readJson(headPath);
  const headVal = (head?.accuracy as Record<string, unknown> | undefined)?.validation;
  if (head && headVal !== undefined) {
    out.push({
      model: "course",
      id: "course-use-lite-head",
      validation: accuracyAt(headPath, headVal),
      source: headPath,
    });
  }
  const bertPath = `${root}/${COURSE_BERT_ID}/metrics.json`;
  const bert = await readJson(bertPath);
  const onnx = await Deno.stat(`${root}/${COURSE_BERT_ID}/onnx/model.onnx`).then(
    () => true,
    () => false,
  );
  if (bert && onnx && bert.pb_val_acc_course_bert !== undefined) {
    out.push({
      model: "course-bert",
      id: COURSE_BERT_ID,
      validation: accuracyAt(bertPath, bert.pb_val_acc_course_bert),
      source: bertPath,
    });
  }
  return out;
}

/**
 * The candidate with the best validation accuracy (the USE-lite head on a tie or when nothing
 * records a validation accuracy), and a sentence that says why.
 */
export async function bestOfflineSentiment(
  root: string = coursePath(),
): Promise<{ model: "course" | "course-bert"; id: string; reason: string }> {
  const cands = await offlineSentimentCandidates(root);
  if (cands.length === 0) {
    return {
      model: "course",
      id: "course-use-lite-head",
      reason: "course-use-lite-head (no offline model records a validation accuracy)",
    };
  }
  const best = cands.reduce((a, b) => (b.validation > a.validation ? b : a));
  const all = cands.map((c) => `${c.id} ${c.validation.toFixed(4)}`).join(", ");
  return {
    model: best.model,
    id: best.id,
    reason: `${best.id} is the course model best on PhraseBank validation (${all})`,
  };
}
