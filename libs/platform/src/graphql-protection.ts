import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { Principal } from '@rcc/auth';
import type { BaseConfig } from './config.js';
import { executionGuardPlugin, type ExecutionGuardOptions } from './execution-guard.js';
import { queryLimitsRule } from './graphql-limits.js';
import { RateLimiter, rateLimitedError } from './rate-limit.js';

export interface GraphqlProtection {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
}

/**
 * What every GraphQL server in the region applies (the gateway and each subgraph; ADR 32): a token cap on parsing,
 * depth/alias/cost limits in one linear walk and, where resolvers run (`execution`), the guard that starts no resolver
 * after the first error, the deadline or the resolver budget.
 */
export function graphqlProtection(
  config: BaseConfig,
  options: { execution: boolean; onFinished?: ExecutionGuardOptions['onFinished'] },
): GraphqlProtection {
  return {
    parseOptions: { maxTokens: config.RCC_MAX_QUERY_TOKENS },
    validationRules: [
      queryLimitsRule({
        maxDepth: config.RCC_MAX_QUERY_DEPTH,
        maxAliases: config.RCC_MAX_ALIASES,
        maxCost: config.RCC_MAX_QUERY_COST,
      }),
    ],
    plugins: options.execution
      ? [
          executionGuardPlugin({
            deadlineMs: config.RCC_GRAPHQL_DEADLINE_MS,
            maxResolverCalls: config.RCC_MAX_RESOLVER_CALLS,
            onFinished: options.onFinished,
          }),
        ]
      : [],
  };
}

/** One bucket per verified caller; anonymous callers are limited by address instead (addressRateLimitMiddleware). */
export class PrincipalRateLimit {
  private readonly limiter: RateLimiter;

  constructor(config: BaseConfig) {
    this.limiter = new RateLimiter({ perMinute: config.RCC_RATE_LIMIT_PER_PRINCIPAL });
  }

  /** Throws the 429 GraphQL error when the caller is over its limit. */
  check(principal: Principal): void {
    if (principal.subject === 'anonymous' || principal.roles.includes('public')) return;
    const key = `${principal.subject}\u0000${principal.council ?? ''}\u0000${principal.provider ?? ''}`;
    const retryAfter = this.limiter.take(key);
    if (retryAfter > 0) throw rateLimitedError(retryAfter);
  }
}
