import {
  generateSigningKey,
  issueToken,
  jwksOf,
  privateJwk,
  TEST_ISSUER,
  type Principal,
  type SigningKey,
  type TrustedIssuer,
} from '@rcc/auth';
import type { EventEnvelope } from '@rcc/contracts';
import { addressedTopic, entitledSigner, EventSigner, type BusMessage } from '@rcc/messaging';

/**
 * Test regions' keys, generated once per test file (each has its own module registry, so the services a file starts
 * and the tokens it signs share them): the test token issuer, trusted for every council, provider and the hub, and
 * one event signing key the test region's organisations all sign with (registered for any organisation; the signer
 * must still be the organisation entitled to the event). Both are refused in production.
 */
let keys: { token: SigningKey; event: SigningKey } | undefined;

function testKeys(): { token: SigningKey; event: SigningKey } {
  keys ??= { token: generateSigningKey('rcc-test-token'), event: generateSigningKey('rcc-test-event') };
  return keys;
}

export function testIssuer(): { issuer: string; key: SigningKey; trusted: TrustedIssuer } {
  const key = testKeys().token;
  return {
    issuer: TEST_ISSUER,
    key,
    trusted: { issuer: TEST_ISSUER, jwks: jwksOf(key), councils: '*', providers: '*', hub: true },
  };
}

/** A token for a test caller, signed by the test issuer that test regions trust. */
export function testToken(
  principal: Principal,
  options: { ttlSeconds?: number; audience?: string } = {},
): Promise<string> {
  return issueToken(principal, testIssuer(), options);
}

/** Environment for a test service: the trusted test issuer and the event keys. */
export function testTrustEnv(): Record<string, string> {
  const event = testKeys().event;
  return {
    RCC_TRUSTED_ISSUERS: JSON.stringify([testIssuer().trusted]),
    RCC_EVENT_KEYS: JSON.stringify({ '*': jwksOf(event) }),
    RCC_EVENT_SIGNING_KEY: JSON.stringify(privateJwk(event)),
    // The web's demo sign-in signs as the test issuer (read by the web only).
    RCC_WEB_DEV_ISSUER: TEST_ISSUER,
    RCC_WEB_DEV_ISSUER_KEY: JSON.stringify(privateJwk(testKeys().token)),
  };
}

/** Signs a message as `org` with the test regions' event key (the key registry of test regions accepts it). */
export function testSign(message: BusMessage, org?: string): BusMessage {
  let signer = org;
  if (!signer) {
    const envelope = JSON.parse(message.value) as EventEnvelope<unknown>;
    signer = entitledSigner(message.topic, message.key, envelope) ?? message.key;
  }
  return new EventSigner(signer, testKeys().event).sign(message);
}

/**
 * A message as the organisation entitled to it would put it on a test region's broker: signed, on its per-council
 * topic when the topic is addressed (ADR 0035). For kafkajs `producer.send`.
 */
export function testEventRecord(
  prefix: string,
  message: BusMessage,
  org?: string,
): { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] } {
  const signed = testSign(message, org);
  return {
    topic: `${prefix}${addressedTopic(message.topic, message.key)}`,
    messages: [{ key: signed.key, value: signed.value, headers: signed.headers ?? {} }],
  };
}
