import { generateSigningKey, jwksOf, privateJwk } from '@rcc/auth';

/** The hub's identity provider, trusted by every service. */
export const HUB_ISSUER = { issuer: 'https://id.hub.example', jwks: 'https://id.hub.example/jwks.json', hub: true };

/** The settings every service needs, well formed. */
export const GOOD_ENV = {
  PORT: '4201',
  DATABASE_URL: 'postgres://rcc@127.0.0.1:5432/rcc_registry',
  RCC_TRUSTED_ISSUERS: JSON.stringify([HUB_ISSUER]),
};

/** The hub's event signing key in the production environment below. */
export const EVENT_KEY = generateSigningKey('hub-1');

/**
 * `base` with everything production asks for besides, done properly (ADR 0034, 0035): its Kafka principal over TLS,
 * signed events.
 */
export const productionEnv = <T extends Record<string, string>>(base: T) => ({
  ...base,
  RCC_ENV: 'production',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'hub',
  KAFKA_SASL_PASSWORD: 'a-password',
  KAFKA_TLS: 'true',
  RCC_EVENT_KEYS: JSON.stringify({ hub: jwksOf(EVENT_KEY) }),
  RCC_EVENT_SIGNING_KEY: JSON.stringify(privateJwk(EVENT_KEY)),
});
