import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { BaseConfig } from '@rcc/platform';

const URL_LIST = /^[A-Za-z0-9_-]+=https?:\/\/[^,\s]+(,[A-Za-z0-9_-]+=https?:\/\/[^,\s]+)*$/;

export class GatewayConfig extends BaseConfig {
  override PORT = 4000;

  /** The shared subgraphs: name=url pairs (registry, commissioning, analytics). */
  @Matches(URL_LIST, { message: 'RCC_SUBGRAPHS must be name=url[,name=url...]' })
  RCC_SUBGRAPHS =
    'registry=http://127.0.0.1:4201/graphql,commissioning=http://127.0.0.1:4301/graphql,analytics=http://127.0.0.1:4401/graphql';

  /** One council subgraph instance per member council: ONScode=url pairs. */
  @Matches(URL_LIST, { message: 'RCC_COUNCILS must be E10000028=url[,code=url...]' })
  RCC_COUNCILS = 'E10000028=http://127.0.0.1:4101/graphql,E06000021=http://127.0.0.1:4102/graphql';

  /** The composed supergraph; default: apps/gateway/supergraph.graphql in the repository. */
  @IsOptional()
  @IsString()
  RCC_SUPERGRAPH?: string;

  /** Most operations in one HTTP request; 1 (the default) turns batching off. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  RCC_MAX_BATCH = 1;

  /** Largest query document in characters (variables are not counted: SSDA903 uploads travel as variables). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(1_000_000)
  RCC_MAX_QUERY_CHARS = 20_000;

  /** Largest request body in bytes; council imports pass through the gateway, so the default matches the council. */
  @Type(() => Number)
  @IsInt()
  @Min(10_000)
  @Max(512 * 1024 * 1024)
  RCC_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

  /** Verified tokens remembered until their expiry (at most a minute); 0 verifies every request (docs/adr/0028). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RCC_TOKEN_CACHE_SIZE = 10_000;

  /**
   * The HTTP client to the subgraphs: `keep-alive` (node:http keep-alive pool, the default) or `apollo` (Apollo's own
   * make-fetch-happen client, kept so the benchmark can compare both in one run; docs/adr/0028). The Apollo engine
   * only: the Hive engine always uses the keep-alive client.
   */
  @IsIn(['keep-alive', 'apollo'])
  RCC_SUBGRAPH_CLIENT: 'keep-alive' | 'apollo' = 'keep-alive';

  /**
   * The federation engine: `hive` (Hive Gateway's runtime, MIT) or `apollo` (Apollo Gateway, Elastic License 2.0).
   * Both serve the same supergraph with the same limits, verification, routing and subgraph client (docs/adr/0048).
   */
  @IsIn(['hive', 'apollo'])
  RCC_GATEWAY_ENGINE: 'hive' | 'apollo' = 'apollo';

  /** How long one subgraph call may take before the gateway gives up on it (the keep-alive client only). */
  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  RCC_SUBGRAPH_TIMEOUT_MS = 120_000;
}

export function parseUrlList(value: string): Map<string, string> {
  return new Map(value.split(',').map((pair) => pair.split('=', 2) as [string, string]));
}
