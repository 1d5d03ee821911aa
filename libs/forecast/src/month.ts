/** Calendar months as `YYYY-MM` strings and as integer indexes (year * 12 + month - 1). */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthIndex(month: string): number {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthString(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, n: number): string {
  return monthString(monthIndex(month) + n);
}

export function daysInMonth(month: string): number {
  const i = monthIndex(month);
  return new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
}
