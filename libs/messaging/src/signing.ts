import { createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EventEnvelope } from '@rcc/contracts';
import type { BusMessage } from './event-bus.js';

/** Headers an organisation's signature travels in, beside the envelope it covers (ADR 0034). */
export const SIGNER_HEADER = 'rcc-signer';
export const KEY_ID_HEADER = 'rcc-key-id';
export const SIGNATURE_HEADER = 'rcc-signature';
/** The hub's organisation name in the key registry: registry, commissioning and analytics sign as the hub. */
export const HUB_ORG = 'hub';
/** A key registry entry for any organisation: development and test regions only (refused in production). */
export const ANY_ORG = '*';

/** What is signed: the key and the envelope's exact bytes (the key routes and addresses the message). */
function signedBytes(message: Pick<BusMessage, 'key' | 'value'>): Buffer {
  return Buffer.concat([Buffer.from(message.key, 'utf8'), Buffer.from([0x0a]), Buffer.from(message.value, 'utf8')]);
}

/** Signs each outgoing envelope as this organisation with its Ed25519 key (the outbox relay does it). */
export class EventSigner {
  constructor(
    readonly org: string,
    private readonly key: { kid: string; privateKey: KeyObject },
  ) {}

  sign(message: BusMessage): BusMessage {
    const signature = sign(null, signedBytes(message), this.key.privateKey).toString('base64url');
    return {
      ...message,
      headers: {
        ...message.headers,
        [SIGNER_HEADER]: this.org,
        [KEY_ID_HEADER]: this.key.kid,
        [SIGNATURE_HEADER]: signature,
      },
    };
  }
}

/** Organisation -> key id -> public key. Several keys per organisation: a new key is added before the old goes. */
export type KeyRegistry = Map<string, Map<string, KeyObject>>;

/**
 * Reads the region's key registry: JSON (or a file holding it) `{ "<org>": { "keys": [<Ed25519 public JWK with kid>] } }`
 * where org is a council's ONS code or `hub`.
 */
export function parseKeyRegistry(value: string): KeyRegistry {
  const text = value.trim().startsWith('{') ? value : readFileSync(value.trim(), 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('RCC_EVENT_KEYS is not a JSON object of organisations (nor a file holding one)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('RCC_EVENT_KEYS must map each organisation to its key set');
  const registry: KeyRegistry = new Map();
  for (const [org, set] of Object.entries(parsed as Record<string, { keys?: unknown }>)) {
    if (!Array.isArray(set?.keys) || set.keys.length === 0) throw new Error(`RCC_EVENT_KEYS.${org}: needs keys`);
    const keys = new Map<string, KeyObject>();
    for (const jwk of set.keys as { kid?: string; kty?: string; crv?: string; d?: string }[]) {
      if (!jwk.kid || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
        throw new Error(`RCC_EVENT_KEYS.${org}: every key must be an Ed25519 JWK with a kid`);
      if (jwk.d) throw new Error(`RCC_EVENT_KEYS.${org}: holds a private key; give public keys only`);
      keys.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
    }
    registry.set(org, keys);
  }
  return registry;
}

/**
 * Which organisation may have produced an event: a council's own data (topics `rcc.council.*`) only the council named
 * by the envelope's tenant and key; everything else only the hub.
 */
export function entitledSigner(topic: string, key: string, envelope: EventEnvelope<unknown>): string | undefined {
  if (topic.startsWith('rcc.council.')) return envelope.tenant && envelope.tenant === key ? envelope.tenant : undefined;
  return HUB_ORG;
}

/** Checks an event's signature against the key registry; returns why it is refused, or undefined when it holds. */
export class EventVerifier {
  constructor(private readonly registry: KeyRegistry) {}

  problem(message: BusMessage, envelope: EventEnvelope<unknown>): string | undefined {
    const headers = message.headers ?? {};
    const signer = headers[SIGNER_HEADER];
    const kid = headers[KEY_ID_HEADER];
    const signature = headers[SIGNATURE_HEADER];
    if (!signer || !kid || !signature) return 'unsigned event: no organisation signature';
    const entitled = entitledSigner(message.topic, message.key, envelope);
    if (!entitled) return `event on ${message.topic} names no council that may produce it`;
    if (signer !== entitled)
      return `signed by ${signer}, but only ${entitled} may produce this event on ${message.topic}`;
    const key = this.registry.get(signer)?.get(kid) ?? this.registry.get(ANY_ORG)?.get(kid);
    if (!key) return `signed by ${signer} with key ${kid}, which is not in the region's key registry`;
    let valid = false;
    try {
      valid = verify(null, signedBytes(message), key, Buffer.from(signature, 'base64url'));
    } catch {
      valid = false;
    }
    return valid ? undefined : `signature by ${signer} (key ${kid}) does not verify: forged or altered`;
  }
}
