import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TypeMetadataStorage } from '@nestjs/graphql';
import { HUB_ORG } from '@rcc/messaging';
import { graphqlRequest, repoRoot, type RunningService, type ServiceBootstrap } from '@rcc/platform';
import { simulateRegion, WEST_MIDLANDS } from '@rcc/simulator';
import { COUNCILS, DEMO_SEED, GATEWAY_PORT, SHARED_SERVICES, WEB_PORT } from './region.js';
import { importRegion } from './simulate.js';
import { seedRegistry } from './seed-registry.js';
import { devToken, keysDir, localTrustEnv } from './dev-keys.js';

const FIRST_DB_PORT = 55_401;

/**
 * Every port moved by RCC_PORT_OFFSET (default 0), so a second region (the soak, `rcc simulate --real`) can run beside
 * a developer's `npm start` on one machine.
 */
const OFFSET = Number(process.env['RCC_PORT_OFFSET'] ?? 0);
const at = (port: number) => port + OFFSET;

interface EmbeddedDatabase {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * One PGlite (Postgres compiled to WebAssembly) per service database, each behind its own socket. A PGlite database
 * is one session: the socket takes one connection, and the service keeps one (DATABASE_POOL_SIZE=1), so statements
 * and transactions from concurrent requests queue instead of interleaving (ADR 36).
 */
async function startDatabase(dataDir: string, name: string, port: number): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(join(dataDir, name));
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  return {
    name,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** Loads a service's compiled entry point by path: the launcher composes processes, it does not import app code. */
async function loadService(app: string): Promise<ServiceBootstrap> {
  const mod = (await import(new URL(`../../../${app}/src/main.js`, import.meta.url).href)) as {
    bootstrap: ServiceBootstrap;
  };
  return mod.bootstrap;
}

const token = devToken;

/**
 * Embedded mode runs every subgraph in this one process, and @nestjs/graphql keeps every decorated type in one global
 * store: a schema built later would take in the types of services built earlier (the registry's `Provider` beside
 * commissioning's federation stub of it, which must share its name). Each service's schema is final once it has
 * started, so the store is emptied before the next service's code is loaded, and every schema holds its own types
 * only, as when each runs in its own process. Not between council instances: they share one module and its types.
 */
function isolateGraphqlTypes(): void {
  TypeMetadataStorage.clear();
}

/** A real-mode database on the PostgreSQL server, created beforehand by `rcc db-create`. */
function realDatabase(name: string): EmbeddedDatabase {
  const base = process.env['RCC_PG_URL'] ?? 'postgres://rcc@127.0.0.1:5432';
  const prefix = process.env['RCC_DB_PREFIX'] ?? 'rcc_'; // the soak's databases beside the demo's
  return { name, url: `${base}/${prefix}${name}`, stop: async () => undefined };
}

/**
 * `npm start`: the whole region on one machine with nothing but Node, seeded with synthetic demo data.
 * `--real`: the same region on the PostgreSQL server (databases from `rcc db-create`) and the Kafka broker.
 */
export async function startCommand(argv: string[]): Promise<void> {
  const real = argv.includes('--real');
  const dataDir = process.env['RCC_EMBEDDED_DIR'] ?? join(repoRoot(), '.rcc', 'embedded');
  const quiet = !argv.includes('--verbose');
  // No set-up: the development issuer's key and each organisation's event key are made on first start.
  const trust = localTrustEnv([HUB_ORG, ...COUNCILS.map((c) => c.code)]);
  const common = {
    ...trust.common,
    RCC_ENV: 'development',
    RCC_BUS: real ? 'kafka' : 'in-process',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    ...(process.env['KAFKA_TOPIC_PREFIX'] ? { KAFKA_TOPIC_PREFIX: process.env['KAFKA_TOPIC_PREFIX'] } : {}),
    HOST: '127.0.0.1',
    RCC_REGION_COUNCILS: COUNCILS.map((c) => c.code).join(','),
    // The services' addresses of each other, moved with RCC_PORT_OFFSET like every port here.
    RCC_REGISTRY_URL: `http://127.0.0.1:${at(SHARED_SERVICES.find((s) => s.name === 'registry')!.port)}/graphql`,
    RCC_PUBLIC_WEB_URL: `http://localhost:${at(WEB_PORT)}`,
    ...(real ? {} : { DATABASE_POOL_SIZE: '1' }),
  };
  const database = (name: string, port: number) => (real ? realDatabase(name) : startDatabase(dataDir, name, port));
  // Quiet by default: several Nest applications share this one process, and @nestjs/typeorm warns about the second
  // "default" data source although each application's DI container has its own (see docs/adr/0004).
  const logLevels = quiet ? (['error'] as const) : (['error', 'warn', 'log'] as const);
  const running: RunningService[] = [];
  const databases: EmbeddedDatabase[] = [];

  const stop = async () => {
    for (const s of running.reverse()) await s.close().catch(() => undefined);
    for (const d of databases) await d.stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));

  console.log(
    real
      ? 'Starting RCC Exchange (real mode: PostgreSQL databases from `rcc db-create`, Kafka)...'
      : `Starting RCC Exchange (embedded: PGlite databases in ${dataDir}, in-process event bus)...`,
  );
  let dbPort = at(FIRST_DB_PORT);
  for (const c of COUNCILS) {
    const db = await database(`council_${c.code.toLowerCase()}`, dbPort++);
    databases.push(db);
    const bootstrap = await loadService('council');
    running.push(
      await bootstrap(
        {
          ...common,
          PORT: String(at(c.port)),
          DATABASE_URL: db.url,
          COUNCIL_CODE: c.code,
          COUNCIL_NAME: c.name,
          RCC_SHARING: 'need-snapshot,referrals,placements',
          RCC_COMMISSIONING_URL: `http://127.0.0.1:${at(SHARED_SERVICES.find((s) => s.name === 'commissioning')!.port)}/graphql`,
          RCC_PSEUDONYM_KEY: `rcc-dev-pseudonym-key-${c.code.toLowerCase()}-embedded`,
          RCC_EVENT_SIGNING_KEY: trust.signingKey(c.code),
        },
        { shutdownHooks: false, logLevels: [...logLevels] },
      ),
    );
  }
  for (const s of SHARED_SERVICES) {
    const db = await database(s.name, dbPort++);
    databases.push(db);
    isolateGraphqlTypes();
    const bootstrap = await loadService(s.name);
    running.push(
      await bootstrap(
        { ...common, PORT: String(at(s.port)), DATABASE_URL: db.url, RCC_EVENT_SIGNING_KEY: trust.signingKey(HUB_ORG) },
        { shutdownHooks: false, logLevels: [...logLevels] },
      ),
    );
  }
  const gateway = await (
    await loadService('gateway')
  )(
    {
      ...common,
      PORT: String(at(GATEWAY_PORT)),
      RCC_SUBGRAPHS: SHARED_SERVICES.map((s) => `${s.name}=http://127.0.0.1:${at(s.port)}/graphql`).join(','),
      RCC_COUNCILS: COUNCILS.map((c) => `${c.code}=http://127.0.0.1:${at(c.port)}/graphql`).join(','),
    },
    { shutdownHooks: false, logLevels: [...logLevels] },
  );
  running.push(gateway);
  const url = `${gateway.url.replace('127.0.0.1', 'localhost')}/graphql`;
  const web = await (
    await loadService('web')
  )(
    {
      ...common,
      PORT: String(at(WEB_PORT)),
      RCC_GATEWAY_URL: `${gateway.url}/graphql`,
      RCC_ANALYTICS_URL: `http://127.0.0.1:${at(SHARED_SERVICES.find((s) => s.name === 'analytics')!.port)}`,
      RCC_WEB_COUNCILS: COUNCILS.map((c) => `${c.code}=${c.name}`).join(','),
      RCC_WEB_DEV_ISSUER_KEY: join(keysDir(), 'dev-issuer.jwk.json'),
      RCC_WEB_PUBLIC_URL: `http://localhost:${at(WEB_PORT)}`,
    },
    { shutdownHooks: false, logLevels: [...logLevels] },
  );
  running.push(web);

  const hub = await token({ subject: 'demo-hub', roles: ['hub.commissioner'] });
  const { asAt } = await seed(url);
  await publishProfile(url, hub, asAt);
  // The simulated market and a year of operations; the provider with the most settings gets the demo token.
  const provider = await seedRegistry(url, hub, DEMO_SEED, WEST_MIDLANDS.slice(0, COUNCILS.length));
  const tokens: [string, string][] = [
    ['hub.commissioner', hub],
    ['provider.user', await token({ subject: 'demo-provider', roles: ['provider.user'], provider: provider.id })],
    ['public', '(no token)'],
  ];
  for (const c of COUNCILS) {
    tokens.push([
      `council.analyst ${c.code} ${c.name}`,
      await token({ subject: `demo-analyst-${c.code}`, roles: ['council.analyst'], council: c.code }),
    ]);
  }
  console.log(
    `\nRCC Exchange is running.\n  Web:     ${web.url.replace('127.0.0.1', 'localhost')} (sign in as any demo role)\n  Gateway: ${url}\n  Demo provider: ${provider.name} (id ${provider.id})\n\nDemo tokens (8 hours; send as "Authorization: Bearer <token>"):`,
  );
  for (const [role, t] of tokens) console.log(`  ${role}\n    ${t}`);
  console.log(
    `\nTry: curl -s ${url} -H 'content-type: application/json' -d '{"query":"{ demandProfile { asAt total { display } cells { placementCategory ageBand value { display } } } }"}'`,
  );
  console.log('Press Ctrl+C to stop.');
}

/**
 * Imports the simulated councils' returns through the gateway, as their analysts would: idempotent (re-imports change
 * nothing). Returns the latest month-end every council's snapshot covers.
 */
async function seed(url: string): Promise<{ asAt: string }> {
  const region = simulateRegion({
    seed: DEMO_SEED,
    councils: COUNCILS.length,
    years: Number(process.env['RCC_DEMO_YEARS'] ?? 5),
  });
  console.log(
    `  Simulated region (seed ${DEMO_SEED}, synthetic children from DfE rates): ${region.councils.length} councils, returns ${region.collectionYears[0]}-${region.collectionYears.at(-1)}`,
  );
  // One council at a time: in one process, parallel imports only compete for the CPU (and hit the gateway deadline).
  const imported = await importRegion(url, region, (line) => console.log(line));
  return { asAt: imported.map((r) => r.snapshotAsAt).sort()[0]! };
}

/**
 * The hub publishes the demand profile as at that date once every council's snapshot has reached analytics (the
 * events are asynchronous), so providers and the public see figures: they only ever see published versions (ADR 28).
 * Publishing again with the same figures makes no new version.
 */
async function publishProfile(url: string, hubToken: string, asAt: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  for (;;) {
    const result = await graphqlRequest<{
      publishDemandProfile: { version: number; councils: string[]; notContributing: string[] };
    }>(url, `mutation($d: String!) { publishDemandProfile(asAt: $d) { version councils notContributing } }`, {
      token: hubToken,
      variables: { d: asAt },
    });
    const published = result.data?.publishDemandProfile;
    if (published && published.notContributing.length === 0) {
      console.log(`  Analytics: the demand profile as at ${asAt} published as version ${published.version}`);
      return;
    }
    last = published
      ? `version ${published.version} still lacks ${published.notContributing.join(', ')}`
      : JSON.stringify(result.errors);
    if (Date.now() > deadline) {
      console.log(
        `  Analytics: the demand profile as at ${asAt} is not fully published (${last}); publish it as the hub`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
