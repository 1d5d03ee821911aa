import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';

/** An Ed25519 key with its key id: signs tokens (as an issuer) or events (as an organisation). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export function generateSigningKey(kid = randomBytes(8).toString('hex')): SigningKey {
  return { kid, privateKey: generateKeyPairSync('ed25519').privateKey };
}

/** The private key as a JWK (with its kid), for a key file. */
export function privateJwk(key: SigningKey): JWK {
  return { ...(key.privateKey.export({ format: 'jwk' }) as JWK), kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/** The public half as a JWK: what others are given to verify. */
export function publicJwk(key: SigningKey): JWK {
  return {
    ...(createPublicKey(key.privateKey).export({ format: 'jwk' }) as JWK),
    kid: key.kid,
    alg: 'EdDSA',
    use: 'sig',
  };
}

export function jwksOf(...keys: SigningKey[]): JSONWebKeySet {
  return { keys: keys.map(publicJwk) };
}

/** Reads a private Ed25519 JWK (JSON text, or a file path holding it); it must carry a kid. */
export function readSigningKey(value: string): SigningKey {
  // Every message names what is wrong, never the value: it is a private key, or a path next to one (issue 15).
  let text = value;
  if (!value.trim().startsWith('{')) {
    try {
      text = readFileSync(value.trim(), 'utf8');
    } catch (error) {
      throw new Error(
        `not a JWK (JSON) nor a readable file holding one (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
    }
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error('not valid JSON (a private Ed25519 JWK is expected)');
  }
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d)
    throw new Error('a signing key must be a private Ed25519 JWK');
  if (!jwk.kid) throw new Error('a signing key must carry a key id (kid)');
  try {
    return { kid: jwk.kid, privateKey: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }) };
  } catch {
    throw new Error('not a usable private Ed25519 key');
  }
}

/** The key in `file`, made (readable by its owner only) the first time: local development keys under `.rcc/keys`. */
export function loadOrCreateSigningKey(file: string, kid: string): SigningKey {
  if (existsSync(file)) return readSigningKey(file);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = generateSigningKey(`${kid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, JSON.stringify(privateJwk(key)), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
