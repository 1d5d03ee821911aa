import { baseEnv, freePort, spawnService, type SpawnedService } from '@rcc/testing';

/**
 * A gateway every route of which (each subgraph, and the councils E10000028 and E06000021) points at the one service
 * at `graphqlUrl`: enough to see the gateway's own behaviour follow that service's. `env` adds gateway settings.
 */
export async function oneServiceGateway(graphqlUrl: string, env: Record<string, string> = {}): Promise<SpawnedService> {
  return spawnService('gateway', {
    ...baseEnv(),
    ...env,
    PORT: String(await freePort()),
    RCC_SUBGRAPHS: `registry=${graphqlUrl},commissioning=${graphqlUrl},analytics=${graphqlUrl}`,
    RCC_COUNCILS: `E10000028=${graphqlUrl},E06000021=${graphqlUrl}`,
  });
}
