import { join } from 'node:path';
import {
  devIssuer,
  issueToken,
  jwksOf,
  loadOrCreateSigningKey,
  privateJwk,
  type DevIssuer,
  type Principal,
} from '@rcc/auth';
import { repoRoot } from '@rcc/platform';

/** Where `npm start` keeps its development keys (made on first start): RCC_KEYS_DIR, default `.rcc/keys`. */
export function keysDir(): string {
  return process.env['RCC_KEYS_DIR'] ?? join(repoRoot(), '.rcc', 'keys');
}

/** The local development issuer; refused when RCC_ENV=production (its tokens are trusted nowhere there). */
export function localIssuer(dir = keysDir()): DevIssuer {
  if (process.env['RCC_ENV'] === 'production') throw new Error('development tokens are not issued in production');
  return devIssuer(dir);
}

export function devToken(principal: Principal, ttlSeconds?: number): Promise<string> {
  return issueToken(principal, localIssuer(), ttlSeconds ? { ttlSeconds } : {});
}

/**
 * The trust settings of the local region: every service trusts the development issuer, and each organisation (the
 * hub, each council) signs its events with its own Ed25519 key, made on first start under `<keys>/events`; the key
 * registry lists each organisation's public key (ADR 0034).
 */
export function localTrustEnv(
  orgs: string[],
  dir = keysDir(),
): { common: Record<string, string>; signingKey(org: string): string; issuerKey: string } {
  const issuer = localIssuer(dir);
  const keys = new Map(
    orgs.map((org) => [
      org,
      loadOrCreateSigningKey(join(dir, 'events', `${org.toLowerCase()}.jwk.json`), `${org.toLowerCase()}-event`),
    ]),
  );
  return {
    common: {
      RCC_TRUSTED_ISSUERS: JSON.stringify([issuer.trusted]),
      RCC_EVENT_KEYS: JSON.stringify(Object.fromEntries([...keys].map(([org, key]) => [org, jwksOf(key)]))),
    },
    signingKey: (org) => JSON.stringify(privateJwk(keys.get(org)!)),
    issuerKey: JSON.stringify(privateJwk(issuer.key)),
  };
}

/**
 * The token a CLI command sends: RCC_TOKEN when set (a real organisation's token, or a test issuer's), else a
 * development token for `principal` from the local issuer; never a development token in production.
 */
export async function cliToken(principal: Omit<Principal, 'subject'>, who: string): Promise<string> {
  const token = process.env['RCC_TOKEN'];
  if (token) return token;
  if (process.env['RCC_ENV'] === 'production')
    throw new Error('set RCC_TOKEN: development tokens are not issued in production');
  return devToken({ subject: `cli-${process.env['USER'] ?? who}`, ...principal });
}
