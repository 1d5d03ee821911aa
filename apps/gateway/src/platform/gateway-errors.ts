import type { GraphQLFormattedError } from 'graphql';
import { formatGraphqlError } from '@rcc/platform';

/**
 * The gateway's error formatter. An error that came back from a subgraph (Apollo Gateway marks it with `serviceName`)
 * was already made caller-safe by that subgraph's own formatter, so its message, code and details pass through (e.g.
 * IMPORT_REJECTED with every row error); unknown subgraph errors are already "Internal error (ref ...)". Everything
 * else is formatted as in every service.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const code = extensions['code'];
  if (typeof extensions['serviceName'] === 'string' && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    const passed: Record<string, unknown> = { code };
    for (const key of ['details', 'problems', 'ref'] as const) if (key in extensions) passed[key] = extensions[key];
    return { message: formatted.message, path: formatted.path, extensions: passed };
  }
  return formatGraphqlError(formatted, error);
}
