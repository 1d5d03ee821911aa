import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@rcc/auth';

export const SUBGRAPH_HEALTH_URLS = Symbol('SUBGRAPH_HEALTH_URLS');

@Controller()
export class GatewayHealthController {
  constructor(@Inject(SUBGRAPH_HEALTH_URLS) private readonly urls: Map<string, string>) {}

  /** The gateway is up; each subgraph's own /health is reported beside it. */
  @Public()
  @Get('health')
  async health(): Promise<Record<string, unknown>> {
    const subgraphs: Record<string, string> = {};
    await Promise.all(
      [...this.urls].map(async ([name, url]) => {
        try {
          const res = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
          subgraphs[name] = res.ok ? 'up' : `down (${res.status})`;
        } catch {
          subgraphs[name] = 'unreachable';
        }
      }),
    );
    return { status: 'ok', service: 'gateway', subgraphs };
  }
}
