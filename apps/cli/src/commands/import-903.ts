import { randomUUID } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { COUNCIL_CODE_PATTERN } from '@rcc/contracts';
import { cliToken } from './dev-keys.js';
import type { ImportError } from '@rcc/ssda903';
import { IMPORT_903_USAGE } from '../usage.js';

function csvFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(csv|xml)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function bar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round((done / Math.max(total, 1)) * 100)}%`;
}

interface ImportSummary {
  alreadyImported: boolean;
  years: number[];
  children: number;
  episodes: number;
  records: number;
  repairs: number;
  snapshotAsAt: string;
  snapshotTotal: number;
  shared: boolean;
  warnings?: { file: string; rule: string; message: string }[];
}

interface ImportOutcome {
  progress?: { phase: string; file: string; rows: number; seconds: number };
  result?: ImportSummary;
  rejected?: { message: string; details?: { errors?: ImportError[]; totalErrors?: number } };
  error?: { message: string };
}

const PHASES: Record<string, string> = {
  validate: 'checking',
  write: 'writing ',
  check: 'checking rows against each other',
  merge: 'storing',
  restitch: 'stitching the history and counting the monthly series',
  share: 'sharing',
  starting: 'starting',
};

/** One line of progress: a bar over the files for the passes that read them, else the step and the time taken. */
function progressLine(p: NonNullable<ImportOutcome['progress']>, names: string[]): string {
  const label = PHASES[p.phase] ?? p.phase;
  const at = names.indexOf(p.file);
  if (at < 0) return `importing: ${label} ... ${p.seconds} s`;
  return `${label} ${bar(at + 1, names.length)} ${p.file} ${p.rows} rows, ${p.seconds} s`;
}

/** For council data teams: the same import as the GraphQL mutation, from a folder, with progress and a summary. */
export async function import903Command(argv: string[], out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      council: { type: 'string' },
      url: { type: 'string', default: process.env['RCC_COUNCIL_URL'] ?? 'http://localhost:4101' },
    },
  });
  const council = values.council;
  const dir = positionals[0];
  if (!council || !COUNCIL_CODE_PATTERN.test(council) || !dir) throw new Error(`usage:\n${IMPORT_903_USAGE}`);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dir} is not a folder`);
  const paths = csvFiles(dir);
  if (paths.length === 0) throw new Error(`no .csv or .xml files under ${dir}`);

  const base = values.url!.replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  const token = await cliToken({ roles: ['council.analyst'], council }, 'data-team');
  const auth = { authorization: `Bearer ${token}` };

  // Each file is streamed from disk as the body of its own request: memory stays flat whatever the file size.
  const upload = randomUUID();
  const totalBytes = paths.reduce((n, p) => n + statSync(p).size, 0);
  let sent = 0;
  for (const [i, p] of paths.entries()) {
    const stream = createReadStream(p);
    stream.on('data', (chunk) => {
      sent += chunk.length;
      out.write(`\rreading  ${bar(sent, totalBytes)} ${i + 1}/${paths.length} files`);
    });
    const res = await fetch(`${base}/ssda903/uploads/${upload}/${i}?name=${encodeURIComponent(relative(dir, p))}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(stream) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (!res.ok) throw new Error(`upload of ${p} failed: ${res.status} ${await res.text()}`);
  }
  out.write(`\rreading  ${bar(totalBytes, totalBytes)} ${paths.length}/${paths.length} files\n`);

  // The council answers as it goes, one JSON object a line: progress, then the result (or the rejection).
  const started = Date.now();
  const res = await fetch(`${base}/ssda903/uploads/${upload}/import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok || !res.body) throw new Error(`the import failed: ${res.status} ${await res.text()}`);
  const names = paths.map((p) => relative(dir, p));
  let outcome: ImportOutcome | undefined;
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, nl)) as ImportOutcome;
      buffered = buffered.slice(nl + 1);
      if (line.progress) out.write(`\r${progressLine(line.progress, names)}\x1b[K`);
      else outcome = line;
    }
  }
  out.write('\n');
  if (outcome?.rejected) {
    const { message, details } = outcome.rejected;
    out.write(`rejected: ${message}\n`);
    for (const e of details?.errors?.slice(0, 50) ?? []) {
      out.write(`  ${e.file}:${e.row}  ${e.column}  ${JSON.stringify(e.value)}  ${e.rule}  ${e.message}\n`);
    }
    if ((details?.totalErrors ?? 0) > 50) out.write(`  ... and ${details!.totalErrors! - 50} more\n`);
    out.write('Nothing was written.\n');
    return 1;
  }
  if (!outcome?.result)
    throw new Error(`the import failed: ${outcome?.error?.message ?? 'no answer from the council'}`);
  const body = outcome.result;
  const r = body;
  out.write(
    [
      r.alreadyImported ? 'These files were imported before: nothing changed.' : 'Imported.',
      `  years:        ${r.years.map((y) => `${y - 1}-${String(y).slice(2)}`).join(', ')}`,
      `  files:        ${paths.length} (${(totalBytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  children:     ${r.children}`,
      `  episodes:     ${r.episodes} (${r.repairs} end dates repaired for counting; statutory fields untouched)`,
      `  other rows:   ${r.records}`,
      r.shared
        ? `  shared:       ${r.snapshotTotal} children looked after on ${r.snapshotAsAt}, as counts only`
        : `  not shared: this council's RCC_SHARING does not include need-snapshot (${r.snapshotTotal} looked after on ${r.snapshotAsAt}, kept here)`,
      ...(r.warnings ?? []).map((w) => `  warning:      ${w.file}: ${w.message} (${w.rule})`),
      '',
    ].join('\n'),
  );
  return 0;
}
