export interface RequestLimits {
  /** Largest GraphQL document (the query text, not its variables), in characters. */
  maxQueryChars: number;
  /** Most operations in one HTTP request (a JSON array); 1 means batching is off. */
  maxBatch: number;
}

interface LimitedRequest {
  method?: string;
  body?: unknown;
  query?: unknown;
}
interface LimitedResponse {
  status(code: number): LimitedResponse;
  json(body: unknown): void;
}

/**
 * HTTP-level limits checked before GraphQL parses anything: the batch size and the size of each query document.
 * (The body size itself is capped by the JSON body parser: RCC_MAX_REQUEST_BYTES.)
 */
export function requestLimitsMiddleware(limits: RequestLimits) {
  const refuse = (res: LimitedResponse, message: string) =>
    res.status(400).json({ errors: [{ message, extensions: { code: 'REQUEST_TOO_LARGE' } }] });
  return (req: LimitedRequest, res: LimitedResponse, next: () => void): void => {
    const body = req.method === 'GET' ? req.query : req.body;
    const operations = Array.isArray(body) ? (body as unknown[]) : [body];
    if (Array.isArray(body) && limits.maxBatch <= 1) {
      return refuse(res, 'batched requests are not accepted: send one operation per request');
    }
    if (operations.length > limits.maxBatch) {
      return refuse(res, `a batch of ${operations.length} operations exceeds the limit of ${limits.maxBatch}`);
    }
    for (const op of operations) {
      const query = (op as { query?: unknown } | null)?.query;
      if (typeof query === 'string' && query.length > limits.maxQueryChars) {
        return refuse(res, `a query of ${query.length} characters exceeds the limit of ${limits.maxQueryChars}`);
      }
    }
    next();
  };
}
