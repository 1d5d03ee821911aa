import { AGE_BANDS, type AgeBand } from '@rcc/contracts';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DIGITS = /^\d{8}$/;

/**
 * SSDA903 dates are dd/mm/yyyy; ISO yyyy-mm-dd is accepted too. Returns ISO, or null for an impossible date. Called
 * for every date cell of every row, so it does arithmetic rather than build Date objects.
 */
export function parseDate(value: string): string | null {
  if (value.length !== 10) return null;
  let y: string, m: string, d: string;
  if (value[2] === '/' && value[5] === '/') [d, m, y] = [value.slice(0, 2), value.slice(3, 5), value.slice(6)];
  else if (value[4] === '-' && value[7] === '-') [y, m, d] = [value.slice(0, 4), value.slice(5, 7), value.slice(8)];
  else return null;
  if (!DIGITS.test(y + m + d)) return null;
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  // Years below 100 are refused (JavaScript dates read them as 19xx, and no SSDA903 date is that old).
  if (year < 100 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return `${y}-${m}-${d}`;
}

/**
 * A child stops being looked after at 18 (Children Act 1989 s.105): nobody aged 18 or over at a date is counted as
 * looked after then, whatever an episode left open says (README "Counting rules").
 */
export const ADULT_AGE = 18;

/** Whole years from dob to asAt (both ISO dates). */
export function ageInYears(dob: string, asAt: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asAt.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

/** The DfE age band at asAt: under 1, 1 to 4, 5 to 9, 10 to 15, 16 and over. */
export function ageBand(dob: string, asAt: string): AgeBand {
  const age = ageInYears(dob, asAt);
  if (age < 0) throw new RangeError(`date of birth ${dob} is after ${asAt}`);
  const band = age < 1 ? 'under-1' : age < 5 ? '1-4' : age < 10 ? '5-9' : age < 16 ? '10-15' : '16-plus';
  return AGE_BANDS.find((b) => b === band)!;
}

/** The year of the 31 March that closes the collection year (1 April to 31 March) containing an ISO date. */
export function collectionYearOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m >= 4 ? y + 1 : y;
}
