import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { claimProblems, isRole, type Principal, type Role } from './roles.js';

export const DEV_ISSUER = 'rcc-dev';
export const AUDIENCE = 'rcc-exchange';
/** Known development secret: fine on a laptop, refused in production by every service's config. */
export const DEV_SECRET = 'rcc-development-secret-do-not-use-in-production';

export type AuthErrorCode = 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_CLAIMS';

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface VerifierOptions {
  /** HS256 shared secret (development and tests). */
  secret?: string;
  /** An issuer's JWKS endpoint (production). */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Most verified tokens remembered (0 turns the cache off). Default 10,000. */
  cacheSize?: number;
  /** Longest a verified token is remembered, however far its expiry (a JWKS key withdrawn takes effect by then). */
  cacheTtlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Verifies bearer tokens. A token that verified is remembered, keyed by the token itself, until the earlier of its
 * own expiry and `cacheTtlMs`: the same caller's next request costs a map lookup instead of a signature check
 * (measured: about a tenth of a service's CPU under load, docs/adr/0028). Only tokens that verified are kept, so a
 * stream of forged tokens cannot fill the cache; failures are never remembered.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: VerifierOptions) {
    if (options.jwksUrl) this.key = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.secret) this.key = new TextEncoder().encode(options.secret);
    else throw new Error('TokenVerifier needs a secret or a JWKS URL');
    this.cacheSize = options.cacheSize ?? 10_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const hit = this.verified.get(token);
    if (hit) {
      if (now < hit.until) return copyOf(hit.principal);
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as Uint8Array, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.jwksUrl ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
        currentDate: new Date(now),
      });
      payload = verified.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthError('TOKEN_EXPIRED', 'token expired');
      throw new AuthError('TOKEN_INVALID', 'token invalid');
    }
    const principal = principalFromClaims(payload);
    if (this.cacheSize > 0) {
      // jose accepts the token while the clock (in whole seconds) is before exp: the same bound in milliseconds.
      const until = Math.min(payload.exp === undefined ? Infinity : payload.exp * 1000, now + this.cacheTtlMs);
      this.verified.delete(token);
      this.verified.set(token, { principal: copyOf(principal), until });
      // The oldest entry goes first (insertion order).
      while (this.verified.size > this.cacheSize) this.verified.delete(this.verified.keys().next().value!);
    }
    return principal;
  }
}

/** Callers get their own copy: nothing they do to it reaches the cached principal. */
function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles] };
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const roles = payload['roles'];
  if (!Array.isArray(roles) || !roles.every(isRole)) throw new AuthError('TOKEN_CLAIMS', 'roles claim is not valid');
  const principal: Principal = { subject: String(payload.sub ?? ''), roles: roles as Role[] };
  if (typeof payload['council'] === 'string') principal.council = payload['council'];
  if (typeof payload['provider'] === 'string') principal.provider = payload['provider'];
  const problems = claimProblems(principal);
  if (!principal.subject) problems.push('no subject');
  if (problems.length > 0) throw new AuthError('TOKEN_CLAIMS', problems.join('; '));
  return principal;
}

/** Issues development tokens from the local secret (`rcc token`, tests, the embedded demo). */
export async function issueDevToken(
  principal: Principal,
  options: { secret: string; issuer?: string; audience?: string; ttlSeconds?: number },
): Promise<string> {
  const problems = claimProblems(principal);
  if (problems.length > 0) throw new AuthError('TOKEN_CLAIMS', problems.join('; '));
  const claims: JWTPayload = { roles: principal.roles };
  if (principal.council) claims['council'] = principal.council;
  if (principal.provider) claims['provider'] = principal.provider;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 8 * 3600}s`)
    .sign(new TextEncoder().encode(options.secret));
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new AuthError('TOKEN_INVALID', 'authorization header must be "Bearer <token>"');
  return match[1];
}
