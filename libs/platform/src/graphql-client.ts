export interface GraphqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A minimal GraphQL-over-HTTP call (CLI, demo seeding, end-to-end tests). */
export async function graphqlRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; timeoutMs?: number } = {},
): Promise<GraphqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
  });
  const body = (await res.json()) as Omit<GraphqlResult<T>, 'status'>;
  return { status: res.status, ...body };
}
