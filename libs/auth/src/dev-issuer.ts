import { join } from 'node:path';
import { DEV_ISSUER, type TrustedIssuer } from './issuers.js';
import { jwksOf, loadOrCreateSigningKey, type SigningKey } from './keys.js';

/** The local development issuer: its key, and the trust entry services are given for it. */
export interface DevIssuer {
  issuer: string;
  key: SigningKey;
  trusted: TrustedIssuer;
}

/**
 * The development issuer of `npm start` and `rcc token`: an Ed25519 key made on first use under `dir` (default
 * `.rcc/keys`), trusted for every council, provider and the hub. Services refuse it in production (its name and its
 * `*` scopes are both refused there).
 */
export function devIssuer(keysDir: string): DevIssuer {
  const key = loadOrCreateSigningKey(join(keysDir, 'dev-issuer.jwk.json'), 'rcc-dev');
  return {
    issuer: DEV_ISSUER,
    key,
    trusted: { issuer: DEV_ISSUER, jwks: jwksOf(key), councils: '*', providers: '*', hub: true },
  };
}
