import { GraphQLError } from 'graphql';

export interface RateLimitOptions {
  /** Requests per minute per key; 0 turns the limit off. The bucket holds a minute's worth (the burst). */
  perMinute: number;
  /** Most keys remembered; the least recently used are forgotten (a forgotten key starts with a full bucket). */
  maxKeys?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * In-memory token buckets, one per key (a principal or an address): each holds `perMinute` tokens, refills at
 * `perMinute` a minute, and a request takes one. Per process: each instance limits what reaches it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  get enabled(): boolean {
    return this.options.perMinute > 0;
  }

  /** Takes a token for `key`: 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    if (!this.enabled) return 0;
    const now = this.now();
    const rate = this.options.perMinute / 60_000;
    const found = this.buckets.get(key);
    const bucket = found ?? { tokens: this.options.perMinute, at: now };
    bucket.tokens = Math.min(this.options.perMinute, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }
}

export const RATE_LIMITED = 'RATE_LIMITED';

export function rateLimitMessage(who: string, retryAfter: number): string {
  return `too many requests from this ${who}: try again in ${retryAfter} s`;
}

/**
 * The GraphQL error for a principal over its limit: HTTP 429 with Retry-After. The headers are a Map, as Apollo Server
 * reads them (the Hive gateway engine turns them into the record GraphQL Yoga reads, whose typings declare that).
 */
export function rateLimitedError(retryAfter: number): GraphQLError {
  const headers = new Map([['retry-after', String(retryAfter)]]) as unknown as Record<string, string>;
  return new GraphQLError(rateLimitMessage('caller', retryAfter), {
    extensions: { code: RATE_LIMITED, retryAfter, http: { status: 429, headers } },
  });
}

interface LimitedRequest {
  headers?: Record<string, string | string[] | undefined>;
  ip?: string;
  path?: string;
  socket?: { remoteAddress?: string };
}
interface LimitedResponse {
  status(code: number): LimitedResponse;
  setHeader(name: string, value: string): void;
  json(body: unknown): void;
}

/**
 * Express middleware for callers without a token: each such request (but /health) takes a token from its address's
 * bucket; over the limit, 429 with Retry-After. Callers with a token are limited per principal once it is verified
 * (PrincipalRateLimit), so a front end that forwards its users' tokens is not throttled as one address.
 */
export function addressRateLimitMiddleware(limiter: RateLimiter) {
  return (req: LimitedRequest, res: LimitedResponse, next: () => void): void => {
    if (!limiter.enabled || req.path === '/health' || req.headers?.['authorization']) return next();
    const address = req.socket?.remoteAddress ?? req.ip ?? 'unknown';
    const retryAfter = limiter.take(address);
    if (retryAfter === 0) return next();
    res.setHeader('retry-after', String(retryAfter));
    res.status(429).json({
      errors: [{ message: rateLimitMessage('address', retryAfter), extensions: { code: RATE_LIMITED, retryAfter } }],
    });
  };
}
