import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '@rcc/auth';
import { SERVICE_INFO, type ServiceInfo } from './tokens.js';

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
  ) {}

  @Public()
  @Get('health')
  async health(): Promise<Record<string, unknown>> {
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
}
