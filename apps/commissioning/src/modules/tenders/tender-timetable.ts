/**
 * A tender's timetable rules (docs/adr/0052), pure so they are tested without a clock: bids are taken, amended and
 * withdrawn until the end of the deadline day (UK time, the day Postgres reports in Europe/London), and an award
 * starts a standstill of STANDSTILL_DAYS calendar days in which an unsuccessful bidder may challenge it.
 */
export const STANDSTILL_DAYS = 10;

/** The ISO date n days after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const LONG_DATE = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
/** "31 January 2027": a date as GOV.UK writes it, for the words bidders and the hub read. */
export const dateInWords = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleString('en-GB', LONG_DATE);

/** Null while bids may still change; otherwise why not, in plain words. */
export function biddingClosedReason(status: string, bidsCloseOn: string | null, today: string): string | null {
  if (status !== 'open') return `bids are taken only while the tender is open for bids; it is ${status}`;
  if (bidsCloseOn !== null && today > bidsCloseOn)
    return `the deadline for bids was the end of ${dateInWords(bidsCloseOn)}`;
  return null;
}

/** The standstill that follows an award made on `awardedOn`: it ends at the start of the returned day. */
export function standstillEndsOn(awardedOn: string): string {
  return addDays(awardedOn, STANDSTILL_DAYS);
}

export const TODAY_SQL = `to_char((now() AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD')`;
