export interface GraphqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

import { currentContext, traceHeaders } from '@rcc/messaging';

/**
 * A minimal GraphQL-over-HTTP call (CLI, demo seeding, the web app, service to service, end-to-end tests). Made while
 * serving a request, it passes that request's id on in x-request-id (ADR 0045), so the callee's lines share it.
 */
export async function graphqlRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; timeoutMs?: number } = {},
): Promise<GraphqlResult<T>> {
  const { requestId } = currentContext();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(requestId ? { 'x-request-id': requestId } : {}),
      // The active trace context (ADR 0056); nothing when tracing is off.
      ...traceHeaders(),
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
  });
  const body = (await res.json()) as Omit<GraphqlResult<T>, 'status'>;
  return { status: res.status, ...body };
}
