// Where an import's bytes come from: files or text, XML files expanded to one source per table, and the hash that
// tells the same files twice.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { csvBatches, type CsvLine } from '../csv.js';
import { XmlFormatError, xmlTableBatches, xmlTablesIn } from '../xml.js';
import type { ErrorList } from './report.js';

/**
 * Where the bytes of one SSDA903 file come from. `open` may be called more than once (its first bytes tell XML from
 * CSV, its first record plans it, then the one pass checks its rows and hands them on; without a database sink a
 * file with a year-coded cell outside the year's list is read once more to find the rows), so a file on disk is
 * never held in memory.
 */
export interface Ssda903Source {
  name: string;
  open: () => Readable;
  /** A table read from an XML file: the XML file's name, and its rows (at their XML lines) in place of CSV. */
  xml?: string;
  records?: () => AsyncGenerator<CsvLine[]>;
}

export const fileSource = (name: string, path: string): Ssda903Source => ({ name, open: () => createReadStream(path) });
export const textSource = (name: string, content: string): Ssda903Source => ({
  name,
  open: () => Readable.from([Buffer.from(content, 'utf8')]),
});

/** The CSV records of a source, a chunk's worth at a time: line numbers as in the file (the header is line 1). */
export function csvRecords(source: Ssda903Source): AsyncGenerator<CsvLine[]> {
  if (source.records) return source.records();
  return csvBatches(source.open() as AsyncIterable<Buffer>);
}

async function firstBytes(source: Ssda903Source, n: number): Promise<string> {
  const stream = source.open();
  let text = '';
  for await (const chunk of stream) {
    text += Buffer.from(chunk as Buffer).toString('utf8');
    if (text.length >= n) break;
  }
  stream.destroy();
  return text.slice(0, n);
}

/**
 * XML files become one source per table they have rows for, each read by streaming the XML again (xml.ts: only the
 * CHILD element being read is held), its rows at their XML lines; CSV files pass through.
 */
export async function expandXmlSources(sources: Ssda903Source[], errors: ErrorList): Promise<Ssda903Source[]> {
  const out: Ssda903Source[] = [];
  for (const source of sources) {
    const isXml = /\.xml$/i.test(source.name) || /^\uFEFF?\s*(<\?xml|<EXPSSDA903)/.test(await firstBytes(source, 64));
    if (!isXml) {
      out.push(source);
      continue;
    }
    try {
      for (const table of await xmlTablesIn(source.name, source.open() as AsyncIterable<Buffer>)) {
        out.push({
          name: `${source.name}#${table}`,
          open: source.open,
          xml: source.name,
          records: () => xmlTableBatches(source.name, table, source.open() as AsyncIterable<Buffer>),
        });
      }
    } catch (error) {
      if (!(error instanceof XmlFormatError)) throw error;
      errors.push({ file: source.name, row: 0, column: '', value: '', rule: 'file.xml', message: error.message });
    }
  }
  return out;
}

/** SHA-256 over the files' contents, independent of their order and names (the same files twice: one import). */
export async function contentHash(sources: Ssda903Source[]): Promise<string> {
  const each: string[] = [];
  for (const source of sources) {
    const hash = createHash('sha256');
    for await (const chunk of source.open()) hash.update(chunk as Buffer);
    each.push(hash.digest('hex'));
  }
  return createHash('sha256').update(each.sort().join('\n')).digest('hex');
}
