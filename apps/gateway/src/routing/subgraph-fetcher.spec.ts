import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subgraphFetcher } from './subgraph-fetcher.js';

/**
 * A subgraph stand-in on a real socket. It answers with the connection's number and how many requests that connection
 * has carried; with `dropReused` set, it closes a reused connection without answering, as a subgraph whose keep-alive
 * timeout fired does when the gateway reuses the socket at that moment.
 */
describe('subgraphFetcher', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  let received = 0;
  let dropReused = false;
  const hung: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { n?: number; served?: number };
      socket.n ??= ++connections;
      socket.served = (socket.served ?? 0) + 1;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received += 1;
        if (body.includes('hang')) {
          hung.push(res); // never answered
          return;
        }
        if (dropReused && socket.served! > 1) {
          socket.destroy();
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-test', 'yes');
        res.end(JSON.stringify({ data: { connection: socket.n, served: socket.served, echo: JSON.parse(body) } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  type Fetcher = ReturnType<typeof subgraphFetcher>;
  const post = (fetcher: Fetcher, query: string) =>
    fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ query }),
    });

  it('sends the request as given and keeps the connection for the next one', async () => {
    dropReused = false;
    const fetcher = subgraphFetcher();
    try {
      const first = await post(fetcher, '{ a }');
      expect(first.ok).toBe(true);
      expect(first.headers.get('x-test')).toBe('yes');
      const one = (await first.json()) as { data: { connection: number; served: number; echo: unknown } };
      expect(one.data.echo).toEqual({ query: '{ a }' });
      const two = (await (await post(fetcher, '{ b }')).json()) as { data: { connection: number; served: number } };
      expect(two.data.connection).toBe(one.data.connection);
      expect(two.data.served).toBe(one.data.served + 1);
    } finally {
      fetcher.destroy();
    }
  });

  /** A fetcher that has carried one query, on a connection the subgraph then drops when it is reused. */
  const afterReusedDropped = async (check: (fetcher: Fetcher, before: number) => Promise<void>) => {
    dropReused = false;
    const fetcher = subgraphFetcher();
    try {
      await post(fetcher, '{ a }');
      dropReused = true;
      await check(fetcher, received);
    } finally {
      fetcher.destroy();
    }
  };

  it('sends a query once more on a new connection when the reused one was closed under it', () =>
    afterReusedDropped(async (fetcher, before) => {
      const res = (await (await post(fetcher, 'query Q { b }')).json()) as { data: { served: number } };
      expect(res.data.served).toBe(1); // a fresh connection
      expect(received - before).toBe(2); // the dropped attempt and the retry
    }));

  it('never sends a mutation twice: the error goes back to the caller', () =>
    afterReusedDropped(async (fetcher, before) => {
      await expect(post(fetcher, 'mutation M { m }')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(received - before).toBe(1);
    }));

  it('reports a subgraph that is down as the network error it is', async () => {
    const fetcher = subgraphFetcher();
    try {
      await expect(fetcher('http://127.0.0.1:1/graphql', { method: 'POST', body: '{}' })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      fetcher.destroy();
    }
  });
  it("gives up on a subgraph that does not answer in time (well within the test's own 5 s), naming it; the next call is answered", async () => {
    dropReused = false;
    const fetcher = subgraphFetcher({ timeoutMs: 300 });
    try {
      await expect(post(fetcher, '{ hang }')).rejects.toThrow(/did not answer within 300 ms/);
      // The next call is answered as usual.
      expect((await post(fetcher, '{ b }')).ok).toBe(true);
    } finally {
      fetcher.destroy();
    }
  });
});
