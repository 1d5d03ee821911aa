import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignJWT } from 'jose';
import { ACCESS_POLICY, type AccessPolicy } from './nest/access.decorators.js';
import { AccessGuard } from './nest/access.guard.js';
import { claimProblems, type Principal } from './roles.js';
import { AUDIENCE, AuthError, bearerToken, DEV_ISSUER, DEV_SECRET, issueDevToken, TokenVerifier } from './tokens.js';

const verifier = new TokenVerifier({ secret: DEV_SECRET, issuer: DEV_ISSUER, audience: AUDIENCE });
const analyst: Principal = { subject: 'a1', roles: ['council.analyst'], council: 'E10000028' };
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEV_ISSUER).setAudience(AUDIENCE).setSubject('s1');

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof AuthError ? error.code : (error as Error).constructor.name;
  }
}

describe('tokens', () => {
  it('round-trips a development token into the same principal', async () => {
    expect(await verifier.verify(await issueDevToken(analyst, { secret: DEV_SECRET }))).toEqual(analyst);
  });

  it('refuses forged, expired, foreign-audience and malformed tokens', async () => {
    const key = new TextEncoder().encode(DEV_SECRET);
    expect(await code(verifier.verify(await issueDevToken(analyst, { secret: 'y'.repeat(40) })))).toBe('TOKEN_INVALID');
    expect(
      await code(
        verifier.verify(
          await sign({ roles: ['public'] })
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
            .sign(key),
        ),
      ),
    ).toBe('TOKEN_EXPIRED');
    expect(
      await code(
        verifier.verify(
          await sign({ roles: ['public'] })
            .setAudience('someone-else')
            .setExpirationTime('1h')
            .sign(key),
        ),
      ),
    ).toBe('TOKEN_INVALID');
    expect(
      await code(
        verifier.verify(
          await sign({ roles: ['root'] })
            .setExpirationTime('1h')
            .sign(key),
        ),
      ),
    ).toBe('TOKEN_CLAIMS');
    expect(await code(verifier.verify('not.a.token'))).toBe('TOKEN_INVALID');
  });

  it('remembers a verified token until its expiry, and never a refused one', async () => {
    let now = Date.now();
    const cached = new TokenVerifier({ secret: DEV_SECRET, issuer: DEV_ISSUER, audience: AUDIENCE, now: () => now });
    const key = new TextEncoder().encode(DEV_SECRET);
    const exp = Math.floor(now / 1000) + 30;
    const token = await sign({ roles: ['council.analyst'], council: 'E10000028' })
      .setExpirationTime(exp)
      .sign(key);
    const first = await cached.verify(token);
    expect(first).toEqual({ subject: 's1', roles: ['council.analyst'], council: 'E10000028' });
    first.roles.push('hub.commissioner'); // a caller's copy: the cache keeps its own
    expect(await cached.verify(token)).toEqual({ subject: 's1', roles: ['council.analyst'], council: 'E10000028' });
    now = exp * 1000 - 1;
    expect(await code(cached.verify(token))).toBe('ok');
    now = exp * 1000; // expired: not served from the cache, and jose refuses it
    expect(await code(cached.verify(token))).toBe('TOKEN_EXPIRED');
    // Refusals are not remembered: the same forged token is checked (and refused) every time.
    const forged = await issueDevToken(analyst, { secret: 'y'.repeat(40) });
    expect(await code(cached.verify(forged))).toBe('TOKEN_INVALID');
    expect(await code(cached.verify(forged))).toBe('TOKEN_INVALID');
    // A cache of one entry still answers each token with its own principal (eviction keeps nothing stale).
    const small = new TokenVerifier({ secret: DEV_SECRET, issuer: DEV_ISSUER, audience: AUDIENCE, cacheSize: 1 });
    const t1 = await issueDevToken(analyst, { secret: DEV_SECRET });
    const t2 = await issueDevToken({ ...analyst, subject: 'a2' }, { secret: DEV_SECRET });
    expect((await small.verify(t1)).subject).toBe('a1');
    expect((await small.verify(t2)).subject).toBe('a2');
    expect((await small.verify(t1)).subject).toBe('a1');
  });

  it('requires claims that fit the roles', async () => {
    expect(claimProblems(analyst)).toEqual([]);
    expect(claimProblems({ subject: 'x', roles: ['council.analyst'] })).toEqual([
      'a council role needs a council claim with an ONS council code',
    ]);
    expect(claimProblems({ subject: 'x', roles: ['provider.user'] })).toEqual(['provider.user needs a provider claim']);
    expect(claimProblems({ subject: 'x', roles: ['hub.commissioner'], council: 'E10000028' })).toEqual([
      'a council claim needs a council role',
    ]);
    expect(
      await code(
        issueDevToken({ subject: 'x', roles: ['council.analyst'], council: 'Staffs' }, { secret: DEV_SECRET }),
      ),
    ).toBe('TOKEN_CLAIMS');
  });

  it('reads only well-formed bearer headers', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken('Basic dXNlcg==')).toThrow(AuthError);
  });
});

describe('AccessGuard', () => {
  const handler = (policy?: AccessPolicy) => {
    const fn = () => undefined;
    if (policy) Reflect.defineMetadata(ACCESS_POLICY, policy, fn);
    return fn;
  };
  const context = (fn: () => void, authorization?: string) =>
    ({
      getType: () => 'http',
      getHandler: () => fn,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
    }) as unknown as ExecutionContext;
  const guard = (tenantCouncil?: string) => new AccessGuard(new Reflector(), { verifier, tenantCouncil });
  const bearer = async (p: Principal) => `Bearer ${await issueDevToken(p, { secret: DEV_SECRET })}`;
  const hub: Principal = { subject: 'h', roles: ['hub.commissioner'] };

  it('fails closed when an operation declares no policy', async () => {
    await expect(guard().canActivate(context(handler(), await bearer(hub)))).rejects.toThrow(ForbiddenException);
  });

  it('lets anyone call a public operation, but still rejects a bad token', async () => {
    expect(await guard().canActivate(context(handler({ kind: 'public' })))).toBe(true);
    await expect(guard().canActivate(context(handler({ kind: 'public' }), 'Bearer nope'))).rejects.toThrow(
      UnauthorizedException,
    );
  });

  it('applies the declared roles', async () => {
    const onlyAnalysts = handler({ kind: 'roles', roles: ['council.analyst'] });
    expect(await guard().canActivate(context(onlyAnalysts, await bearer(analyst)))).toBe(true);
    await expect(guard().canActivate(context(onlyAnalysts, await bearer(hub)))).rejects.toThrow(
      /requires one of: council.analyst/,
    );
    await expect(guard().canActivate(context(onlyAnalysts))).rejects.toThrow(ForbiddenException);
  });

  it("refuses a council's user on another council's instance", async () => {
    const onlyAnalysts = handler({ kind: 'roles', roles: ['council.analyst'] });
    expect(await guard('E10000028').canActivate(context(onlyAnalysts, await bearer(analyst)))).toBe(true);
    await expect(guard('E06000021').canActivate(context(onlyAnalysts, await bearer(analyst)))).rejects.toThrow(
      'this council instance does not serve your council',
    );
  });
});
