import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEV_SECRET } from '@rcc/auth';
import { ConfigError, loadConfig, ServiceConfig } from './config.js';

const good = {
  PORT: '4201',
  DATABASE_URL: 'postgres://rcc@127.0.0.1:5432/rcc_registry',
  RCC_JWT_SECRET: 'z'.repeat(40),
};
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
  });

  it('refuses to start on bad settings, naming every bad variable', () => {
    const found = problems({
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      RCC_BUS: 'carrier-pigeon',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'RCC_BUS', 'RCC_JWT_SECRET or RCC_JWT_JWKS_URL']),
    );
    expect(found.find((p) => p.startsWith('PORT'))).toMatch(/PORT: .*65535/);
    expect(problems({ ...good, KAFKA_BROKERS: 'localhost' })).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS: .*host:port/),
    ]);
    expect(problems({ ...good, RCC_JWT_SECRET: 'short' })).toEqual([expect.stringMatching(/at least 32 characters/)]);
    expect(problems({ ...good, KAFKA_TOPIC_PREFIX: 'Has Spaces' })).toEqual([
      expect.stringMatching(/KAFKA_TOPIC_PREFIX/),
    ]);
  });

  it('refuses development shortcuts in production', () => {
    expect(problems({ ...good, RCC_ENV: 'production', RCC_JWT_SECRET: DEV_SECRET, RCC_BUS: 'in-process' })).toEqual([
      'RCC_JWT_SECRET: the development secret is refused in production',
      'RCC_BUS: the in-process bus is for embedded mode, not production',
    ]);
    expect(problems({ ...good, RCC_ENV: 'staging' })).toEqual([expect.stringMatching(/^RCC_ENV/)]);
  });

  it('never prints a value: a bad secret, key or database URL is named, not shown (issue 15)', () => {
    const secret = 'short-secret-XYZZY';
    const password = 'pa55-w0rd-PLUGH';
    const found = problems({
      ...good,
      RCC_JWT_SECRET: secret,
      DATABASE_URL: `mysql://rcc:${password}@db/rcc`,
      PORT: 'not-a-port-QUUX',
    });
    const text = found.join('\n');
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['RCC_JWT_SECRET', 'DATABASE_URL', 'PORT']),
    );
    for (const value of [secret, password, 'QUUX', 'XYZZY', 'PLUGH']) expect(text).not.toContain(value);
    try {
      loadConfig('test-service', ServiceConfig, { ...good, RCC_JWT_SECRET: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('reads NAME_FILE for mounted secrets, and refuses both or an unreadable file without printing either', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcc-config-'));
    const secretFile = join(dir, 'jwt');
    writeFileSync(secretFile, `${'s'.repeat(40)}\n`);
    const dbFile = join(dir, 'db');
    writeFileSync(dbFile, 'postgres://rcc:from-a-file@db/rcc');
    const { RCC_JWT_SECRET: _secret, DATABASE_URL: _db, ...rest } = good;
    const config = loadConfig('test-service', ServiceConfig, {
      ...rest,
      RCC_JWT_SECRET_FILE: secretFile,
      DATABASE_URL_FILE: dbFile,
    });
    expect(config.RCC_JWT_SECRET).toBe('s'.repeat(40));
    expect(config.DATABASE_URL).toBe('postgres://rcc:from-a-file@db/rcc');
    expect(problems({ ...good, RCC_JWT_SECRET_FILE: secretFile })).toEqual([
      'RCC_JWT_SECRET: set either RCC_JWT_SECRET or RCC_JWT_SECRET_FILE, not both',
    ]);
    const missing = problems({ ...rest, DATABASE_URL: good.DATABASE_URL, RCC_JWT_SECRET_FILE: join(dir, 'nope') });
    expect(missing[0]).toMatch(/^RCC_JWT_SECRET_FILE: the file cannot be read \(ENOENT\)/);
    const short = join(dir, 'short');
    writeFileSync(short, 'tiny-secret-FROBOZZ');
    const tooShort = problems({ ...rest, DATABASE_URL: good.DATABASE_URL, RCC_JWT_SECRET_FILE: short });
    expect(tooShort.join('\n')).toMatch(/RCC_JWT_SECRET: .*at least 32/);
    expect(tooShort.join('\n')).not.toContain('FROBOZZ');
  });
});
