import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SignJWT } from 'jose';
import { trustedIssuerProductionProblems, type TrustedIssuer } from './issuers.js';
import { generateSigningKey, jwksOf, type SigningKey } from './keys.js';
import { ACCESS_POLICY, type AccessPolicy } from './nest/access.decorators.js';
import { AccessGuard } from './nest/access.guard.js';
import { claimProblems, type Principal } from './roles.js';
import { AUDIENCE, AuthError, bearerToken, issueToken, TokenVerifier } from './tokens.js';

/** Three organisations, each with its own issuer and key: a council, the hub, a provider company. */
const staffs = { issuer: 'https://id.staffordshire.example', key: generateSigningKey('staffs-1') };
const hubOrg = { issuer: 'https://id.hub.example', key: generateSigningKey('hub-1') };
const acme = { issuer: 'https://id.acme-care.example', key: generateSigningKey('acme-1') };
const trust: TrustedIssuer[] = [
  { issuer: staffs.issuer, jwks: jwksOf(staffs.key), councils: ['E10000028'] },
  { issuer: hubOrg.issuer, jwks: jwksOf(hubOrg.key), hub: true },
  { issuer: acme.issuer, jwks: jwksOf(acme.key), providers: ['acme-1', 'acme-2'] },
];
const verifier = new TokenVerifier({ issuers: trust, audience: AUDIENCE });
const analyst: Principal = { subject: 'a1', roles: ['council.analyst'], council: 'E10000028' };
const hub: Principal = { subject: 'h', roles: ['hub.commissioner'] };
/** A hand-built token as `issuer`, signed with `key` (EdDSA unless the test says otherwise). */
const sign = (claims: Record<string, unknown>, issuer = staffs.issuer) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: staffs.key.kid })
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setSubject('s1');
const asStaffs = (key: SigningKey = staffs.key) => ({ issuer: staffs.issuer, key });

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof AuthError ? `${error.code}: ${error.message}` : (error as Error).constructor.name;
  }
}

