import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { Public } from '@rcc/auth';

export const SUBGRAPH_HEALTH_URLS = Symbol('SUBGRAPH_HEALTH_URLS');

/**
 * `/health` and `/health/live`: the gateway is up (each subgraph's state reported beside it on `/health`);
 * `/health/ready`: 503 while any subgraph or council instance does not answer its own readiness (docs/adr/0039).
 */
@Controller()
export class GatewayHealthController {
  constructor(@Inject(SUBGRAPH_HEALTH_URLS) private readonly urls: Map<string, string>) {}

  private async subgraphs(path: string): Promise<Record<string, string>> {
    const subgraphs: Record<string, string> = {};
    await Promise.all(
      [...this.urls].map(async ([name, url]) => {
        try {
          const res = await fetch(url.replace(/\/graphql$/, path), { signal: AbortSignal.timeout(2000) });
          subgraphs[name] = res.ok ? 'up' : `down (${res.status})`;
        } catch {
          subgraphs[name] = 'unreachable';
        }
      }),
    );
    return subgraphs;
  }

  @Public()
  @Get('health')
  async health(): Promise<Record<string, unknown>> {
    return { status: 'ok', service: 'gateway', subgraphs: await this.subgraphs('/health') };
  }

  @Public()
  @Get('health/live')
  live(): Record<string, unknown> {
    return { status: 'ok', service: 'gateway' };
  }

  @Public()
  @Get('health/ready')
  async ready(): Promise<Record<string, unknown>> {
    const subgraphs = await this.subgraphs('/health/ready');
    const down = Object.entries(subgraphs).filter(([, state]) => state !== 'up');
    const body = { status: down.length === 0 ? 'ok' : 'error', service: 'gateway', subgraphs };
    if (down.length > 0) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
