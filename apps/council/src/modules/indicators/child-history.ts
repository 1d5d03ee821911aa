import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError } from '@rcc/platform';
import { pastTheData, type EpisodeRow, type HeaderRow } from '@rcc/ssda903';
import { AuditService } from '../audit/audit.service.js';
import { forEachChild, yearsHeld } from './child-stream.js';

/** The collection years the held returns cover (2022 is the 2021-22 return). */
export interface YearsHeld {
  first: number;
  last: number;
}

/** A count over every child: it is given each child with its stitched episodes, then asked for its result. */
export interface ChildCounter<R> {
  addChild(header: HeaderRow, episodes: EpisodeRow[]): void;
  result(): R;
}

/** A child-level read: its name in the audit log, the date it counts at, and what it reads at that date. */
export interface ChildLevelRead<T> {
  operation: string;
  /** The date counted at, from the years held (a caller's date, or a default from the latest return). */
  dateOf: (held: YearsHeld) => string;
  read: (em: EntityManager, date: string, held: YearsHeld) => Promise<T>;
  /** What the audit log records of the read, from its date and what it read. */
  detail: (date: string, value: T) => Record<string, unknown>;
}

/**
 * The council's child-level history as its figures read it: one read-only snapshot (REPEATABLE READ), refused when
 * no return is held or when the date is past the latest return held, and every read audited.
 */
@Injectable()
export class ChildHistory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async read<T>(principal: Principal, what: ChildLevelRead<T>): Promise<{ date: string; value: T }> {
    const read = await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      const held = await yearsHeld(em);
      if (held === null) throw new NotFoundError('no SSDA903 data has been imported yet');
      const date = what.dateOf(held);
      const past = pastTheData(date, held.last);
      if (past) throw new InvalidInputError(past);
      return { date, value: await what.read(em, date, held) };
    });
    await this.audit.childLevelRead(principal, what.operation, what.detail(read.date, read.value));
    return read;
  }
}

/** Streams every child through `counter` (through a cursor, child by child) and returns its result. */
export async function countChildren<R>(em: EntityManager, counter: ChildCounter<R>): Promise<R> {
  await forEachChild(em, (header, episodes) => counter.addChild(header, episodes));
  return counter.result();
}