describe('tokens from an issuer per organisation', () => {
  it("verifies each organisation's own claims against its own keys", async () => {
    expect(await verifier.verify(await issueToken(analyst, staffs))).toEqual(analyst);
    expect(await verifier.verify(await issueToken(hub, hubOrg))).toEqual(hub);
    const provider: Principal = { subject: 'p', roles: ['provider.user'], provider: 'acme-2' };
    expect(await verifier.verify(await issueToken(provider, acme))).toEqual(provider);
    expect(await verifier.verify(await issueToken({ subject: 'x', roles: ['public'] }, acme))).toEqual({
      subject: 'x',
      roles: ['public'],
    });
  });

  it("refuses a council's issuer asserting another council, or a hub role", async () => {
    const stoke: Principal = { subject: 'a', roles: ['council.placements'], council: 'E06000021' };
    expect(await code(verifier.verify(await issueToken(stoke, staffs)))).toBe(
      `TOKEN_ISSUER: issuer ${staffs.issuer} may not assert council E06000021`,
    );
    expect(await code(verifier.verify(await issueToken(hub, staffs)))).toBe(
      `TOKEN_ISSUER: issuer ${staffs.issuer} may not assert hub roles`,
    );
  });

  it("refuses the hub's issuer asserting a council, and a provider company's issuer asserting another provider", async () => {
    expect(await code(verifier.verify(await issueToken(analyst, hubOrg)))).toBe(
      `TOKEN_ISSUER: issuer ${hubOrg.issuer} may not assert council E10000028`,
    );
    const rival: Principal = { subject: 'p', roles: ['provider.user'], provider: 'rival-1' };
    expect(await code(verifier.verify(await issueToken(rival, acme)))).toBe(
      `TOKEN_ISSUER: issuer ${acme.issuer} may not assert provider rival-1`,
    );
    expect(await code(verifier.verify(await issueToken(hub, acme)))).toMatch(/^TOKEN_ISSUER/);
  });

  it('refuses a token without exp, without iat, or older than the maximum age', async () => {
    const claims = { roles: ['council.analyst'], council: 'E10000028' };
    expect(await code(verifier.verify(await sign(claims).setIssuedAt().sign(staffs.key.privateKey)))).toBe(
      'TOKEN_INVALID: token invalid',
    );
    expect(await code(verifier.verify(await sign(claims).setExpirationTime('1h').sign(staffs.key.privateKey)))).toBe(
      'TOKEN_INVALID: token invalid',
    );
    let now = Date.now();
    const young = new TokenVerifier({ issuers: trust, audience: AUDIENCE, maxTokenAgeSeconds: 3600, now: () => now });
    const longLived = await issueToken(analyst, staffs, { ttlSeconds: 48 * 3600 });
    expect(await code(young.verify(longLived))).toBe('ok');
    now += 3601 * 1000; // not expired, but older than an hour
    expect(await code(young.verify(longLived))).toMatch(/^TOKEN_(INVALID|EXPIRED)/);
  });

  it('refuses a shared-secret (HS256) token, a forged key, a foreign audience or issuer, and bad claims', async () => {
    const claims = { roles: ['hub.commissioner'] };
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(hubOrg.issuer)
      .setAudience(AUDIENCE)
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(await code(verifier.verify(hs256))).toBe('TOKEN_INVALID: token invalid');
    expect(await code(verifier.verify(await issueToken(analyst, asStaffs(generateSigningKey('staffs-1')))))).toBe(
      'TOKEN_INVALID: token invalid',
    );
    expect(await code(verifier.verify(await issueToken(analyst, staffs, { audience: 'elsewhere' })))).toBe(
      'TOKEN_INVALID: token invalid',
    );
    expect(
      await code(verifier.verify(await issueToken(analyst, { issuer: 'https://evil.example', key: staffs.key }))),
    ).toBe('TOKEN_INVALID: token invalid: not from a trusted issuer');
    const expired = await sign({ roles: ['public'] })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(staffs.key.privateKey);
    expect(await code(verifier.verify(expired))).toBe('TOKEN_EXPIRED: token expired');
    expect(
      await code(
        verifier.verify(
          await sign({ roles: ['root'] })
            .setIssuedAt()
            .setExpirationTime('1h')
            .sign(staffs.key.privateKey),
        ),
      ),
    ).toMatch(/^TOKEN_CLAIMS/);
    expect(await code(verifier.verify('not.a.token'))).toBe('TOKEN_INVALID: token invalid');
  });

  it('rotates keys: a new key verifies once listed, a withdrawn one no longer does', async () => {
    const next = generateSigningKey('staffs-2');
    const rotated = (keys: SigningKey[]) =>
      new TokenVerifier({
        issuers: [{ issuer: staffs.issuer, jwks: jwksOf(...keys), councils: ['E10000028'] }],
        audience: AUDIENCE,
      });
    const token = await issueToken(analyst, asStaffs(next));
    expect(await code(rotated([staffs.key]).verify(token))).toMatch(/^TOKEN_INVALID/);
    expect(await code(rotated([staffs.key, next]).verify(token))).toBe('ok');
    expect(await code(rotated([next]).verify(await issueToken(analyst, staffs)))).toMatch(/^TOKEN_INVALID/);
  });

  it('remembers a verified token until its expiry, and never a refused one', async () => {
    let now = Date.now();
    const cached = new TokenVerifier({ issuers: trust, audience: AUDIENCE, now: () => now });
    const exp = Math.floor(now / 1000) + 30;
    const token = await sign({ roles: ['council.analyst'], council: 'E10000028' })
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(staffs.key.privateKey);
    const first = await cached.verify(token);
    expect(first).toEqual({ subject: 's1', roles: ['council.analyst'], council: 'E10000028' });
    first.roles.push('hub.commissioner'); // a caller's copy: the cache keeps its own
    expect(await cached.verify(token)).toEqual({ subject: 's1', roles: ['council.analyst'], council: 'E10000028' });
    now = exp * 1000 - 1;
    expect(await code(cached.verify(token))).toBe('ok');
    now = exp * 1000; // expired: not served from the cache, and jose refuses it
    expect(await code(cached.verify(token))).toBe('TOKEN_EXPIRED: token expired');
    // Refusals are not remembered: the same refused token is checked (and refused) every time.
    const overreach = await issueToken(hub, staffs);
    expect(await code(cached.verify(overreach))).toMatch(/^TOKEN_ISSUER/);
    expect(await code(cached.verify(overreach))).toMatch(/^TOKEN_ISSUER/);
    // A cache of one entry still answers each token with its own principal (eviction keeps nothing stale).
    const small = new TokenVerifier({ issuers: trust, audience: AUDIENCE, cacheSize: 1 });
    const t1 = await issueToken(analyst, staffs);
    const t2 = await issueToken({ ...analyst, subject: 'a2' }, staffs);
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
    expect(await code(issueToken({ subject: 'x', roles: ['council.analyst'], council: 'Staffs' }, staffs))).toMatch(
      /^TOKEN_CLAIMS/,
    );
  });

  it('names what production refuses in the trusted issuers', () => {
    expect(
      trustedIssuerProductionProblems([
        { issuer: 'https://id.hub.example', jwks: 'https://id.hub.example/jwks', hub: true },
      ]),
    ).toEqual([]);
    expect(
      trustedIssuerProductionProblems([
        { issuer: 'https://a.example', jwks: 'http://a.example/jwks', councils: ['E10000028'] },
        { issuer: 'rcc-test', jwks: '/k.json', councils: '*' },
      ]),
    ).toEqual([
      'issuer https://a.example: its JWKS must be fetched over https, not http://a.example/jwks',
      'issuer rcc-test: the development and test issuers are refused in production',
      'issuer rcc-test: "*" (any council or provider) is for development only; list what it may assert',
    ]);
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
  const bearer = async (p: Principal) => `Bearer ${await issueToken(p, p.council ? staffs : hubOrg)}`;

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
