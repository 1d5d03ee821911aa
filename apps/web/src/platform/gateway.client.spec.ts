import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayClient, GatewayTimeout } from './gateway.client.js';
import type { WebConfig } from './web.config.js';

describe('GatewayClient', () => {
  let server: Server;
  let url: string;
  const open = new Set<{ destroy(): void }>();

  beforeAll(async () => {
    // A gateway that never answers.
    server = createServer((req) => open.add(req.socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after the time the page allows, with an error the page can explain', async () => {
    const client = new GatewayClient({ RCC_GATEWAY_URL: url } as WebConfig);
    const error = await client.request(undefined, '{ forecasts { key } }', {}, '/', 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayTimeout);
    expect((error as GatewayTimeout).message).toBe('the gateway did not answer within 0.2 seconds');
  });
});
