import { SaxesParser } from 'saxes';
import type { CsvLine } from './csv.js';
import { TABLE_NAMES, TABLES, type TableName } from './tables.js';

/**
 * The DfE XML upload layout (SSDA903.md 1.2) turned into the same tables the CSV files give, so one set of checks
 * applies to both. `<CHILDID>` is CHILD and `<PL>` is PLACE; OC3 and AD1 fields are found by the presence of
 * IN_TOUCH or DATE_INT.
 *
 * Read streamed (ADR 0044): a SAX reader (saxes) is fed the file a chunk at a time, and only the CHILD element being
 * read is held; when it closes it becomes its rows and is dropped. Every row carries the XML line of the element it
 * comes from (HEADER, EPISODE, AREVIEW...) and the line of each value, so an error names the XML line, and the
 * CHILDID. Entity expansion is off: a document type declaration (where entities are declared) is refused.
 */
const CHILD_LEVEL_TABLES: { table: TableName; element?: string; when?: string }[] = [
  { table: 'reviews', element: 'AREVIEW' },
  { table: 'missing', element: 'AMISSING' },
  { table: 'placed_adoption', element: 'AD_PLACED' },
  { table: 'prev_perm', element: 'PERMANENCE' },
  { table: 'oc2', element: 'OC2' },
  { table: 'oc3', when: 'IN_TOUCH' },
  { table: 'ad1', when: 'DATE_INT' },
];

/** An element of the CHILD being read: its line, its text and its child elements. */
interface XmlNode {
  name: string;
  line: number;
  text: string;
  children: XmlNode[];
}

/** One row of a table read from XML: the line of its element, its values by column, and each value's line. */
export interface XmlRow {
  line: number;
  child: string;
  values: Record<string, string>;
  lines: Record<string, number>;
}

export class XmlFormatError extends Error {}

/** What the reader held: the largest number of elements held at once, and the size of the largest CHILD element. */
export interface XmlReadStats {
  children: number;
  maxNodesHeld: number;
  maxChildNodes: number;
}

const first = (node: XmlNode | undefined, name: string) => node?.children.find((c) => c.name === name);
const all = (node: XmlNode | undefined, name: string) => node?.children.filter((c) => c.name === name) ?? [];

/** The rows one CHILD element gives, by table. */
function childRows(child: XmlNode): [TableName, XmlRow][] {
  const header = first(child, 'HEADER');
  const at = header ?? child;
  const idNode = first(header, 'CHILDID');
  const id = idNode?.text.trim() ?? '';
  const out: [TableName, XmlRow][] = [];
  const cell = (source: XmlNode | undefined, name: string) => first(source, name);
  const row = (source: XmlNode, columns: readonly string[], element: (c: string) => string = (c) => c): XmlRow => {
    const values: Record<string, string> = {};
    const lines: Record<string, number> = {};
    for (const column of columns) {
      const node =
        column === 'CHILD'
          ? idNode
          : column === 'DOB' && source !== at
            ? cell(at, 'DOB')
            : cell(source, element(column));
      values[column] = column === 'CHILD' ? id : (node?.text.trim() ?? '');
      lines[column] = node?.line ?? source.line;
    }
    return { line: source.line, child: id, values, lines };
  };
  const columnsOf = (table: TableName) => TABLES[table].map((c) => c.column);
  out.push(['header', row(at, columnsOf('header'), (c) => (c === 'CHILD' ? 'CHILDID' : c))]);
  const uasc = cell(at, 'UASC')?.text.trim() ?? '';
  const duc = cell(at, 'DUC')?.text.trim() ?? '';
  if (uasc === '1' || duc !== '') out.push(['uasc', row(at, columnsOf('uasc'))]);
  for (const { table, element, when } of CHILD_LEVEL_TABLES) {
    const sources = element ? all(at, element) : when && cell(at, when) ? [at] : [];
    for (const source of sources) out.push([table, row(source, columnsOf(table))]);
  }
  for (const episode of all(child, 'EPISODE'))
    out.push(['episodes', row(episode, columnsOf('episodes'), (c) => (c === 'PLACE' ? 'PL' : c))]);
  return out;
}

/**
 * A push reader: `write` a chunk, and get the rows of every CHILD element that closed in it. Throws XmlFormatError
 * (naming the file and line) for XML that is not well-formed, a DOCTYPE, or a root other than EXPSSDA903.
 */
export class XmlChildReader {
  readonly stats: XmlReadStats = { children: 0, maxNodesHeld: 0, maxChildNodes: 0 };
  private readonly parser = new SaxesParser({ position: true });
  private readonly stack: XmlNode[] = [];
  private held = 0;
  private root = false;
  private done: [TableName, XmlRow][] = [];

