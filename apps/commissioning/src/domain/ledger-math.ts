/**
 * The ledger's arithmetic, free of any database: integer pence only, deterministic, property-tested
 * (ledger-math.spec.ts). Everything that turns bed-nights into money goes through these functions.
 */

export interface Weighted {
  /** Stable identity: ties in the largest-remainder step are broken by key, so results never depend on input order. */
  key: string;
  weight: number;
}

/**
 * Splits `total` pence in proportion to the weights by largest remainder (Hamilton): each part is the floor of its
 * exact share, and the pence left over go one each to the largest fractional remainders (ties: smaller key first).
 * The parts sum exactly to `total` and each is within 1p of its exact share. Weights are non-negative integers
 * (basis points, bed-nights); exact in BigInt, so no float ever touches money.
 */
export function apportion(total: number, weights: readonly Weighted[]): Map<string, number> {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a safe integer, got ${total}`);
  const keys = new Set<string>();
  for (const w of weights) {
    if (!Number.isSafeInteger(w.weight) || w.weight < 0)
      throw new RangeError(`weight for ${w.key} must be a non-negative integer`);
    if (keys.has(w.key)) throw new RangeError(`duplicate key ${w.key}`);
    keys.add(w.key);
  }
  const result = new Map<string, number>(weights.map((w) => [w.key, 0]));
  const sumWeights = weights.reduce((a, w) => a + BigInt(w.weight), 0n);
  if (sumWeights === 0n) {
    if (total !== 0) throw new RangeError(`cannot apportion ${total} over zero weights`);
    return result;
  }
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const parts = weights.map((w) => {
    const numerator = abs * BigInt(w.weight);
    return { key: w.key, floor: numerator / sumWeights, remainder: numerator % sumWeights };
  });
  let left = abs - parts.reduce((a, p) => a + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const p of order) {
    if (left === 0n) break;
    if (p.remainder === 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  for (const p of parts) result.set(p.key, Number(sign * p.floor));
  return result;
}

/** Rounds numerator/denominator to the nearest integer, halves away from zero, exactly (BigInt). */
export function divideRounded(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) throw new RangeError('denominator must be positive');
  const sign = n < 0n ? -1n : 1n;
  const a = n < 0n ? -n : n;
  return Number(sign * ((2n * a + d) / (2n * d)));
}

/** Cost of `bedNights` at a weekly price per bed: bedNights x weekly / 7, rounded to the nearest penny. */
export function bedNightsCost(bedNights: number, weeklyPricePence: number): number {
  return divideRounded(BigInt(bedNights) * BigInt(weeklyPricePence), 7n);
}

export interface JournalLineDraft {
  account: string;
  /** Debit positive, credit negative. */
  amountPence: number;
}

/** Why a set of lines cannot be a journal entry; empty when it can. */
export function entryProblems(lines: readonly JournalLineDraft[]): string[] {
  const problems: string[] = [];
  if (lines.length < 2) problems.push('an entry needs at least two lines');
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amountPence)) problems.push(`${l.account}: amount must be integer pence`);
    else if (l.amountPence === 0) problems.push(`${l.account}: zero lines are not posted`);
    if (!l.account) problems.push('every line needs an account');
  }
  const sum = lines.reduce((a, l) => a + BigInt(Number.isSafeInteger(l.amountPence) ? l.amountPence : 0), 0n);
  if (sum !== 0n) problems.push(`lines sum to ${sum}, not 0`);
  return problems;
}

/** Drops zero lines and merges lines on the same account (in first-seen order), so entries are canonical. */
export function canonicalLines<T extends JournalLineDraft>(lines: readonly T[]): T[] {
  const merged = new Map<string, T>();
  for (const l of lines) {
    const seen = merged.get(l.account);
    if (seen) merged.set(l.account, { ...seen, amountPence: seen.amountPence + l.amountPence });
    else merged.set(l.account, { ...l });
  }
  return [...merged.values()].filter((l) => l.amountPence !== 0);
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date (UTC). */
export function dayNumber(isoDate: string): number {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${isoDate}`);
  return Math.round(ms / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar month `YYYY-MM` as a half-open range of day numbers [start, end). */
export function periodDays(period: string): { start: number; end: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new RangeError(`period must be YYYY-MM, got ${period}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const start = Math.round(Date.UTC(year, month - 1, 1) / DAY_MS);
  const end = Math.round(Date.UTC(year, month, 1) / DAY_MS);
  return { start, end };
}

export function periodOf(isoDay: string): string {
  return isoDay.slice(0, 7);
}

/** The months touched by the half-open day range [start, end), in order. */
export function periodsBetween(start: number, end: number): string[] {
  const out: string[] = [];
  let p = periodOf(isoDate(start));
  while (end > start && periodDays(p).start < end) {
    out.push(p);
    p = nextPeriod(p);
  }
  return out;
}

export function nextPeriod(period: string): string {
  const { end } = periodDays(period);
  return periodOf(isoDate(end));
}
