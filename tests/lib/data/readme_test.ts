// data/README.md is the catalogue: every file it lists exists with the stated sha256 and row
// count, and every data file in data/ is listed.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { coursePath } from "../../../lib/config.ts";

const readme = Deno.readTextFileSync(coursePath("data", "README.md"));

function listed(): Map<string, string> {
  const block = readme.split("## sha256")[1].split("```")[1];
  const out = new Map<string, string>();
  for (const line of block.trim().split("\n")) {
    const [hash, file] = line.trim().split(/\s+/);
    out.set(file, hash);
  }
  return out;
}

function dataFiles(dir = coursePath("data"), prefix = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? dataFiles(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
  );
}

Deno.test("every file in data/README.md matches its sha256", () => {
  const files = listed();
  assert.ok(files.size >= 16);
  for (const [file, hash] of files) {
    const bytes = Deno.readFileSync(coursePath("data", file));
    assert.equal(createHash("sha256").update(bytes).digest("hex"), hash, file);
  }
});

Deno.test("every data file is catalogued and the row counts in the table hold", () => {
  const files = listed();
  for (const f of dataFiles()) {
    if (f === "README.md" || f.startsWith("scripts/")) continue;
    assert.ok(files.has(f), `${f} is not in data/README.md`);
  }
  for (const m of readme.matchAll(/^\| ([\w/]+\.(?:csv|tsv)) \| (\d+) \|/gm)) {
    const text = Deno.readTextFileSync(coursePath("data", m[1]));
    // Count records, not lines: quoted fields may hold newlines.
    let records = 0, quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) records++;
    }
    assert.equal(records - 1, Number(m[2]), m[1]);
  }
});

Deno.test("data/ stays under 25 MB", () => {
  const total = dataFiles().reduce((s, f) => s + Deno.statSync(coursePath("data", f)).size, 0);
  assert.ok(total < 25e6, `data/ holds ${total} bytes`);
});
