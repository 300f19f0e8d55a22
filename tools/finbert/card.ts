/**
 * The paperwork of the shipped course BERT: a SHA256SUMS list of every file of the folder
 * (sha256sum format, paths relative to the folder) and the folder's total size.
 */
/** Bytes as lowercase hex. */
function encodeHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Relative paths of every file under `dir` (sorted), SHA256SUMS itself excluded. */
export async function folderFiles(dir: string, sub = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(sub ? `${dir}/${sub}` : dir)) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await folderFiles(dir, rel));
    else if (e.isFile && rel !== "SHA256SUMS") out.push(rel);
  }
  return out.sort();
}

/** sha256 of a file as hex. */
export async function sha256File(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  return encodeHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** The sha256sum-format list ("<hex>  <path>" per line) of every file under `dir`. */
export async function sha256List(dir: string): Promise<string> {
  const lines: string[] = [];
  for (const f of await folderFiles(dir)) lines.push(`${await sha256File(`${dir}/${f}`)}  ${f}`);
  return lines.join("\n") + "\n";
}

/** Total bytes of the files under `dir` (SHA256SUMS excluded). */
export async function folderBytes(dir: string): Promise<number> {
  let n = 0;
  for (const f of await folderFiles(dir)) n += (await Deno.stat(`${dir}/${f}`)).size;
  return n;
}
