import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { describeDatabaseError, redactQuoted, redactSql } from './redact.js';

/**
 * TypeORM's logger for every service: failed statements and warnings only, through Nest's logger, never with their
 * parameters or the values a PostgreSQL error quotes (redact.ts). TypeORM's own 'error' logging prints every
 * parameter of a failed statement: a child's id, date of birth, ethnicity and UPN (issue 15).
 */
export function sqlLoggerFor(name: string): TypeOrmLogger {
  const logger = new Logger(`${name}:sql`);
  return {
    logQuery: () => undefined,
    logQuerySlow: (time, query) => logger.warn(`slow statement (${time} ms): ${redactSql(query)}`),
    logQueryError: (error, query) =>
      logger.error(
        `statement failed: ${typeof error === 'string' ? describeDatabaseError({ message: error }) : describeDatabaseError(error)}; statement: ${redactSql(query)}`,
      ),
    logSchemaBuild: () => undefined,
    logMigration: (message) => logger.log(message),
    log: (level, message) => {
      if (level === 'warn') logger.warn(typeof message === 'string' ? redactQuoted(message) : 'warning');
    },
  };
}
