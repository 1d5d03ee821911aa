import { Controller, Get, HttpException, HttpStatus, Inject, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '@rcc/auth';
import { InboxConsumer } from '@rcc/messaging';
import type { ServiceConfig } from './config.js';
import { MessagingLifecycle } from './messaging-lifecycle.js';
import { SERVICE_CONFIG, SERVICE_INFO, type ServiceInfo } from './tokens.js';

/**
 * Health (docs/adr/0039):
 * - `/health/live`: the process answers (liveness: restart it when this fails);
 * - `/health/ready`: it can do its work (readiness: send it traffic only when this passes): the database answers, the
 *   Kafka consumer is a member of its group, and the outbox is draining (its oldest unpublished row is younger than
 *   RCC_READY_OUTBOX_MAX_AGE_SECONDS), and no topic it needs is missing (one it may not create, ADR 0045);
 * - `/health`: the database only, as before (compose and the test harness wait on it).
 * The answers name checks and states only: no configuration values, no row contents.
 */
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly messaging: MessagingLifecycle,
    @Optional() private readonly consumer?: InboxConsumer,
  ) {}

  @Public()
  @Get('health')
  async legacy(): Promise<Record<string, unknown>> {
    let database = 'up';
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = 'down';
    }
    const body = {
      status: database === 'up' ? 'ok' : 'error',
      service: this.info.name,
      tenant: this.info.tenant ?? null,
      database,
    };
    if (database !== 'up') throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }

  @Public()
  @Get('health/live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicators.check('process').up({ service: this.info.name })]);
  }

  @Public()
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database(),
      () => this.outbox(),
      () => this.topics(),
      () => this.membership(),
    ]);
  }

  /** Topics the service needs and may not create (production, ADR 0045): named, so the operator knows what to run. */
  private topics() {
    const check = this.indicators.check('topics');
    const missing = this.messaging.missingTopics;
    return missing.length === 0
      ? check.up()
      : check.down({ message: 'Kafka topics missing: run `rcc kafka-topics`', missing });
  }

  private async database() {
    const check = this.indicators.check('database');
    try {
      await this.dataSource.query('SELECT 1');
      return check.up();
    } catch {
      return check.down({ message: 'the database does not answer' });
    }
  }

  private async outbox() {
    const check = this.indicators.check('outbox');
    const limit = this.config.RCC_READY_OUTBOX_MAX_AGE_SECONDS;
    try {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS backlog,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS "oldestAgeSeconds"
           FROM outbox WHERE published_at IS NULL`,
      )) as { backlog: number; oldestAgeSeconds: number }[];
      const data = { backlog: row!.backlog, oldestAgeSeconds: Math.round(row!.oldestAgeSeconds), limitSeconds: limit };
      return row!.oldestAgeSeconds > limit
        ? check.down({ ...data, message: 'the outbox is not draining' })
        : check.up(data);
    } catch {
      return check.down({ message: 'the outbox cannot be read' });
    }
  }

  private membership() {
    const check = this.indicators.check('consumer');
    if (!this.consumer) return check.up({ membership: 'none (this service consumes no events)' });
    const membership = this.consumer.membership();
    return membership === 'joined' ? check.up({ membership }) : check.down({ membership });
  }
}
