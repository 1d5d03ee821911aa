import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { hasCouncilRole, type Principal } from './roles.js';

/** The local development issuer (`npm start`, `rcc token`): trusted for everything, refused in production. */
export const DEV_ISSUER = 'rcc-dev';
/** The issuer test regions sign with (libs/testing), refused in production. */
export const TEST_ISSUER = 'rcc-test';

/**
 * An organisation's token issuer that this deployment trusts, and what it may say. A council's issuer may assert only
 * its own council's roles; only the hub's issuer may assert hub roles; a provider organisation's issuer only its own
 * providers. Anyone trusted may assert `public`.
 */
export interface TrustedIssuer {
  /** The `iss` claim, exactly. */
  issuer: string;
  /** Where its public keys are: an https:// JWKS URL, a local JWKS file path, or the key set itself. */
  jwks: string | JSONWebKeySet;
  /** Council codes it may assert (council roles); `*` any (development and tests only). */
  councils?: string[] | '*';
  /** Provider ids it may assert (`provider.user`); `*` any (development and tests only). */
  providers?: string[] | '*';
  /** May assert hub roles (`hub.commissioner`): the hub's issuer only. */
  hub?: boolean;
}

/** Reads `RCC_TRUSTED_ISSUERS`: a JSON array, or the path of a file holding one. Throws naming what is wrong. */
export function parseTrustedIssuers(value: string): TrustedIssuer[] {
  const text = value.trim().startsWith('[') ? value : readFileSync(value.trim(), 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('RCC_TRUSTED_ISSUERS is not a JSON array of issuers (nor a file holding one)');
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error('RCC_TRUSTED_ISSUERS must list at least one issuer');
  const seen = new Set<string>();
  return parsed.map((raw, i) => {
    const entry = raw as Partial<TrustedIssuer>;
    const at = `RCC_TRUSTED_ISSUERS[${i}]`;
    if (typeof entry.issuer !== 'string' || !entry.issuer) throw new Error(`${at}: issuer is required`);
    if (seen.has(entry.issuer)) throw new Error(`${at}: issuer ${entry.issuer} is listed twice`);
    seen.add(entry.issuer);
    if (typeof entry.jwks !== 'string' && !(entry.jwks && Array.isArray(entry.jwks.keys)))
      throw new Error(`${at}: jwks must be a URL, a file path or a key set`);
    for (const list of ['councils', 'providers'] as const) {
      const v = entry[list];
      if (v !== undefined && v !== '*' && !(Array.isArray(v) && v.every((x) => typeof x === 'string')))
        throw new Error(`${at}: ${list} must be a list of ids or "*"`);
    }
    if (entry.hub !== undefined && typeof entry.hub !== 'boolean') throw new Error(`${at}: hub must be true or false`);
    return entry as TrustedIssuer;
  });
}

/** What a production deployment refuses in its trusted issuers (weak or development configuration). */
export function trustedIssuerProductionProblems(issuers: TrustedIssuer[]): string[] {
  const problems: string[] = [];
  for (const t of issuers) {
    const name = `issuer ${t.issuer}`;
    if (t.issuer === DEV_ISSUER || t.issuer === TEST_ISSUER)
      problems.push(`${name}: the development and test issuers are refused in production`);
    if (typeof t.jwks === 'string' && /^http:\/\//i.test(t.jwks))
      problems.push(`${name}: its JWKS must be fetched over https, not ${t.jwks}`);
    if (t.councils === '*' || t.providers === '*')
      problems.push(`${name}: "*" (any council or provider) is for development only; list what it may assert`);
    if (t.hub && ((t.councils?.length ?? 0) > 0 || (t.providers?.length ?? 0) > 0))
      problems.push(
        `${name}: the hub's issuer may not also assert councils or providers (one issuer per organisation)`,
      );
    if (typeof t.jwks !== 'string') problems.push(`${name}: an inline key set is for tests; give a JWKS URL or file`);
  }
  return problems;
}

export function keySetOf(trusted: TrustedIssuer): JWTVerifyGetKey {
  if (typeof trusted.jwks !== 'string') return createLocalJWKSet(trusted.jwks);
  if (/^https?:\/\//i.test(trusted.jwks)) return createRemoteJWKSet(new URL(trusted.jwks));
  return createLocalJWKSet(JSON.parse(readFileSync(trusted.jwks, 'utf8')) as JSONWebKeySet);
}

const allows = (list: string[] | '*' | undefined, id: string) => list === '*' || (list ?? []).includes(id);

/** Why this issuer may not assert these claims (empty: it may). */
export function assertionProblems(trusted: TrustedIssuer, principal: Principal): string[] {
  const problems: string[] = [];
  if (principal.roles.includes('hub.commissioner') && !trusted.hub)
    problems.push(`issuer ${trusted.issuer} may not assert hub roles`);
  if (hasCouncilRole(principal) && principal.council && !allows(trusted.councils, principal.council))
    problems.push(`issuer ${trusted.issuer} may not assert council ${principal.council}`);
  if (principal.roles.includes('provider.user') && principal.provider && !allows(trusted.providers, principal.provider))
    problems.push(`issuer ${trusted.issuer} may not assert provider ${principal.provider}`);
  return problems;
}
