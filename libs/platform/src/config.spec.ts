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

  it('refuses to start on bad settings, naming every bad variable and what it got', () => {
    const found = problems({
      PORT: '99999',
      DATABASE_URL: 'mysql://x',
      RCC_BUS: 'carrier-pigeon',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'RCC_BUS', 'RCC_JWT_SECRET or RCC_JWT_JWKS_URL']),
    );
    expect(found.find((p) => p.startsWith('PORT'))).toMatch(/got "99999"/);
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
});
