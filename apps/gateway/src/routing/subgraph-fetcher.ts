import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Network errors that, on a reused keep-alive socket and before any response, mean the server had closed it. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

export interface SubgraphFetcher extends Fetcher {
  /** Closes the idle connections (at shutdown). */
  destroy(): void;
}

export interface SubgraphFetcherOptions {
  /** Most connections to one subgraph instance (default 256). */
  maxSockets?: number;
  /**
   * How long one subgraph call may take, from sending to the last byte of the answer (default 120 s). A subgraph that
   * has not answered by then is given up on and the caller gets an error naming the subgraph, instead of a request
   * held open for as long as the subgraph hangs. Never retried.
   */
  timeoutMs?: number;
  /** Told of every call when it ends (metrics per subgraph, libs/platform `SubgraphMetrics`; ADR 0045). */
  observe?: (call: { url: string; seconds: number; outcome: 'ok' | 'http-error' | 'network-error' }) => void;
}

/**
 * The gateway's HTTP client to its subgraphs: plain node:http on keep-alive agents (one pool per gateway, connections
 * reused across requests), in place of Apollo's default make-fetch-happen, whose cache and retry layers cost more CPU
 * than the subgraph call itself (measured, docs/adr/0028).
 *
 * A keep-alive connection can be closed by the subgraph (its idle timeout) just as the gateway reuses it; the agent
 * drops idle sockets a second before the server's advertised `Keep-Alive: timeout`, and if the race is lost anyway
 * (ECONNRESET/EPIPE on a reused socket, before any response byte) a query is sent once more on a new connection. A
 * mutation never is: it may have reached the subgraph, so its error goes back to the caller.
 */
export function subgraphFetcher(options: SubgraphFetcherOptions = {}): SubgraphFetcher {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, scheduling: 'lifo' as const };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const http = new Agent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  const once = (url: URL, init: FetcherRequestInit, fresh: boolean) =>
    new Promise<{ response: IncomingMessage; body: Buffer }>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: init.method ?? 'GET',
        headers: init.headers,
        // A retry opens its own connection (the pool's idle sockets may all be stale).
        agent: fresh ? false : secure ? https : http,
      });
      const timer = setTimeout(() => {
        req.destroy(
          Object.assign(new Error(`subgraph ${url.host} did not answer within ${timeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        );
      }, timeoutMs);
      req.once('close', () => clearTimeout(timer));
      req.once('error', (error: NodeJS.ErrnoException) => {
        const retryable = req.reusedSocket && !fresh && STALE_SOCKET.has(error.code ?? '');
        reject(Object.assign(error, { retryable }));
      });
      req.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          clearTimeout(timer);
          resolve({ response, body: Buffer.concat(chunks) });
        });
        response.once('error', reject);
      });
      req.end(init.body);
    });

  const fetcher = async (target: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const url = new URL(target);
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let result;
    try {
      try {
        result = await once(url, init, false);
      } catch (error) {
        if (!(error as { retryable?: boolean }).retryable || isMutation(init.body)) throw error;
        result = await once(url, init, true);
      }
    } catch (error) {
      options.observe?.({ url: target, seconds: seconds(), outcome: 'network-error' });
      throw error;
    }
    const { response, body } = result;
    const ok = (response.statusCode ?? 502) >= 200 && (response.statusCode ?? 502) < 300;
    options.observe?.({ url: target, seconds: seconds(), outcome: ok ? 'ok' : 'http-error' });
    const headers = new Headers();
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      headers.append(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
    }
    const status = response.statusCode ?? 502;
    // Statuses that may not carry a body (204, 304) get none.
    return new Response(
      status === 204 || status === 304
        ? null
        : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
      {
        status,
        statusText: response.statusMessage ?? '',
        headers,
      },
    );
  };
  return Object.assign(fetcher, {
    destroy: () => {
      http.destroy();
      https.destroy();
    },
  });
}

/** Whether a subgraph request body is a mutation (read only when deciding on a retry). */
function isMutation(body: FetcherRequestInit['body']): boolean {
  try {
    const { query } = JSON.parse(String(body)) as { query?: unknown };
    return typeof query !== 'string' || /^\s*mutation\b/.test(query);
  } catch {
    return true;
  }
}
