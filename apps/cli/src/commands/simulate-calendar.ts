import { graphqlRequest } from '@rcc/platform';
import type { Principal } from '@rcc/auth';

/** Signs a role's token: the local development issuer (npm start); a test region passes its own. */
export type TokenFor = (principal: Principal) => Promise<string>;

const DAY = 86_400_000;

/** Dates of the simulated year, counted back from today (the platform stamps "now"; inputs take past dates). */
export class Calendar {
  readonly today: string;

  constructor(today: Date = new Date()) {
    this.today = today.toISOString().slice(0, 10);
  }

  /** today plus n days (n negative: the past). */
  day(n: number): string {
    return new Date(Date.parse(`${this.today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  }

  /** The first day of the month n months from this one (n = -11: eleven months ago). */
  monthStart(n: number): string {
    const t = new Date(`${this.today}T00:00:00Z`);
    return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
  }

  /** Days from a to b. */
  static between(a: string, b: string): number {
    return Math.round((Date.parse(b) - Date.parse(a)) / DAY);
  }
}

/** One GraphQL call through the gateway; any error stops the simulation with the operation named. */
export async function call<T>(
  url: string,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const result = await graphqlRequest<T>(url, query, { token, variables });
  if (!result.data || (result.errors && result.errors.length > 0)) {
    const operation = /\{\s*(\w+)/.exec(query)?.[1] ?? 'request';
    throw new Error(`simulated operation ${operation} failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** Runs the tasks at most `width` at a time, in order of start. */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Polls until the probe returns a value, or gives up after the time given (returns undefined). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** A stable number in [0, 1) from a text: the same setting or child gets the same draw on every run. */
export function draw(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return ((h ^ (h >>> 15)) >>> 0) / 4_294_967_296;
}
