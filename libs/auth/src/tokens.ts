import { decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { assertionProblems, keySetOf, type TrustedIssuer } from './issuers.js';
import type { SigningKey } from './keys.js';
import { claimProblems, isRole, type Principal, type Role } from './roles.js';

export const AUDIENCE = 'rcc-exchange';
/** Longest a token may have lived (from its `iat`), whatever its `exp` says. Default 12 hours. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 12 * 3600;
/** Asymmetric algorithms only: a verifying service never holds a key that can mint tokens. */
export const TOKEN_ALGORITHMS = ['EdDSA', 'ES256'];

export type AuthErrorCode = 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_CLAIMS' | 'TOKEN_ISSUER';

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
  /** The issuers this deployment trusts, each with what it may assert. */
  issuers: TrustedIssuer[];
  audience: string;
  /** Longest a token may have lived since `iat`. Default DEFAULT_MAX_TOKEN_AGE_SECONDS. */
  maxTokenAgeSeconds?: number;
  /** Most verified tokens remembered (0 turns the cache off). Default 10,000. */
  cacheSize?: number;
  /** Longest a verified token is remembered, however far its expiry (a JWKS key withdrawn takes effect by then). */
  cacheTtlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Verifies bearer tokens from several organisations' issuers: the token's issuer must be trusted, its signature must
 * verify against that issuer's keys (EdDSA or ES256), it must carry `exp` and `iat` and be younger than the maximum
 * age, and its claims must be ones that issuer may assert (ADR 0034).
 *
 * A token that verified is remembered, keyed by the token itself, until the earlier of its own expiry and
 * `cacheTtlMs` (docs/adr/0028). Only tokens that verified are kept; failures are never remembered.
 */
export class TokenVerifier {
  private readonly issuers = new Map<string, { trusted: TrustedIssuer; keys: JWTVerifyGetKey }>();
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;
  private readonly maxAge: number;
  private readonly now: () => number;

  constructor(private readonly options: VerifierOptions) {
    if (options.issuers.length === 0) throw new Error('TokenVerifier needs at least one trusted issuer');
    for (const trusted of options.issuers) this.issuers.set(trusted.issuer, { trusted, keys: keySetOf(trusted) });
    this.cacheSize = options.cacheSize ?? 10_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.maxAge = options.maxTokenAgeSeconds ?? DEFAULT_MAX_TOKEN_AGE_SECONDS;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const hit = this.verified.get(token);
    if (hit) {
      if (now < hit.until) return copyOf(hit.principal);
      this.verified.delete(token);
    }
    let claimedIssuer: string | undefined;
    try {
      claimedIssuer = decodeJwt(token).iss;
    } catch {
      throw new AuthError('TOKEN_INVALID', 'token invalid');
    }
    const issuer = claimedIssuer === undefined ? undefined : this.issuers.get(claimedIssuer);
    if (!issuer) throw new AuthError('TOKEN_INVALID', 'token invalid: not from a trusted issuer');
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, issuer.keys, {
        issuer: issuer.trusted.issuer,
        audience: this.options.audience,
        algorithms: TOKEN_ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: this.maxAge,
        currentDate: new Date(now),
      });
      payload = verified.payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthError('TOKEN_EXPIRED', 'token expired');
      throw new AuthError('TOKEN_INVALID', 'token invalid');
    }
    const principal = principalFromClaims(payload);
    const refused = assertionProblems(issuer.trusted, principal);
    if (refused.length > 0) throw new AuthError('TOKEN_ISSUER', refused.join('; '));
    if (this.cacheSize > 0) {
      // jose accepts the token while the clock (in whole seconds) is before exp, and before iat + maxAge.
      const until = Math.min(payload.exp! * 1000, (payload.iat! + this.maxAge) * 1000, now + this.cacheTtlMs);
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

/** The claims a principal is carried in (roles, and council or provider). */
export function claimsOf(principal: Principal): JWTPayload {
  const problems = claimProblems(principal);
  if (problems.length > 0) throw new AuthError('TOKEN_CLAIMS', problems.join('; '));
  const claims: JWTPayload = { roles: principal.roles };
  if (principal.council) claims['council'] = principal.council;
  if (principal.provider) claims['provider'] = principal.provider;
  return claims;
}

/**
 * Signs a token as `issuer` with its Ed25519 key: the local development issuer (`rcc token`, `npm start`), test
 * issuers, and any organisation's issuer built on this library. Always with `exp` and `iat`.
 */
export async function issueToken(
  principal: Principal,
  signer: { issuer: string; key: SigningKey },
  options: { audience?: string; ttlSeconds?: number } = {},
): Promise<string> {
  return new SignJWT(claimsOf(principal))
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.key.kid, typ: 'JWT' })
    .setSubject(principal.subject)
    .setIssuer(signer.issuer)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 8 * 3600}s`)
    .sign(signer.key.privateKey);
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new AuthError('TOKEN_INVALID', 'authorization header must be "Bearer <token>"');
  return match[1];
}
