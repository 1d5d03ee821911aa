import { XMLParser } from 'fast-xml-parser';
import { TABLES, type TableName } from './tables.js';

/**
 * The DfE XML upload layout (SSDA903.md 1.2) turned into the same tables the CSV files give, so one set of checks
 * applies to both. `<CHILDID>` is CHILD and `<PL>` is PLACE; OC3 and AD1 fields are found by the presence of
 * IN_TOUCH or DATE_INT. Rows are numbered by their order in the XML (error messages say "record N").
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

type Node = Record<string, unknown>;

const list = (value: unknown): Node[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node];
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());
const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export class XmlFormatError extends Error {}

/** Returns one CSV text per table found, named `<file>#<table>`, ready for `parseReturn`. */
export function xmlToTables(file: string, xml: string): { name: string; content: string }[] {
  // Entity expansion off: a document type declaration (where entities are declared, e.g. "billion laughs" or an
  // external entity) is refused outright; only XML's five predefined entities (&amp; and so on) are read.
  const declaration = /<!(DOCTYPE|ENTITY)\b/i.exec(xml);
  if (declaration) {
    const line = xml.slice(0, declaration.index).split('\n').length;
    throw new XmlFormatError(
      `${file}: line ${line}: <!${declaration[1]!.toUpperCase()}> is refused: SSDA903 XML declares no entities, and entity expansion is off`,
    );
  }
  let doc: Node;
  try {
    doc = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      processEntities: true,
    }).parse(xml, true) as Node;
  } catch (error) {
    throw new XmlFormatError(`${file}: not well-formed XML: ${(error as Error).message}`);
  }
  const root = doc['EXPSSDA903'] as Node | undefined;
  if (!root) throw new XmlFormatError(`${file}: the root element must be EXPSSDA903 (the DfE SSDA903 XML layout)`);
  const rows: Partial<Record<TableName, Record<string, string>[]>> = {};
  const add = (table: TableName, row: Record<string, string>) => (rows[table] ??= []).push(row);

  for (const child of list(root['CHILD'])) {
    const header = (child['HEADER'] ?? {}) as Node;
    const id = text(header['CHILDID']);
    const dob = text(header['DOB']);
    add('header', {
      CHILD: id,
      SEX: text(header['SEX']),
      DOB: dob,
      ETHNIC: text(header['ETHNIC']),
      UPN: text(header['UPN']),
      MOTHER: text(header['MOTHER']),
      MC_DOB: text(header['MC_DOB']),
    });
    if (text(header['UASC']) === '1' || text(header['DUC']) !== '') {
      add('uasc', { CHILD: id, SEX: text(header['SEX']), DOB: dob, DUC: text(header['DUC']) });
    }
    for (const { table, element, when } of CHILD_LEVEL_TABLES) {
      const sources = element ? list(header[element]) : when && header[when] !== undefined ? [header] : [];
      for (const source of sources) {
        const row: Record<string, string> = {};
        for (const spec of TABLES[table])
          row[spec.column] = spec.column === 'CHILD' ? id : spec.column === 'DOB' ? dob : text(source[spec.column]);
        add(table, row);
      }
    }
    for (const episode of list(child['EPISODE'])) {
      const row: Record<string, string> = { CHILD: id };
      for (const spec of TABLES.episodes)
        if (spec.column !== 'CHILD') row[spec.column] = text(episode[spec.column === 'PLACE' ? 'PL' : spec.column]);
      add('episodes', row);
    }
  }
  return Object.entries(rows).map(([table, list]) => {
    const columns = TABLES[table as TableName].map((c) => c.column);
    const lines = [columns.join(','), ...list!.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','))];
    return { name: `${file}#${table}`, content: lines.join('\n') };
  });
}

/** CSV files pass through; XML files become their tables. */
export function expandXml(files: { name: string; content: string }[]): { name: string; content: string }[] {
  return files.flatMap((f) =>
    /\.xml$/i.test(f.name) || /^\s*(<\?xml|<EXPSSDA903)/.test(f.content) ? xmlToTables(f.name, f.content) : [f],
  );
}
