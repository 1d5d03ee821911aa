import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { jwksOf, privateJwk } from '@rcc/auth';
import { ConfigError, loadConfig, ServiceConfig } from './config.js';
import { EVENT_KEY as eventKey, GOOD_ENV as good, HUB_ISSUER as hubIssuer, productionEnv } from './test/env.js';

/** Everything production asks for beyond the common settings, done properly. */
const production = productionEnv(good);
const problems = (env: Record<string, string | undefined>) => {
  try {
    loadConfig('test-service', ServiceConfig, env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

describe('loadConfig', () => {
  it('accepts a good environment, with typed values and defaults', () => {
    const config = loadConfig('test-service', ServiceConfig, good);
    expect(config.PORT).toBe(4201);
    expect(config.RCC_BUS).toBe('kafka');
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.trustedIssuers).toEqual([hubIssuer]);
    expect(config.RCC_JWT_MAX_AGE_SECONDS).toBe(12 * 3600);
    expect(problems(production)).toEqual([]);
  });

  it('refuses to start on bad settings, naming every bad variable', () => {
    const found = problems({
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      RCC_BUS: 'carrier-pigeon',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'RCC_BUS', 'RCC_TRUSTED_ISSUERS']),
    );
    expect(found.find((p) => p.startsWith('PORT'))).toMatch(/PORT: .*65535/);
    expect(problems({ ...good, KAFKA_BROKERS: 'localhost' })).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS: .*host:port/),
    ]);
    expect(problems({ ...good, KAFKA_TOPIC_PREFIX: 'Has Spaces' })).toEqual([
      expect.stringMatching(/KAFKA_TOPIC_PREFIX/),
    ]);
    expect(problems({ ...good, RCC_TRUSTED_ISSUERS: '[{"issuer":"x"}]' })).toEqual([
      expect.stringMatching(/jwks must be/),
    ]);
    expect(problems({ ...good, RCC_EVENT_KEYS: JSON.stringify({ hub: { keys: [privateJwk(eventKey)] } }) })).toEqual([
      expect.stringMatching(/private key/),
    ]);
  });

  it('has no shared secret: RCC_JWT_SECRET is refused, in every environment', () => {
    expect(problems({ ...good, RCC_JWT_SECRET: 'z'.repeat(40) })).toEqual([
      expect.stringMatching(/^RCC_JWT_SECRET: no longer read/),
    ]);
  });

  it('refuses weak and development trust settings in production', () => {
    const issuers = (list: unknown[]) => ({ ...production, RCC_TRUSTED_ISSUERS: JSON.stringify(list) });
    expect(problems({ ...production, RCC_BUS: 'in-process' })).toEqual([
      'RCC_BUS: the in-process bus is for embedded mode, not production',
    ]);
    expect(problems(issuers([{ ...hubIssuer, jwks: 'http://id.hub.example/jwks.json' }]))).toEqual([
      expect.stringMatching(/must be fetched over https/),
    ]);
    expect(
      problems(issuers([{ issuer: 'rcc-dev', jwks: '/keys/dev.json', councils: '*', providers: '*', hub: true }])),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/development and test issuers are refused/),
        expect.stringMatching(/"\*" \(any council or provider\) is for development only/),
        expect.stringMatching(/one issuer per organisation/),
      ]),
    );
    expect(problems(issuers([{ ...hubIssuer, jwks: jwksOf(eventKey) }]))).toEqual([
      expect.stringMatching(/inline key set is for tests/),
    ]);
    expect(problems({ ...production, KAFKA_SASL_MECHANISM: undefined, KAFKA_TLS: undefined })).toEqual([
      expect.stringMatching(/^KAFKA_SASL_MECHANISM/),
      expect.stringMatching(/^KAFKA_TLS/),
    ]);
    expect(problems({ ...production, RCC_EVENT_KEYS: undefined, RCC_EVENT_SIGNING_KEY: undefined })).toEqual([
      expect.stringMatching(/^RCC_EVENT_KEYS/),
      expect.stringMatching(/^RCC_EVENT_SIGNING_KEY/),
    ]);
    expect(problems({ ...production, RCC_EVENT_KEYS: JSON.stringify({ '*': jwksOf(eventKey) }) })).toEqual([
      'RCC_EVENT_KEYS: "*" (any organisation) is for tests only',
    ]);
    expect(problems({ ...good, RCC_ENV: 'staging' })).toEqual([expect.stringMatching(/^RCC_ENV/)]);
  });

  it('never prints a value: a bad secret, key or database URL is named, not shown (issue 15)', () => {
    const secret = 'short-secret-XYZZY';
    const password = 'pa55-w0rd-PLUGH';
    const found = problems({
      ...good,
      RCC_EVENT_SIGNING_KEY: secret,
      DATABASE_URL: `mysql://rcc:${password}@db/rcc`,
      PORT: 'not-a-port-QUUX',
    });
    const text = found.join('\n');
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['RCC_EVENT_SIGNING_KEY', 'DATABASE_URL', 'PORT']),
    );
    for (const value of [secret, password, 'QUUX', 'XYZZY', 'PLUGH']) expect(text).not.toContain(value);
    const signingKey = JSON.stringify({ ...privateJwk(eventKey), d: 'XYZZY-not-base64url!' });
    expect(problems({ ...good, RCC_EVENT_SIGNING_KEY: signingKey }).join('\n')).not.toContain('XYZZY');
    expect(problems({ ...good, RCC_JWT_SECRET: secret })).toEqual([
      expect.stringMatching(/^RCC_JWT_SECRET: no longer read/),
    ]);
    expect(problems({ ...good, RCC_JWT_SECRET: secret }).join('\n')).not.toContain(secret);
  });

  it('reads NAME_FILE for mounted secrets, and refuses both or an unreadable file without printing either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-config-'));
    const passwordFile = join(dir, 'kafka-password');
    writeFileSync(passwordFile, `${'s'.repeat(40)}\n`);
    const dbFile = join(dir, 'db');
    writeFileSync(dbFile, 'postgres://rcc:from-a-file@db/rcc');
    const { DATABASE_URL: _db, ...rest } = good;
    const config = loadConfig('test-service', ServiceConfig, {
      ...rest,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
      DATABASE_URL_FILE: dbFile,
    });
    expect(config.KAFKA_SASL_PASSWORD).toBe('s'.repeat(40));
    expect(config.DATABASE_URL).toBe('postgres://rcc:from-a-file@db/rcc');
    expect(problems({ ...good, KAFKA_SASL_PASSWORD: 'x', KAFKA_SASL_PASSWORD_FILE: passwordFile })).toEqual([
      'KAFKA_SASL_PASSWORD: set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both',
    ]);
    const missing = problems({ ...good, KAFKA_SASL_PASSWORD_FILE: join(dir, 'nope') });
    expect(missing[0]).toMatch(/^KAFKA_SASL_PASSWORD_FILE: the file cannot be read \(ENOENT\)/);
    const bad = join(dir, 'bad-key');
    writeFileSync(bad, 'tiny-secret-FROBOZZ');
    const badKey = problems({ ...good, RCC_EVENT_SIGNING_KEY_FILE: bad });
    expect(badKey.join('\n')).toMatch(/^RCC_EVENT_SIGNING_KEY: /);
    expect(badKey.join('\n')).not.toContain('FROBOZZ');
    // KAFKA_TLS_CA_FILE is itself a setting (the CA's path, read when connecting), not a secret file for KAFKA_TLS_CA.
    const ca = loadConfig('test-service', ServiceConfig, { ...good, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: bad });
    expect(ca.kafkaSecurity()).toEqual({ tls: { caFile: bad } });
  });
});

describe('tracing settings (docs/adr/0056)', () => {
  const traces = (env: Record<string, string>) => loadConfig('test-service', ServiceConfig, { ...good, ...env });

  it('is off without an endpoint, and when disabled', () => {
    expect(traces({}).tracesEndpoint).toBeUndefined();
    expect(
      traces({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracesEndpoint,
    ).toBeUndefined();
  });

  it('sends to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(traces({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracesEndpoint).toBe(
      'http://collector:4318/v1/traces',
    );
    const both = traces({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
    });
    expect(both.tracesEndpoint).toBe('https://traces.example/otlp');
    expect(both.OTEL_BSP_SCHEDULE_DELAY).toBe(5000);
  });

  it('refuses an endpoint that is not an http(s) URL and a service name that is not plain', () => {
    expect(problems({ ...good, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_SERVICE_NAME: 'a b' })).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
      'OTEL_SERVICE_NAME: OTEL_SERVICE_NAME must be a plain name',
    ]);
  });
});
