import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Principal } from '@rcc/auth';

/** Every read of child-level data is recorded: who, what, when. The table refuses updates and deletes. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async childLevelRead(principal: Principal, operation: string, detail: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`INSERT INTO audit_log (subject, roles, operation, detail) VALUES ($1, $2, $3, $4)`, [
      principal.subject,
      principal.roles,
      operation,
      JSON.stringify(detail),
    ]);
  }
}
