/**
 * The README's Troubleshooting section (issue #19) stays true: it sits before "How the course
 * is built", every COURSE_* variable it names is read by lib/ or tools/, and the error texts
 * it quotes are the ones the code produces.
 */
import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url).pathname;
const readme = Deno.readTextFileSync(`${root}README.md`);

function sources(dir: string): string {
  let all = "";
  for (const e of Deno.readDirSync(`${root}${dir}`)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) all += sources(p);
    else if (e.name.endsWith(".ts")) all += Deno.readTextFileSync(`${root}${p}`);
  }
  return all;
}
const code = sources("lib") + sources("tools");

const start = readme.indexOf("## Troubleshooting");
const end = readme.indexOf("## How the course is built");
const section = readme.slice(start, end);

Deno.test("Troubleshooting comes before 'How the course is built'", () => {
  assert.ok(
    start > 0 && end > start,
    `Troubleshooting at ${start}, How the course is built at ${end}`,
  );
});

Deno.test("every COURSE_* variable the section names is read by the code", () => {
  const vars = [...new Set(section.match(/COURSE_[A-Z_]+/g) ?? [])];
  assert.ok(vars.length >= 2);
  for (const v of vars) {
    assert.ok(code.includes(`"${v}"`), `${v} is not read anywhere in lib/ or tools/`);
  }
});

Deno.test("the messages the section quotes are produced by the code", () => {
  // [what the code contains, what the README quotes]
  const quoted: [string, string][] = [
    ['"finite values"', "expected finite values, received NaN at row"],
    ["missing value (empty field", "missing value"],
    ["the file is empty", "the file is empty"],
    ["the file has a header but no data rows", "has a header but no data rows"],
    ['"comes before"', "comes before"],
    ["is not available.", "is not available"],
    ["not valid JSON", "not valid JSON"],
    ["did not converge", "did not converge"],
    ["Your code does not compile yet", "Your code does not compile yet"],
    ["stopped after ${seconds} s", "stopped after 120 s"],
    ['"Deno (course)"', "Deno (course)"],
    ['"deno-course"', "deno-course"],
  ];
  for (const [inCode, inReadme] of quoted) {
    assert.ok(code.includes(inCode), `the code no longer says ${inCode}`);
    assert.ok(section.includes(inReadme), `the README no longer quotes "${inReadme}"`);
  }
});
