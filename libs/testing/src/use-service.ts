import { randomUUID } from 'node:crypto';
import type { afterAll as AfterAll, beforeAll as BeforeAll } from '@jest/globals';
import { graphqlRequest, type GraphqlResult } from '@rcc/platform';
import { createTestDatabase, freePort, type TestDatabase } from './infra.js';
import { testToken } from './issuer.js';
import { baseEnv, spawnService, type SpawnedService } from './services.js';

/**
 * One service of a test file, with its own fresh database, started before the file's tests and stopped (its
 * database dropped) after them. Read its fields inside tests and hooks: they are set once it has started.
 */
export interface TestService {
  readonly db: TestDatabase;
  readonly service: SpawnedService;
  readonly url: string;
  readonly graphqlUrl: string;
  /** The Kafka topic prefix the service was given (fresh per file, so files never share topics). */
  readonly topicPrefix: string;
  logs(): string;
}

/** A council instance of a test file, with an analyst's token for it. */
export interface TestCouncil extends TestService {
  readonly token: string;
  /** A GraphQL request to the council as its analyst (or with the token given). */
  gql<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult<T>>;
}

export interface UseServiceOptions {
  /** Extra environment (service settings); PORT, DATABASE_URL and KAFKA_TOPIC_PREFIX are set here. */
  env?: Record<string, string>;
  /** The topic prefix; by default `<app initial><8 random hex>.`. */
  topicPrefix?: string;
}

/**
 * Jest's hooks, from the globals Jest injects in a test file: importing `@jest/globals` here would break the callers
 * of this library that run outside Jest (the benchmarks), since it throws when imported elsewhere.
 */
function jestHooks(): { beforeAll: typeof BeforeAll; afterAll: typeof AfterAll } {
  const g = globalThis as { beforeAll?: typeof BeforeAll; afterAll?: typeof AfterAll };
  if (!g.beforeAll || !g.afterAll)
    throw new Error('useService and useCouncil register Jest hooks: call them in a test file');
  return { beforeAll: g.beforeAll, afterAll: g.afterAll };
}

/**
 * Starts `app` on a fresh database named after `database`, now (for a file's whole run, `useService`). The caller
 * stops the service and drops the database.
 */
export async function startService(
  app: string,
  database: string,
  options: UseServiceOptions = {},
): Promise<{ db: TestDatabase; service: SpawnedService }> {
  const db = await createTestDatabase(database);
  const service = await spawnService(app, {
    ...baseEnv(),
    KAFKA_TOPIC_PREFIX: options.topicPrefix ?? `${app.slice(0, 1)}${randomUUID().slice(0, 8)}.`,
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    ...options.env,
  });
  return { db, service };
}

/** Registers the beforeAll/afterAll that start `app` on a fresh database named after `database`. */
export function useService(app: string, database: string, options: UseServiceOptions = {}): TestService {
  const { beforeAll, afterAll } = jestHooks();
  let db: TestDatabase | undefined;
  let service: SpawnedService | undefined;
  const topicPrefix = options.topicPrefix ?? `${app.slice(0, 1)}${randomUUID().slice(0, 8)}.`;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${app} (${database}): ${what} is read before the service started`);
    return value;
  };
  beforeAll(async () => {
    ({ db, service } = await startService(app, database, { ...options, topicPrefix }));
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });
  return {
    get db() {
      return started(db, 'the database');
    },
    get service() {
      return started(service, 'the service');
    },
    get url() {
      return started(service, 'the url').url;
    },
    get graphqlUrl() {
      return started(service, 'the url').graphqlUrl;
    },
    topicPrefix,
    logs: () => started(service, 'the logs').logs(),
  };
}

export interface UseCouncilOptions extends UseServiceOptions {
  code: string;
  name: string;
  /** RCC_SHARING: what the council has agreed to share (`none`, or a comma-separated list). */
  sharing: string;
}

/** A council instance for a test file (see `useService`), and its analyst's token. */
export function useCouncil(database: string, council: UseCouncilOptions): TestCouncil {
  const base = useService('council', database, {
    ...(council.topicPrefix ? { topicPrefix: council.topicPrefix } : {}),
    env: { COUNCIL_CODE: council.code, COUNCIL_NAME: council.name, RCC_SHARING: council.sharing, ...council.env },
  });
  let token: string | undefined;
  jestHooks().beforeAll(async () => {
    token = await testToken({ subject: 'analyst', roles: ['council.analyst'], council: council.code });
  });
  const analyst = () => {
    if (token === undefined) throw new Error(`council ${council.code}: the token is read before the council started`);
    return token;
  };
  return Object.defineProperties(Object.create(base) as TestCouncil, {
    token: { get: analyst },
    gql: {
      value: <T>(query: string, variables: Record<string, unknown> = {}, as?: string) =>
        graphqlRequest<T>(base.graphqlUrl, query, { token: as ?? analyst(), variables }),
    },
  });
}
