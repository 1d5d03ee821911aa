import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * A sweep that runs every `intervalMs` while the service is up. A pass never overlaps the previous one (a slow pass
 * delays the next instead of stacking), a failed pass is logged and the next one tries again, and shutdown waits for
 * the pass in flight.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  protected constructor(
    private readonly name: string,
    private readonly intervalMs: number,
  ) {
    this.logger = new Logger(name);
  }

  /** One pass of the sweep. */
  protected abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run()
        .catch((e: Error) => this.logger.warn(`${this.name} failed: ${e.message}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
