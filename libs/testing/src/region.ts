import { randomUUID } from 'node:crypto';
import type { Principal } from '@rcc/auth';
import { graphqlRequest, type GraphqlResult } from '@rcc/platform';
import { createTestDatabase, freePort, type TestDatabase } from './infra.js';
import { testToken } from './issuer.js';
import { baseEnv, spawnService, type SpawnedService } from './services.js';

export const SHARED_APPS = ['registry', 'commissioning', 'analytics'] as const;
export type SharedApp = (typeof SHARED_APPS)[number];

export interface RegionCouncil {
  code: string;
  name: string;
  /** RCC_SHARING for this instance; default: everything (need-snapshot, referrals, placements). */
  sharing?: string;
}

export interface RegionOptions {
  councils: readonly RegionCouncil[];
  /** Extra environment per shared service (e.g. the registry's referral window), merged over the defaults. */
  env?: Partial<Record<SharedApp | 'council' | 'gateway', Record<string, string>>>;
  /** Disclosure threshold for analytics (RCC_DISCLOSURE_MIN_COUNT). Default 6. */
  minCount?: number;
}

/**
 * A whole test region as separate processes on real PostgreSQL and Kafka: one council instance per council (each
 * with its own database), registry, commissioning, analytics and the gateway, under a topic prefix of its own so
 * test runs never see each other's events. Stop it in afterAll.
 */
export interface TestRegion {
  prefix: string;
  gatewayUrl: string;
  /** Database URL per council code and per shared app. */
  databases: Record<string, TestDatabase>;
  /** GraphQL URL per council code and per shared app (straight to the subgraph, bypassing the gateway). */
  subgraphUrls: Record<string, string>;
  services: SpawnedService[];
  token(principal: Principal): Promise<string>;
  /** A GraphQL call through the gateway. */
  gql<T>(query: string, token?: string, variables?: Record<string, unknown>): Promise<GraphqlResult<T>>;
  /** Every service's output, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

export async function startRegion(options: RegionOptions): Promise<TestRegion> {
  const prefix = `t${randomUUID().slice(0, 8)}.`;
  const databases: Record<string, TestDatabase> = {};
  const ports: Record<string, number> = {};
  const keys = [...options.councils.map((c) => c.code), ...SHARED_APPS];
  for (const key of keys) {
    databases[key] = await createTestDatabase(`r_${key}`);
    ports[key] = await freePort();
  }
  const env = { ...baseEnv(), KAFKA_TOPIC_PREFIX: prefix };
  const councilList = options.councils.map((c) => c.code).join(',');
  const services: SpawnedService[] = [];
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all(Object.values(databases).map((d) => d.drop()));
  };
  try {
    const started = await Promise.allSettled([
      ...options.councils.map((council) =>
        spawnService(
          'council',
          {
            ...env,
            PORT: String(ports[council.code]),
            DATABASE_URL: databases[council.code]!.url,
            COUNCIL_CODE: council.code,
            COUNCIL_NAME: council.name,
            RCC_SHARING: council.sharing ?? 'need-snapshot,referrals,placements',
            // Block placements are accepted or refused by commissioning before the council records them (ADR 40).
            RCC_COMMISSIONING_URL: `http://127.0.0.1:${ports['commissioning']}/graphql`,
            ...options.env?.council,
          },
          `council-${council.code}`,
        ),
      ),
      ...SHARED_APPS.map((app) =>
        spawnService(app, {
          ...env,
          PORT: String(ports[app]),
          DATABASE_URL: databases[app]!.url,
          RCC_DISCLOSURE_MIN_COUNT: String(options.minCount ?? 6),
          RCC_REGION_COUNCILS: councilList,
          // Commissioning checks a bid's settings with the registry (the bidder's own token).
          ...(app === 'commissioning' ? { RCC_REGISTRY_URL: `http://127.0.0.1:${ports['registry']}/graphql` } : {}),
          ...options.env?.[app],
        }),
      ),
    ]);
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;

    const gateway = await spawnService('gateway', {
      ...env,
      PORT: String(await freePort()),
      RCC_SUBGRAPHS: SHARED_APPS.map((s) => `${s}=http://127.0.0.1:${ports[s]}/graphql`).join(','),
      RCC_COUNCILS: options.councils.map((c) => `${c.code}=http://127.0.0.1:${ports[c.code]}/graphql`).join(','),
      ...options.env?.gateway,
    });
    services.push(gateway);
    const subgraphUrls = Object.fromEntries(keys.map((k) => [k, `http://127.0.0.1:${ports[k]}/graphql`]));
    return {
      prefix,
      gatewayUrl: gateway.graphqlUrl,
      databases,
      subgraphUrls,
      services,
      token: (principal) => testToken(principal),
      gql: (query, token, variables) => graphqlRequest(gateway.graphqlUrl, query, { token, variables }),
      logs: () => services.map((s) => `--- ${s.name} ---\n${s.logs()}`).join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
