import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { PrincipalRateLimit } from './graphql-protection.js';
import { addressRateLimitMiddleware, RateLimiter } from './rate-limit.js';
import type { BaseConfig } from './config.js';

describe('rate limits (token buckets)', () => {
  it('allows a minute of requests at once, then one per refill interval, per key', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({ perMinute: 60, now: () => clock.now });
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    clock.now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });

  it('is off at 0 and forgets the least recently used keys beyond its size', () => {
    const off = new RateLimiter({ perMinute: 0 });
    for (let i = 0; i < 1000; i++) expect(off.take('a')).toBe(0);
    const small = new RateLimiter({ perMinute: 1, maxKeys: 2 });
    expect(small.take('a')).toBe(0);
    expect(small.take('b')).toBe(0);
    expect(small.take('c')).toBe(0);
    expect(small.take('a')).toBe(0); // forgotten: a full bucket again
    expect(small.take('c')).toBeGreaterThan(0);
  });

  it('limits each verified principal with a 429 error, and never the anonymous caller (limited by address)', () => {
    const limit = new PrincipalRateLimit({ RCC_RATE_LIMIT_PER_PRINCIPAL: 2 } as BaseConfig);
    const provider = { subject: 'p', roles: ['provider.user' as const], provider: 'P1' };
    limit.check(provider);
    limit.check(provider);
    let error: unknown;
    try {
      limit.check(provider);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    const ext = (error as GraphQLError).extensions as { code: string; http: { status: number } };
    expect(ext.code).toBe('RATE_LIMITED');
    expect(ext.http.status).toBe(429);
    expect((error as Error).message).toMatch(/^too many requests from this caller: try again in \d+ s$/);
    limit.check({ ...provider, subject: 'q' });
    for (let i = 0; i < 10; i++) limit.check({ subject: 'anonymous', roles: ['public'] });
  });

  it('answers an address over its limit with 429 and Retry-After; token holders and /health pass', () => {
    const middleware = addressRateLimitMiddleware(new RateLimiter({ perMinute: 1 }));
    const call = (req: object) => {
      const out: { status?: number; headers: Record<string, string>; body?: unknown; next: boolean } = {
        headers: {},
        next: false,
      };
      const res = {
        status: (code: number) => ((out.status = code), res),
        setHeader: (name: string, value: string) => void (out.headers[name] = value),
        json: (body: unknown) => void (out.body = body),
      };
      middleware(req, res, () => (out.next = true));
      return out;
    };
    const anon = { socket: { remoteAddress: '10.0.0.1' }, path: '/graphql', headers: {} };
    expect(call(anon).next).toBe(true);
    const refused = call(anon);
    expect(refused.next).toBe(false);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.stringify(refused.body)).toContain('RATE_LIMITED');
    expect(call({ ...anon, path: '/health' }).next).toBe(true);
    expect(call({ ...anon, headers: { authorization: 'Bearer x' } }).next).toBe(true);
    expect(call({ ...anon, socket: { remoteAddress: '10.0.0.2' } }).next).toBe(true);
  });
});
