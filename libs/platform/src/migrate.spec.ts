import { describe, expect, it } from '@jest/globals';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigError, loadConfig, ServiceConfig } from './config.js';
import { migrationsOf, registerMigrations } from './migrate.js';
import { GOOD_ENV, productionEnv } from './test/env.js';

const env = { ...GOOD_ENV, RCC_BUS: 'kafka' };
/** What production asks for besides (ADR 0034, 0035): its Kafka principal over TLS, signed events. */
const production = productionEnv(env);

describe('migration mode (docs/adr/0038)', () => {
  it('applies at start in development and test, and only verifies in production unless told', () => {
    expect(loadConfig('s', ServiceConfig, env).migrationMode).toBe('apply');
    expect(loadConfig('s', ServiceConfig, { ...env, RCC_ENV: 'test' }).migrationMode).toBe('apply');
    expect(loadConfig('s', ServiceConfig, production).migrationMode).toBe('verify');
    expect(loadConfig('s', ServiceConfig, { ...env, RCC_MIGRATIONS: 'verify' }).migrationMode).toBe('verify');
    expect(loadConfig('s', ServiceConfig, { ...production, RCC_MIGRATIONS: 'apply' }).migrationMode).toBe('apply');
  });

  it('refuses any other value', () => {
    expect(() => loadConfig('s', ServiceConfig, { ...env, RCC_MIGRATIONS: 'sometimes' })).toThrow(ConfigError);
  });
});

describe('migrationsOf', () => {
  @Module({})
  class Platform {}
  @Module({})
  class App {}
  class First1 {}
  class Second2 {}

  it("finds the migrations the platform module registered among a service module's imports", () => {
    const platform: DynamicModule = { module: Platform };
    registerMigrations(platform, [First1, Second2]);
    const app: DynamicModule = { module: App, imports: [{ module: App, imports: [] }, platform] };
    expect(migrationsOf(app)).toEqual([First1, Second2]);
  });

  it('says so when a module has no database', () => {
    expect(() => migrationsOf({ module: App, imports: [] })).toThrow(/App has no database migrations/);
  });
});
