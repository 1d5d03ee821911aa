/**
 * Dates as the GOV.UK style guide writes them: "5 December 2026", no leading zero, the month in full, and times as
 * "2:05pm" (docs/adr/0058). One formatter for every page; all in UTC, which the pages say where a time is shown.
 */
/** The month's name in full, in English. */
const monthName = (d: Date) => d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });

function parse(value: string | Date): Date | undefined {
  const d = value instanceof Date ? value : new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A calendar date ("2026-12-05") or an instant, as "5 December 2026"; anything unreadable is shown as given. */
export function govukDate(value: string | Date): string {
  const d = parse(value);
  if (!d) return String(value);
  return `${d.getUTCDate()} ${monthName(d)} ${d.getUTCFullYear()}`;
}

/** A month ("2026-12" or a date in it) as "December 2026". */
export function govukMonth(value: string): string {
  const d = parse(/^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value);
  return d ? `${monthName(d)} ${d.getUTCFullYear()}` : value;
}

/**
 * A month as "Dec 2026", for a chart's axis where the full name does not fit (the style guide allows the short month
 * names where space is tight); anything that is not a month is shown as given.
 */
export function shortMonth(value: string): string {
  if (!/^\d{4}-\d{2}$/.test(value)) return value;
  const d = parse(`${value}-01`);
  return d
    ? `${d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' }).slice(0, 3)} ${d.getUTCFullYear()}`
    : value;
}

/** An instant as "5 December 2026, 2:05pm" (UTC); midday and midnight as the style guide words them. */
export function govukDateTime(value: string | Date): string {
  const d = parse(value);
  if (!d) return String(value);
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const time =
    m === 0 && h === 12
      ? 'midday'
      : m === 0 && h === 0
        ? 'midnight'
        : `${h % 12 || 12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
  return `${govukDate(d)}, ${time}`;
}
