import { POSTCODE_DISTRICT_PATTERN } from '@rcc/contracts';
import { FRAMEWORK_KINDS, type FrameworkKind, type FrameworkMembership } from './provider-list-vocabulary.js';

/** One cell of a provider list, read: its text, a date, a postcode district, a framework list. */

export const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

export type Cell = string | number | boolean | Date | null | undefined;

/** A dash alone ("-", en or em dash) is the lists' way of saying "not given". */
const NOT_GIVEN = /^[-\u2013\u2014]$/;

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return NOT_GIVEN.test(text) ? '' : text;
}

/** dd/mm/yyyy (the lists' spelling), yyyy-mm-dd, an xlsx date cell or an Excel serial day number. */
export function parseListDate(value: Cell): string | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && (value.trim() === '' || NOT_GIVEN.test(value.trim()))) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 80_000) return 'invalid';
    return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
  }
  const text = String(value).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)))
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  if (y < 1900 || y > 2100) return 'invalid';
  return date.toISOString().slice(0, 10);
}

/** "ST4 2AB", "ST4 2" or "ST4" to the district "ST4"; the full postcode is never kept. */
export function postcodeDistrict(value: string): string | null | 'invalid' {
  const text = value.toUpperCase().replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const outward = text.includes(' ') ? text.split(' ')[0]! : text.length > 4 ? text.slice(0, -3) : text;
  return POSTCODE_DISTRICT_PATTERN.test(outward) ? outward : 'invalid';
}

/** "framework:WM Residential 2024:1/2; dps:WM Supported Accommodation DPS:3" */
export function parseFrameworks(value: string): FrameworkMembership[] | 'invalid' {
  if (value.trim() === '') return [];
  const out: FrameworkMembership[] = [];
  for (const part of value
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, name, lots] = part.split(':').map((p) => p.trim());
    if (!kind || !(FRAMEWORK_KINDS as readonly string[]).includes(kind.toLowerCase()) || !name || name.length > 200)
      return 'invalid';
    const lotList = (lots ?? '')
      .split('/')
      .map((l) => l.trim())
      .filter(Boolean);
    if (lotList.some((l) => !/^[A-Za-z0-9 .-]{1,40}$/.test(l))) return 'invalid';
    out.push({ kind: kind.toLowerCase() as FrameworkKind, name, lots: lotList });
  }
  return out;
}
