import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { csvBatches, CsvError, type CsvLine } from './csv.js';

/** Reads `text` as the import does, in chunks cut at the given byte offsets. */
async function read(text: string, cuts: number[] = []): Promise<CsvLine[]> {
  const bytes = Buffer.from(text, 'utf8');
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, c));
    from = c;
  }
  const out: CsvLine[] = [];
  for await (const batch of csvBatches((async function* () { yield* chunks; })())) out.push(...batch); // prettier-ignore
  return out;
}

/** What csv-parse made of the same text with the options the import used before (the oracle). */
function oracle(text: string): CsvLine[] | 'error' {
  try {
    const rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
    return (rows as unknown as { record: string[]; info: { lines: number } }[]).map((r) => ({
      line: r.info.lines,
      record: r.record,
    }));
  } catch {
    return 'error';
  }
}

describe('the streaming CSV reader', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF, a BOM and blank lines', async () => {
    const text = '\uFEFFA,B , C\r\n"x,1"," say ""hi"" ",\r\n\r\n"two\nlines",é,z\n';
    expect(await read(text, [1, 5, 9, 17, 20, 30])).toEqual([
      { line: 1, record: ['A', 'B', 'C'] },
      { line: 2, record: ['x,1', ' say "hi" ', ''] },
      { line: 5, record: ['two\nlines', 'é', 'z'] },
    ]);
  });

  it('names the line of what is not CSV', async () => {
    await expect(read('A,B\n1,2\n3,x"y\n')).rejects.toThrow(CsvError);
    await expect(read('A,B\n1,2\n3,x"y\n')).rejects.toMatchObject({ lines: 3 });
    await expect(read('A,B\n"1"2,3\n')).rejects.toMatchObject({ lines: 2 });
    await expect(read('A,B\n"never closed,3\n4,5\n')).rejects.toThrow(/Quote Not Closed/);
  });

  it('reads what csv-parse read, cut into chunks anywhere (property, csv-parse as the oracle)', async () => {
    const cell = fc
      .oneof(
        fc.constantFrom('', ' ', 'a', 'U4', '01/01/2020', '"', '""', ',', '\n', 'é', '€', ' x '),
        fc.string({ maxLength: 6 }),
      )
      .filter((c) => !c.includes('\r')); // CR only in the line endings: csv-parse counts one inside quotes as a line
    const quoted = cell.map((c) => `"${c.replace(/"/g, '""')}"`);
    // Line breaks outside quotes are the file's own (csv-parse takes the first one as the only record delimiter).
    const bare = cell.filter((c) => !/[\r\n]/.test(c));
    const text = fc
      .array(fc.array(fc.oneof(bare, quoted), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 })
      .chain((rows) => fc.constantFrom('\n', '\r\n').map((eol) => rows.map((r) => r.join(',')).join(eol) + eol));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(400), { maxLength: 6 }), async (t, cuts) => {
        const expected = oracle(t);
        // A line holding only blanks: csv-parse gives one empty field, and the import skips such rows either way.
        const kept = (r: CsvLine[]) => r.filter((x) => !x.record.every((v) => v === ''));
        const mine = await read(t, cuts).then(kept, (e: unknown) => {
          if (e instanceof CsvError) return 'error' as const;
          throw e;
        });
        if (expected === 'error' || mine === 'error') {
          expect(mine).toEqual(expected);
          return;
        }
        // csv-parse's line count drifts on CR LF after an empty line: line numbers are compared on LF files.
        const records = (r: CsvLine[]) => r.map((x) => (t.includes('\r') ? x.record : x));
        expect(records(mine)).toEqual(records(kept(expected)));
      }),
      { numRuns: 500, seed: 903 },
    );
  });
});