  constructor(private readonly file: string) {
    const p = this.parser;
    p.on('doctype', (doctype) => {
      const line = p.line - (doctype.match(/\n/g)?.length ?? 0);
      this.fail(line, '<!DOCTYPE> is refused: SSDA903 XML declares no entities, and entity expansion is off');
    });
    p.on('opentag', (tag) => {
      const depth = this.stack.length;
      if (!this.root) {
        if (tag.name !== 'EXPSSDA903')
          this.fail(p.line, 'the root element must be EXPSSDA903 (the DfE SSDA903 XML layout)', false);
        this.root = true;
        this.stack.push({ name: tag.name, line: p.line, text: '', children: [] });
        return;
      }
      const node: XmlNode = { name: tag.name, line: p.line, text: '', children: [] };
      // Only the CHILD being read is kept; anything else under the root is passed over.
      if (depth === 1 && tag.name !== 'CHILD') {
        this.stack.push({ ...node, name: '#skip' });
        return;
      }
      const parent = this.stack[depth - 1]!;
      if (parent.name === '#skip') {
        this.stack.push(parent);
        return;
      }
      if (depth > 1) parent.children.push(node);
      this.stack.push(node);
      this.held += 1;
      if (this.held > this.stats.maxNodesHeld) this.stats.maxNodesHeld = this.held;
    });
    p.on('text', (text) => {
      const top = this.stack.at(-1);
      if (top && this.stack.length > 1 && top.name !== '#skip') top.text += text;
    });
    p.on('cdata', (text) => {
      const top = this.stack.at(-1);
      if (top && this.stack.length > 1 && top.name !== '#skip') top.text += text;
    });
    p.on('closetag', () => {
      const node = this.stack.pop();
      if (this.stack.length === 1 && node && node.name === 'CHILD') {
        this.stats.children += 1;
        if (this.held > this.stats.maxChildNodes) this.stats.maxChildNodes = this.held;
        this.held = 0;
        this.done.push(...childRows(node));
      }
    });
  }

  private fail(line: number, message: string, withLine = true): never {
    throw new XmlFormatError(withLine ? `${this.file}: line ${line}: ${message}` : `${this.file}: ${message}`);
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof XmlFormatError) throw error;
      throw new XmlFormatError(`${this.file}: not well-formed XML: ${(error as Error).message}`);
    }
  }

  write(chunk: string): [TableName, XmlRow][] {
    this.guard(() => this.parser.write(chunk));
    const out = this.done;
    this.done = [];
    return out;
  }

  close(): [TableName, XmlRow][] {
    this.guard(() => this.parser.close());
    if (!this.root) this.fail(0, 'the root element must be EXPSSDA903 (the DfE SSDA903 XML layout)', false);
    const out = this.done;
    this.done = [];
    return out;
  }
}

/**
 * The rows of one table of an XML file, a chunk's worth at a time, as the CSV reader gives them: the column header
 * first (line 1), then each row at its element's XML line with the line of each value (`cells`).
 */
export async function* xmlTableBatches(
  file: string,
  table: TableName,
  chunks: AsyncIterable<Buffer | string>,
  stats?: (s: XmlReadStats) => void,
): AsyncGenerator<(CsvLine & { cells: number[]; child: string })[]> {
  const columns = TABLES[table].map((c) => c.column);
  const reader = new XmlChildReader(file);
  const decoder = new TextDecoder('utf8');
  yield [{ line: 1, record: columns, cells: columns.map(() => 1), child: '' }];
  const rows = (found: [TableName, XmlRow][]) =>
    found
      .filter(([t]) => t === table)
      .map(([, r]) => ({
        line: r.line,
        record: columns.map((c) => r.values[c] ?? ''),
        cells: columns.map((c) => r.lines[c] ?? r.line),
        child: r.child,
      }));
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const batch = rows(reader.write(text));
    if (batch.length > 0) yield batch;
  }
  const last = rows(reader.close());
  if (last.length > 0) yield last;
  stats?.(reader.stats);
}

/** Reads a whole XML file once: which tables it has rows for (in the tables' order). */
export async function xmlTablesIn(file: string, chunks: AsyncIterable<Buffer | string>): Promise<TableName[]> {
  const reader = new XmlChildReader(file);
  const decoder = new TextDecoder('utf8');
  const found = new Set<TableName>();
  for await (const chunk of chunks) {
    for (const [t] of reader.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })))
      found.add(t);
  }
  for (const [t] of reader.close()) found.add(t);
  return TABLE_NAMES.filter((t) => found.has(t));
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * In memory (for `parseReturns`, tests and small files): one CSV text per table found, named `<file>#<table>`.
 * The council imports XML through `readSources`, which streams it and keeps XML line numbers.
 */
export function xmlToTables(file: string, xml: string): { name: string; content: string }[] {
  const reader = new XmlChildReader(file);
  const found = [...reader.write(xml), ...reader.close()];
  const tables = TABLE_NAMES.filter((t) => found.some(([f]) => f === t));
  return tables.map((table) => {
    const columns = TABLES[table].map((c) => c.column);
    const lines = [
      columns.join(','),
      ...found.filter(([t]) => t === table).map(([, r]) => columns.map((c) => csvCell(r.values[c] ?? '')).join(',')),
    ];
    return { name: `${file}#${table}`, content: lines.join('\n') };
  });
}

/** CSV files pass through; XML files become their tables. */
export function expandXml(files: { name: string; content: string }[]): { name: string; content: string }[] {
  return files.flatMap((f) =>
    /\.xml$/i.test(f.name) || /^\s*(<\?xml|<EXPSSDA903)/.test(f.content) ? xmlToTables(f.name, f.content) : [f],
  );
}
