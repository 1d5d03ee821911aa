/* global fetch */
// Shared by the SSDA903 benchmarks: a folder imported through a council service as `rcc import-903` does it.
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';

const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;

/**
 * Streams each file of `dir` from disk to the council at `councilUrl` (in name order), then makes the one import call.
 * Returns the import's result, the seconds the upload took and the seconds of the whole import.
 */
export async function importFolder(councilUrl, dir, token) {
  const auth = { authorization: `Bearer ${token}` };
  const upload = randomUUID();
  const t = process.hrtime.bigint();
  for (const [i, f] of readdirSync(dir).sort().entries()) {
    const res = await fetch(`${councilUrl}/ssda903/uploads/${upload}/${i}?name=${encodeURIComponent(f)}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(createReadStream(join(dir, f))),
      duplex: 'half',
    });
    if (!res.ok) throw new Error(await res.text());
  }
  const uploadSeconds = seconds(t);
  const res = await fetch(`${councilUrl}/ssda903/uploads/${upload}/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{}',
  });
  // The answer is one JSON object a line: progress, then the result.
  const lines = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const result = lines.at(-1)?.result;
  if (!res.ok || !result) throw new Error(JSON.stringify(lines.at(-1)).slice(0, 2000));
  return { result, uploadSeconds, seconds: seconds(t) };
}
