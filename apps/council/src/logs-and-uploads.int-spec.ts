import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Logger, type LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { graphqlRequest, repoRoot, sqlLoggerFor } from '@rcc/platform';
import { useCouncil } from '@rcc/testing';

/**
 * Issue 15, findings 5 and 6 on the council instance (real PostgreSQL and Kafka): a rejected import and a failed SQL
 * statement leave no child-level value in the logs; uploads have a size, a count and an instance-wide limit, refused
 * with 413 and a clear message, with nothing written.
 */
const SAMPLES = join(repoRoot(), 'libs/testing/fixtures/ssda903/sample-council-2017-2021');
const COUNCIL = 'E10000028';
const FILE_LIMIT = 20_000;

const sample = (name: string) => readFileSync(join(SAMPLES, name), 'utf8');

describe('council: nothing identifying in logs, uploads bounded', () => {
  const uploads = mkdtempSync(join(tmpdir(), 'rcc-upload-test-'));
  const council = useCouncil('council_logs', {
    code: COUNCIL,
    name: 'Staffordshire',
    sharing: 'need-snapshot',
    env: {
      RCC_UPLOAD_DIR: uploads,
      RCC_MAX_UPLOAD_FILE_BYTES: String(FILE_LIMIT),
      RCC_MAX_UPLOAD_FILES: '2',
      RCC_MAX_PENDING_UPLOAD_BYTES: '50000',
    },
  });

  it('logs a rejected import without any value of the imported rows', async () => {
    const header = sample('2019-header.csv').split(/\r?\n/);
    // The first 100 episodes: under this test's upload limit per file.
    const episodes = sample('2019-episodes.csv').split(/\r?\n/).slice(0, 100);
    header[4] = header[4]!.replace(/^([^,]+),[^,]*,/, '$1,7,'); // SEX 7
    header[6] = header[5]!; // the same child twice (a check across rows)
    episodes[9] = episodes[9]!.replace(/^([^,]+),[^,]*,/, '$1,31/02/2019,');
    const files = [
      { name: '2019-header.csv', content: header.join('\n') },
      { name: '2019-episodes.csv', content: episodes.join('\n') },
    ];
    const result = await graphqlRequest<unknown>(
      council.graphqlUrl,
      'mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { episodes } }',
      { token: council.token, variables: { input: { files } } },
    );
    expect(result.errors?.[0]?.extensions?.['code']).toBe('IMPORT_REJECTED');
    // The same return through the streaming upload.
    const id = randomUUID();
    for (const [i, f] of files.entries()) {
      const put = await fetch(`${council.url}/ssda903/uploads/${id}/${i}?name=${f.name}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${council.token}` },
        body: f.content,
      });
      expect(put.status).toBe(200);
    }
    const streamed = await fetch(`${council.url}/ssda903/uploads/${id}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${council.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await streamed.text()).toContain('"rejected"');

    // Every identifying cell of the seeded rows: child ids, dates of birth, UPNs, and the bad values themselves.
    const cells = header
      .slice(1, 8)
      .flatMap((line) => line.split(','))
      .filter((cell) => cell.length >= 6);
    cells.push('31/02/2019');
    expect(cells.length).toBeGreaterThan(10);
    const logs = council.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.split('\n').filter((line) => cells.some((cell) => line.includes(cell)))).toEqual([]);
  });

  it('logs a failed SQL statement without its parameters or the values PostgreSQL quotes', async () => {
    const captured: string[] = [];
    const capture: LoggerService = {
      log: (m: unknown) => void captured.push(String(m)),
      error: (m: unknown, ...rest: unknown[]) => void captured.push([m, ...rest].map(String).join(' ')),
      warn: (m: unknown) => void captured.push(String(m)),
    };
    Logger.overrideLogger(capture);
    const child = { id: 'C-640353', dob: '2004-02-19', upn: 'Z053273524673', ethnic: 'REFU' };
    const run = async (options: { logger?: ReturnType<typeof sqlLoggerFor>; logging?: ['error'] }) => {
      const ds = new DataSource({ type: 'postgres', url: council.db.url, ...options });
      await ds.initialize();
      try {
        await ds.query('CREATE TABLE IF NOT EXISTS log_probe (id text PRIMARY KEY, dob date, upn text, ethnic text)');
        await ds.query('TRUNCATE log_probe');
        const insert = 'INSERT INTO log_probe (id, dob, upn, ethnic) VALUES ($1, $2, $3, $4)';
        await ds.query(insert, [child.id, child.dob, child.upn, child.ethnic]);
        await expect(ds.query(insert, [child.id, child.dob, child.upn, child.ethnic])).rejects.toThrow();
        await expect(ds.query(insert, ['C-2', '31/02/2019', child.upn, child.ethnic])).rejects.toThrow();
      } finally {
        await ds.destroy();
      }
    };
    const consoleLines: string[] = [];
    // TypeORM's console logger writes with console.log: captured here, never printed.
    const out = console as unknown as Record<'log', (...args: unknown[]) => void>;
    const original = out.log;
    out.log = (...args: unknown[]) => void consoleLines.push(args.map(String).join(' '));
    try {
      // TypeORM's own error logging, as the services had it: the parameters are printed (the finding).
      await run({ logging: ['error'] });
      expect(consoleLines.join('\n')).toContain(child.upn);
      await run({ logger: sqlLoggerFor('council') });
    } finally {
      out.log = original;
      Logger.overrideLogger(['error', 'warn', 'log']);
    }
    const text = captured.join('\n');
    expect(captured.filter((l) => l.includes('statement failed'))).toHaveLength(2);
    expect(text).toContain('[23505]');
    for (const value of [child.id, child.dob, child.upn, child.ethnic, '31/02/2019', '640353']) {
      expect(text).not.toContain(value);
    }
  });

  describe('upload limits', () => {
    const put = (upload: string, index: number, body: string | ReadableStream<Uint8Array>, extra: RequestInit = {}) =>
      fetch(`${council.url}/ssda903/uploads/${upload}/${index}?name=f${index}.csv`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${council.token}` },
        body,
        ...extra,
      });
    const files = (upload: string) => (existsSync(join(uploads, upload)) ? readdirSync(join(uploads, upload)) : []);

    it('refuses a file over the limit by its declared length, and when streamed without one; nothing is kept', async () => {
      const id = randomUUID();
      const declared = await put(id, 0, 'x'.repeat(FILE_LIMIT + 1));
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { message: string }).message).toMatch(
        /^a file of 20001 bytes exceeds the limit of 20000 bytes per file; nothing was written$/,
      );
      const chunk = new TextEncoder().encode('y'.repeat(4096));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 10) return controller.close();
          sent += 1;
          controller.enqueue(chunk);
        },
      });
      const streamed = await put(id, 0, stream, { duplex: 'half' } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(((await streamed.json()) as { message: string }).message).toMatch(/exceeds the limit per file/);
      expect(files(id).filter((f) => f.endsWith('.data') || f.endsWith('.name'))).toEqual([]);
    });

    it('refuses a file beyond the count, and uploads beyond what the instance holds', async () => {
      const id = randomUUID();
      expect((await put(id, 0, 'a'.repeat(15_000))).status).toBe(200);
      expect((await put(id, 1, 'b'.repeat(15_000))).status).toBe(200);
      const third = await put(id, 2, 'c');
      expect(third.status).toBe(413);
      expect(((await third.json()) as { message: string }).message).toBe(
        'an upload holds at most 2 files; nothing was written',
      );
      const other = randomUUID();
      expect((await put(other, 0, 'd'.repeat(15_000))).status).toBe(200);
      const full = await put(other, 1, 'e'.repeat(15_000));
      expect(full.status).toBe(413);
      expect(((await full.json()) as { message: string }).message).toMatch(/uploads waiting to be imported/);
      expect(
        files(other)
          .filter((f) => f.endsWith('.data'))
          .sort(),
      ).toEqual(['0.data']);
    });
  });
});
