/** The month's name in full, in English ("January" for month 1); undefined for no month. */
const monthName = (month: number): string | undefined =>
  month >= 1 && month <= 12
    ? new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })
    : undefined;

/**
 * A calendar date ("2027-01-01") as the GOV.UK style guide writes it in a message: "1 January 2027" (docs/adr/0061).
 * The services' own refusals use it, so no API error shows an ISO date; anything that is not a date is left as given.
 */
export function dateInWords(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  const month = m ? monthName(Number(m[2])) : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** A month ("2026-12") as "December 2026"; anything else is left as given. */
export function monthInWords(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const month = m ? monthName(Number(m[2])) : undefined;
  return m && month ? `${month} ${m[1]}` : period;
}
