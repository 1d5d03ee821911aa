import { Controller, Get, Header, type Type } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Public } from '@rcc/auth';

/** One subgraph call as the gateway's fetcher saw it (apps/gateway/src/routing/subgraph-fetcher.ts). */
export interface SubgraphCall {
  url: string;
  seconds: number;
  /** `ok`: a 2xx answer; `http-error`: any other status; `network-error`: no answer (refused, reset, timed out). */
  outcome: 'ok' | 'http-error' | 'network-error';
}

/**
 * The gateway's per-subgraph metrics on its /metrics (docs/adr/0039, 0045): latency and failed calls by subgraph
 * name. Names come from the gateway's configuration (a bounded set); a URL it does not know counts as `other`.
 */
export class SubgraphMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'subgraph' | 'outcome'>;
  private readonly errors: Counter<'subgraph' | 'outcome'>;
  private readonly names: Map<string, string>;

  /** `subgraphs`: name -> URL, as the gateway routes (a council instance as `council:<code>`). */
  constructor(subgraphs: Map<string, string>) {
    this.names = new Map([...subgraphs].map(([name, url]) => [url, name]));
    this.registry.setDefaultLabels({ service: 'gateway' });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.duration = new Histogram({
      name: 'rcc_gateway_subgraph_request_duration_seconds',
      help: 'Calls from the gateway to each subgraph, from sending to the last byte of the answer',
      labelNames: ['subgraph', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    });
    this.errors = new Counter({
      name: 'rcc_gateway_subgraph_errors_total',
      help: 'Calls from the gateway to each subgraph that failed (no answer, or a non-2xx status)',
      labelNames: ['subgraph', 'outcome'],
      registers,
    });
    for (const subgraph of this.names.values()) this.errors.inc({ subgraph, outcome: 'network-error' }, 0);
  }

  /** The fetcher's `observe` hook. */
  readonly observe = (call: SubgraphCall): void => {
    const subgraph = this.names.get(call.url) ?? 'other';
    this.duration.observe({ subgraph, outcome: call.outcome }, call.seconds);
    if (call.outcome !== 'ok') this.errors.inc({ subgraph, outcome: call.outcome });
  };

  /** A controller serving this registry on GET /metrics (public, like every service's). */
  controller(): Type<unknown> {
    const registry = this.registry;
    @Controller()
    class GatewayMetricsController {
      @Public()
      @Get('metrics')
      @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      scrape(): Promise<string> {
        return registry.metrics();
      }
    }
    return GatewayMetricsController;
  }
}
