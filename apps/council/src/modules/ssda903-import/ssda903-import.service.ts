import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NeedSnapshotV1Event } from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import { defaultAsAt, needSnapshot, parseReturn, type EpisodeRow, type HeaderRow } from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { ChildEntity } from './child.entity.js';
import type { ImportResult } from './dtos/import-result.model.js';
import { EpisodeEntity } from './episode.entity.js';
import { ImportBatchEntity } from './import-batch.entity.js';
import { ImportRejectedError } from './ssda903-import.exception.js';

const CHUNK = 1000;

function fromHeaderRow(h: HeaderRow, batchId: string): ChildEntity {
  const { child, mcDob, ...rest } = h;
  return { ...rest, childId: child, mcDob, batchId } as ChildEntity;
}

function toHeaderRow(c: ChildEntity): HeaderRow {
  const { childId, batchId: _batch, ...rest } = c;
  return { ...rest, child: childId } as HeaderRow;
}

function fromEpisodeRow(e: EpisodeRow, batchId: string): EpisodeEntity {
  const { child, ...rest } = e;
  return { ...rest, childId: child, batchId } as EpisodeEntity;
}

function toEpisodeRow(e: EpisodeEntity): EpisodeRow {
  const { childId, batchId: _batch, ...rest } = e;
  return { ...rest, child: childId } as EpisodeRow;
}

function contentHash(files: { name: string; content: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.content.localeCompare(b.content))) hash.update(f.content).update('\0');
  return hash.digest('hex');
}

/**
 * Imports an SSDA903 return: validates everything first (a file with errors is rejected whole), then in ONE
 * transaction stores the child-level rows, recomputes the council's need snapshot and puts it in the outbox.
 */
@Injectable()
export class Ssda903ImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly relay: OutboxRelay,
  ) {}

  async import(files: { name: string; content: string }[], importedBy: string, asAt?: string): Promise<ImportResult> {
    const sha = contentHash(files);
    const previous = await this.dataSource.getRepository(ImportBatchEntity).findOneBy({ contentSha256: sha });
    if (previous) return this.result(previous, true);

    const parsed = await parseReturn(files);
    if (parsed.errors.length > 0) throw new ImportRejectedError(parsed.errors);

    const batch = await this.dataSource.transaction(async (em) => {
      const batchId = randomUUID();
      await this.store(em, batchId, parsed.header, parsed.episodes);
      const allChildren = (await em.getRepository(ChildEntity).find()).map(toHeaderRow);
      const allEpisodes = (await em.getRepository(EpisodeEntity).find()).map(toEpisodeRow);
      const snapshot = needSnapshot(allChildren, allEpisodes, asAt ?? defaultAsAt(allEpisodes));
      const row = em.getRepository(ImportBatchEntity).create({
        id: batchId,
        contentSha256: sha,
        files: parsed.tables.map((t) => ({ name: t.file, table: t.table, rows: t.rows })),
        collectionYear: parsed.collectionYear,
        children: parsed.header.length,
        episodes: parsed.episodes.length,
        snapshotAsAt: snapshot.asAt,
        snapshotTotal: snapshot.total,
        importedBy,
      });
      await em.getRepository(ImportBatchEntity).insert(row);
      await enqueueEvent(em, NeedSnapshotV1Event, {
        producer: `council:${this.config.COUNCIL_CODE}`,
        tenant: this.config.COUNCIL_CODE,
        key: this.config.COUNCIL_CODE,
        payload: {
          councilCode: this.config.COUNCIL_CODE,
          asAt: snapshot.asAt,
          total: snapshot.total,
          cells: snapshot.cells,
        },
      });
      return row;
    });
    this.relay.nudge();
    return this.result(batch, false);
  }

  /** Upserts header and episode rows (a later return's row for the same child/episode supersedes the earlier). */
  private async store(em: EntityManager, batchId: string, header: HeaderRow[], episodes: EpisodeRow[]): Promise<void> {
    // The batch row is written last (it records the snapshot); its foreign keys are checked at commit.
    for (let i = 0; i < header.length; i += CHUNK) {
      await em
        .createQueryBuilder()
        .insert()
        .into(ChildEntity)
        .values(header.slice(i, i + CHUNK).map((h) => fromHeaderRow(h, batchId)))
        .orUpdate(['sex', 'dob', 'ethnic', 'upn', 'mother', 'mc_dob', 'batch_id'], ['child_id'])
        .execute();
    }
    for (let i = 0; i < episodes.length; i += CHUNK) {
      await em
        .createQueryBuilder()
        .insert()
        .into(EpisodeEntity)
        .values(episodes.slice(i, i + CHUNK).map((e) => fromEpisodeRow(e, batchId)))
        .orUpdate(
          [
            'rne',
            'ls',
            'cin',
            'place',
            'place_provider',
            'dec',
            'rec',
            'reason_place_change',
            'home_post',
            'pl_post',
            'urn',
            'batch_id',
          ],
          ['child_id', 'decom'],
        )
        .execute();
    }
  }

  private result(batch: ImportBatchEntity, alreadyImported: boolean): ImportResult {
    return {
      batchId: batch.id,
      alreadyImported,
      collectionYear: batch.collectionYear,
      files: batch.files,
      children: batch.children,
      episodes: batch.episodes,
      snapshotAsAt: batch.snapshotAsAt,
      snapshotTotal: batch.snapshotTotal,
    };
  }
}
