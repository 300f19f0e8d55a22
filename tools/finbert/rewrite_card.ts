/**
 * Re-render the MODEL_CARD.md of models/course-bert and models/course-bert-embed from
 * course-bert's metrics.json and refresh both SHA256SUMS
 * (after a change to the card's template; the weights and metrics are left as they are).
 */
import { coursePath } from "../../lib/config.ts";
import { embedderCard, modelCard } from "./model_card.ts";
import { sha256List } from "./card.ts";

const dir = coursePath("models", "course-bert");
const metrics = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
await Deno.writeTextFile(`${dir}/MODEL_CARD.md`, modelCard(metrics));
await Deno.writeTextFile(`${dir}/SHA256SUMS`, await sha256List(dir));
const embedDir = coursePath("models", "course-bert-embed");
await Deno.writeTextFile(`${embedDir}/MODEL_CARD.md`, embedderCard(metrics));
await Deno.writeTextFile(`${embedDir}/SHA256SUMS`, await sha256List(embedDir));
console.log(`re-rendered the model cards and SHA256SUMS of ${dir} and ${embedDir}`);
