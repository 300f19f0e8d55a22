/**
 * Re-render models/course-bert/MODEL_CARD.md from its metrics.json and refresh SHA256SUMS
 * (after a change to the card's template; the weights and metrics are left as they are).
 */
import { coursePath } from "../../lib/config.ts";
import { modelCard } from "./model_card.ts";
import { sha256List } from "./card.ts";

const dir = coursePath("models", "course-bert");
const metrics = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
await Deno.writeTextFile(`${dir}/MODEL_CARD.md`, modelCard(metrics));
await Deno.writeTextFile(`${dir}/SHA256SUMS`, await sha256List(dir));
console.log(`re-rendered ${dir}/MODEL_CARD.md and SHA256SUMS`);
