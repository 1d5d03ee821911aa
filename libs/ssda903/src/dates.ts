import { AGE_BANDS, type AgeBand } from '@rcc/contracts';

/** SSDA903 dates are dd/mm/yyyy; ISO yyyy-mm-dd is accepted too. Returns ISO, or null for an impossible date. */
export function parseDate(value: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = value.includes('/') ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const iso = `${y}-${mo}-${d}`;
  return date.toISOString().slice(0, 10) === iso ? iso : null;
}

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
