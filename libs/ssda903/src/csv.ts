import { StringDecoder } from 'node:string_decoder';

/**
 * A streaming CSV reader written for the import's one pass (ADR 0023): it reads the bytes as they come, decodes
 * them once (UTF-8, a leading byte order mark dropped) and yields the records of each chunk together, so the cost
 * per row is a scan of its characters and one string per field. It reads what `csv-parse` read with
 * `{ bom, trim, skip_empty_lines, relax_column_count }`: fields split on commas, records on LF, CRLF or CR,
 * spaces around a field ignored, a field in double quotes may hold commas, line breaks and doubled quotes, and a
 * line with nothing on it is skipped. What is not CSV is an error naming the line: a quote inside an unquoted field,
 * text after a closing quote, a quote never closed, or a record longer than MAX_RECORD_CHARS.
 */

/** One record with the line it ends on (the column header being line 1). */
export interface CsvLine {
  line: number;
  record: string[];
  /** Rows read from XML: the line of each value (by column of the record) and the row's CHILDID. */
  cells?: number[];
  child?: string;
}

export class CsvError extends Error {
  constructor(
    message: string,
    /** The line the problem is on. */
    readonly lines: number,
  ) {
    super(message);
  }
}

/** No SSDA903 record comes near this; a file that does (an unclosed quote early on) is refused, not held. */
export const MAX_RECORD_CHARS = 1024 * 1024;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The characters `trim` removes around a field (csv-parse's list: Unicode white space). */
function isBlank(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Reads the complete records at the start of `text` into `out`. Returns how many characters were consumed and the
 * line reached; what is left is an incomplete record (unless `final`, when everything is read).
 */
function readRecords(
  text: string,
  final: boolean,
  startLine: number,
  out: CsvLine[],
): { consumed: number; line: number } {
  const n = text.length;
  let line = startLine;
  let i = 0;
  records: while (i < n) {
    const recordStart = i;
    const recordLine = line;
    // An empty line is skipped.
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      i += first === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      if (first === CR && i === n && !final) return { consumed: recordStart, line: recordLine };
      line += 1;
      continue;
    }
    const record: string[] = [];
    for (;;) {
      // One field, from i.
      let j = i;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      let value: string;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        let k = j + 1;
        let escaped = false;
        for (;;) {
          while (k < n && text.charCodeAt(k) !== QUOTE) {
            if (text.charCodeAt(k) === LF || (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) !== LF)) line++;
            k++;
          }
          if (k >= n || (k + 1 >= n && !final)) {
            if (final && k >= n)
              throw new CsvError(
                `Quote Not Closed: the quoted field starting on line ${recordLine} is never closed`,
                recordLine,
              );
            if (k - recordStart > MAX_RECORD_CHARS) throw tooLong(recordLine);
            return { consumed: recordStart, line: recordLine };
          }
          if (text.charCodeAt(k + 1) === QUOTE) {
            escaped = true;
            k += 2;
            continue;
          }
          break;
        }
        value = text.slice(j + 1, k);
        if (escaped) value = value.replaceAll('""', '"');
        j = k + 1;
        while (j < n && isBlank(text.charCodeAt(j))) j++;
        if (j < n) {
          const c = text.charCodeAt(j);
          if (c !== COMMA && c !== LF && c !== CR) {
            throw new CsvError(
              `Invalid Closing Quote: got "${text[j]}" after the closing quote of field ${record.length} on line ${line}`,
              line,
            );
          }
        }
      } else {
        let k = j;
        for (;;) {
          if (k >= n) break;
          const c = text.charCodeAt(k);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw new CsvError(
              `Invalid Opening Quote: a quote is found in unquoted field ${record.length} on line ${line}`,
              line,
            );
          }
          k++;
        }
        let end = k;
        while (end > j && isBlank(text.charCodeAt(end - 1))) end--;
        value = text.slice(j, end);
        j = k;
      }
      // j is at a delimiter, a line break, or the end of the text.
      if (j >= n && !final) {
        if (j - recordStart > MAX_RECORD_CHARS) throw tooLong(recordLine);
        return { consumed: recordStart, line: recordLine };
      }
      record.push(value);
      if (j >= n) {
        out.push({ line, record });
        i = n;
        break records;
      }
      const c = text.charCodeAt(j);
      if (c === COMMA) {
        i = j + 1;
        continue;
      }
      // A line break ends the record; CR LF is one (and a CR at the end of a chunk waits for the next).
      if (c === CR && j + 1 >= n && !final) return { consumed: recordStart, line: recordLine };
      out.push({ line, record });
      i = j + (c === CR && text.charCodeAt(j + 1) === LF ? 2 : 1);
      line += 1;
      continue records;
    }
  }
  return { consumed: n, line };
}

const tooLong = (line: number) =>
  new CsvError(`a record starting on line ${line} is longer than ${MAX_RECORD_CHARS} characters`, line);

/**
 * The records of a byte stream, a chunk's worth at a time (so a reader loops synchronously over each batch). Throws
 * CsvError on what is not CSV; the records before it have been yielded.
 */
export async function* csvBatches(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<CsvLine[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 1;
  let start = true;
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (start && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      start = false;
    }
    pending = pending.length > 0 ? pending + text : text;
    const out: CsvLine[] = [];
    const { consumed, line: reached } = readRecords(pending, false, line, out);
    pending = pending.slice(consumed);
    line = reached;
    if (out.length > 0) yield out;
  }
  let text = pending + decoder.end();
  if (start && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: CsvLine[] = [];
  readRecords(text, true, line, out);
  if (out.length > 0) yield out;
}
