import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { NeedFlowsV1Event, NeedSnapshotV1Event } from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import { SERVICE_CONFIG } from '@rcc/platform';
import {
  councilIndicators,
  defaultAsAt,
  parseReturns,
  stitchEpisodes,
  type EpisodeRow,
  type HeaderRow,
} from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import { ChildEntity } from './child.entity.js';
import type { ImportResult } from './dtos/import-result.model.js';
import { EpisodeEntity } from './episode.entity.js';
import { ImportBatchEntity } from './import-batch.entity.js';
import { ImportRejectedError } from './ssda903-import.exception.js';
import { toEpisodeRow, toHeaderRow } from './rows.js';

const CHUNK = 1000;

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

    const parsed = await parseReturns(files);
    if (parsed.errors.length > 0) throw new ImportRejectedError(parsed.errors);
    const years = parsed.returns.map((r) => r.collectionYear!);

    const batch = await this.dataSource.transaction(async (em) => {
      const batchId = randomUUID();
      await this.store(em, batchId, parsed.header, parsed.episodes);
      let records = 0;
      for (const { collectionYear, table, rows } of parsed.other) {
        // A return supersedes whatever was held for its year in that table.
        await em.query(`DELETE FROM ssda903_record WHERE table_name = $1 AND collection_year = $2`, [
          table,
          collectionYear,
        ]);
        for (let i = 0; i < rows.length; i += CHUNK) {
          const chunk = rows.slice(i, i + CHUNK);
          await em.query(
            `INSERT INTO ssda903_record (table_name, collection_year, child_id, data, batch_id)
             SELECT $1, $2, x->>'child', x, $3 FROM jsonb_array_elements($4::jsonb) AS x`,
            [table, collectionYear, batchId, JSON.stringify(chunk)],
          );
        }
        records += rows.length;
      }
      // Re-stitch everything held: a new return can close or supersede episodes from earlier imports.
      const allEpisodes = (await em.getRepository(EpisodeEntity).find()).map(toEpisodeRow);
      const latestYear = Math.max(...allEpisodes.map((e) => e.sourceYear ?? 0));
      const stitched = stitchEpisodes(allEpisodes, latestYear);
      const held = new Map(allEpisodes.map((e) => [`${e.child}/${e.decom}`, e]));
      const changed = stitched.episodes.filter((e) => {
        const before = held.get(`${e.child}/${e.decom}`)!;
        return before.effectiveDec !== e.effectiveDec || (before.repair ?? null) !== e.repair;
      });
      for (let i = 0; i < changed.length; i += CHUNK) {
        await em.query(
          `UPDATE episode SET dec_effective = (x->>'effectiveDec')::date, repair = x->>'repair'
             FROM jsonb_array_elements($1::jsonb) AS x
            WHERE episode.child_id = x->>'child' AND episode.decom = (x->>'decom')::date`,
          [JSON.stringify(changed.slice(i, i + CHUNK))],
        );
      }
      const allChildren = (await em.getRepository(ChildEntity).find()).map(toHeaderRow);
      const derived = councilIndicators(allChildren, stitched.episodes, asAt ?? defaultAsAt(stitched.episodes));
      const snapshot = derived.lookedAfter;
      const row = em.getRepository(ImportBatchEntity).create({
        id: batchId,
        contentSha256: sha,
        files: parsed.returns.flatMap((r) => r.tables.map((t) => ({ name: t.file, table: t.table, rows: t.rows }))),
        collectionYear: years.at(-1) ?? null,
        years,
        children: parsed.header.length,
        episodes: parsed.episodes.length,
        records,
        repairs: stitched.repairs.length,
        snapshotAsAt: snapshot.asAt,
        snapshotTotal: snapshot.total,
        shared: this.config.shares('need-snapshot'),
        importedBy,
      });
      await em.getRepository(ImportBatchEntity).insert(row);
      // Shared only under the council's data-sharing agreement (RCC_SHARING): aggregates, never rows.
      if (this.config.shares('need-snapshot')) {
        const from = {
          producer: `council:${this.config.COUNCIL_CODE}`,
          tenant: this.config.COUNCIL_CODE,
          key: this.config.COUNCIL_CODE,
        };
        const councilCode = this.config.COUNCIL_CODE;
        await enqueueEvent(em, NeedSnapshotV1Event, {
          ...from,
          payload: { councilCode, asAt: snapshot.asAt, total: snapshot.total, cells: snapshot.cells },
        });
        await enqueueEvent(em, NeedFlowsV1Event, {
          ...from,
          payload: { councilCode, asAt: snapshot.asAt, months: derived.flows },
        });
      }
      return row;
    });
    this.relay.nudge();
    return this.result(batch, false);
  }

  /**
   * Upserts header and episode rows. A row from a later return supersedes the one held; a row from an older return
   * imported afterwards does not overwrite a newer one.
   */
  private async store(em: EntityManager, batchId: string, header: HeaderRow[], episodes: EpisodeRow[]): Promise<void> {
    // The batch row is written last (it records the snapshot); its foreign keys are checked at commit.
    for (let i = 0; i < header.length; i += CHUNK) {
      await em.query(
        `INSERT INTO child (child_id, sex, dob, ethnic, upn, mother, mc_dob, source_year, batch_id)
         SELECT x.child, x.sex, x.dob, x.ethnic, x.upn, x.mother, x."mcDob", x."sourceYear", $2
           FROM jsonb_to_recordset($1::jsonb)
             AS x(child text, sex text, dob date, ethnic text, upn text, mother text, "mcDob" date, "sourceYear" integer)
         ON CONFLICT (child_id) DO UPDATE
           SET sex = EXCLUDED.sex, dob = EXCLUDED.dob, ethnic = EXCLUDED.ethnic, upn = EXCLUDED.upn,
               mother = EXCLUDED.mother, mc_dob = EXCLUDED.mc_dob, source_year = EXCLUDED.source_year,
               batch_id = EXCLUDED.batch_id
         WHERE child.source_year IS NULL OR child.source_year <= EXCLUDED.source_year`,
        [JSON.stringify(header.slice(i, i + CHUNK)), batchId],
      );
    }
    for (let i = 0; i < episodes.length; i += CHUNK) {
      await em.query(
        `INSERT INTO episode (child_id, decom, rne, ls, cin, place, place_provider, dec, rec, reason_place_change,
                              home_post, pl_post, urn, source_year, dec_effective, repair, batch_id)
         SELECT x.child, x.decom, x.rne, x.ls, x.cin, x.place, x."placeProvider", x.dec, x.rec, x."reasonPlaceChange",
                x."homePost", x."plPost", x.urn, x."sourceYear", x."effectiveDec", x.repair, $2
           FROM jsonb_to_recordset($1::jsonb)
             AS x(child text, decom date, rne text, ls text, cin text, place text, "placeProvider" text, dec date,
                  rec text, "reasonPlaceChange" text, "homePost" text, "plPost" text, urn text, "sourceYear" integer,
                  "effectiveDec" date, repair text)
         ON CONFLICT (child_id, decom) DO UPDATE
           SET rne = EXCLUDED.rne, ls = EXCLUDED.ls, cin = EXCLUDED.cin, place = EXCLUDED.place,
               place_provider = EXCLUDED.place_provider, dec = EXCLUDED.dec, rec = EXCLUDED.rec,
               reason_place_change = EXCLUDED.reason_place_change, home_post = EXCLUDED.home_post,
               pl_post = EXCLUDED.pl_post, urn = EXCLUDED.urn, source_year = EXCLUDED.source_year,
               dec_effective = EXCLUDED.dec_effective, repair = EXCLUDED.repair, batch_id = EXCLUDED.batch_id
         WHERE episode.source_year IS NULL OR episode.source_year <= EXCLUDED.source_year`,
        [JSON.stringify(episodes.slice(i, i + CHUNK)), batchId],
      );
    }
  }

  private result(batch: ImportBatchEntity, alreadyImported: boolean): ImportResult {
    return {
      batchId: batch.id,
      alreadyImported,
      collectionYear: batch.collectionYear,
      years: batch.years,
      records: batch.records,
      repairs: batch.repairs,
      shared: batch.shared,
      files: batch.files,
      children: batch.children,
      episodes: batch.episodes,
      snapshotAsAt: batch.snapshotAsAt,
      snapshotTotal: batch.snapshotTotal,
    };
  }
}
