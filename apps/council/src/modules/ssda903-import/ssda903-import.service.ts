import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NeedFlowsV1Event, NeedSnapshotV1Event, NeedTransitionsV1Event } from '@rcc/contracts';
import { enqueueEvent, OutboxRelay } from '@rcc/messaging';
import { InvalidInputError, METRICS, SERVICE_CONFIG, type ServiceMetrics } from '@rcc/platform';
import {
  contentHash,
  monthEnds,
  pastTheData,
  textSource,
  readSources,
  type Ssda903Source,
  type ValidationReport,
} from '@rcc/ssda903';
import type { CouncilConfig } from '../../platform/council.config.js';
import type { ImportResult } from './dtos/import-result.model.js';
import { ImportBatchEntity } from './import-batch.entity.js';
import { ImportRejectedError } from './ssda903-import.exception.js';
import { crossRowErrors, headerElsewhereNotes } from './staging/checks.js';
import { finishStaging, StagingSink } from './staging/load.js';
import { mergeStaging } from './staging/merge.js';
import { restitchAndCount } from './restitch.js';

/** Progress of an import: the phase, the file being read (if any) and its rows so far. */
export type ImportProgress = (
  phase: 'validate' | 'write' | 'check' | 'merge' | 'restitch' | 'share',
  file: string,
  rows: number,
) => void;

/**
 * Imports SSDA903 returns in one streaming pass (ADR 0023), in ONE transaction: every file is read once, every cell
 * checked and the rows loaded into staging tables in batches as they are read; the year-dependent codes are checked
 * once a return's year is known, then what spans rows, in SQL. One error and the transaction is rolled back: the
 * import is refused whole, nothing written. Then the rows are merged into the council's tables, the whole history
 * re-stitched in one set-based UPDATE, and the monthly need series (snapshots, flows, transitions; counted one child
 * at a time from a cursor) put in the outbox when the council's agreement allows it.
 */
@Injectable()
export class Ssda903ImportService {
  private readonly logger = new Logger('Ssda903Import');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CouncilConfig,
    private readonly relay: OutboxRelay,
    @Inject(METRICS) private readonly metrics: ServiceMetrics,
  ) {}

  /** The GraphQL mutation's entry: files as text (bounded by the request size limit). */
  import(files: { name: string; content: string }[], importedBy: string, asAt?: string): Promise<ImportResult> {
    return this.importSources(
      files.map((f) => textSource(f.name, f.content)),
      importedBy,
      asAt,
    );
  }

  importSources(
    sources: Ssda903Source[],
    importedBy: string,
    asAt?: string,
    progress: ImportProgress = () => undefined,
  ): Promise<ImportResult> {
    return this.metrics.timeImport(() => this.importTimed(sources, importedBy, asAt, progress));
  }

  private async importTimed(
    sources: Ssda903Source[],
    importedBy: string,
    asAt: string | undefined,
    progress: ImportProgress,
  ): Promise<ImportResult> {
    const started = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)}s`);
    const sha = await contentHash(sources);
    phase('hashed');
    const previous = await this.dataSource.getRepository(ImportBatchEntity).findOneBy({ contentSha256: sha });
    if (previous) return this.result(previous, true);

    let warnings: ImportResult['warnings'] = [];
    const outcome = await this.dataSource.transaction(async (em) => {
      const batchId = randomUUID();
      // One import at a time per council: a second waits here (merging two at once could interleave supersession).
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('rcc.ssda903-import'))`);
      // The same files sent twice at once: the second waited for the first, which has imported them.
      const done = await em.getRepository(ImportBatchEntity).findOneBy({ contentSha256: sha });
      if (done) return { batch: done, alreadyImported: true };
      await sizeMemory(em);
      // The one pass: every file read once, every cell checked, the rows staged as they are read. Any error and
      // the transaction is rolled back: a refused return writes nothing.
      const sink = await StagingSink.open(em);
      const report = await readSources(sources, sink, (file, rows) => progress('validate', file, rows), {
        code: this.config.COUNCIL_CODE,
        name: this.config.COUNCIL_NAME,
      });
      phase('read and staged');
      if (report.totalErrors > 0) throw new ImportRejectedError(report.errors, report.totalErrors);
      warnings = report.warnings.map(({ file, rule, message }) => ({ file, rule, message }));
      const years = report.returns.map((r) => r.collectionYear!);
      await finishStaging(em);
      phase('analysed');
      progress('check', '', 0);
      const problems = await crossRowErrors(em);
      phase('checked');
      if (problems.length > 0) throw new ImportRejectedError(problems.slice(0, 10_000), problems.length);
      warnings.push(...(await headerElsewhereNotes(em, years)));
      progress('merge', '', 0);
      const { counts, stitched } = await mergeStaging(em, report, batchId);

      const [{ first, last }] = (await em.query(
        `SELECT min(y)::int AS first, max(y)::int AS last
           FROM (SELECT unnest(years) AS y FROM import_batch UNION ALL SELECT unnest($1::int[])) t`,
        [years],
      )) as [{ first: number; last: number }];
      // No snapshot past the data (it would carry the latest return's open episodes forward): refused, not written.
      const past = asAt ? pastTheData(asAt, last) : null;
      if (past) throw new InvalidInputError(past);
      phase('merged');
      const dates = await this.seriesDates(em, first, last);
      const snapshotAsAt = asAt ?? dates.at(-1)!;
      progress('restitch', '', 0);
      const derived = await restitchAndCount(em, dates, snapshotAsAt, !stitched);
      progress('share', '', 0);
      const snapshot = derived.atAsAt;
      phase('restitched');

      const shared = this.config.shares('need-snapshot');
      const row = em.getRepository(ImportBatchEntity).create({
        id: batchId,
        contentSha256: sha,
        files: fileList(report),
        collectionYear: years.at(-1) ?? null,
        years,
        ...counts,
        repairs: derived.repairs,
        snapshotAsAt: snapshot.asAt,
        snapshotTotal: snapshot.total,
        shared,
        importedBy,
      });
      await em.getRepository(ImportBatchEntity).insert(row);
      // Shared only under the council's data-sharing agreement (RCC_SHARING): aggregates, never rows.
      if (shared) {
        const councilCode = this.config.COUNCIL_CODE;
        const from = { producer: `council:${councilCode}`, tenant: councilCode, key: councilCode };
        const { snapshots, flows, transitions } = derived.series;
        if (!dates.includes(snapshot.asAt)) snapshots.push(snapshot);
        for (const s of snapshots) {
          await enqueueEvent(em, NeedSnapshotV1Event, {
            ...from,
            payload: { councilCode, asAt: s.asAt, total: s.total, cells: s.cells },
          });
        }
        // Flows in twelve-month events, each ending at a month-end of the series (the contract allows 24 months).
        for (let end = flows.length; end > 0; end -= 12) {
          const months = flows.slice(Math.max(0, end - 12), end);
          await enqueueEvent(em, NeedFlowsV1Event, {
            ...from,
            payload: { councilCode, asAt: dates[end]!, months },
          });
        }
        for (const t of transitions) {
          await enqueueEvent(em, NeedTransitionsV1Event, {
            ...from,
            payload: { councilCode, month: t.month, cells: t.cells },
          });
        }
      }
      return { batch: row, alreadyImported: false };
    });
    if (outcome.alreadyImported) return this.result(outcome.batch, true);
    const { batch } = outcome;
    phase('committed');
    this.logger.log(`import ${batch.id}: ${batch.episodes} episodes; ${phases.join(', ')}`);
    this.relay.nudge();
    return { ...this.result(batch, false), warnings };
  }

  /**
   * Every month-end the stitched history covers: from the 31 March before the earliest return's collection year
   * (children looked after then are all in that return, since they were still looked after on 1 April) to the 31
   * March closing the collection year of the latest episode start, or of the latest return held if later (a return
   * with no new starts still says who was looked after at its 31 March).
   */
  private async seriesDates(
    em: import('typeorm').EntityManager,
    firstYear: number,
    lastHeld: number,
  ): Promise<string[]> {
    const [{ latest }] = (await em.query(`SELECT to_char(max(decom), 'YYYY-MM-DD') AS latest FROM episode`)) as [
      { latest: string },
    ];
    const [y, m] = latest.split('-').map(Number) as [number, number];
    const lastYear = Math.max(m >= 4 ? y + 1 : y, lastHeld);
    return monthEnds(`${Math.min(firstYear, lastYear) - 1}-03-01`, `${lastYear}-03-01`);
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
      warnings: [],
    };
  }
}

/**
 * Memory for this transaction's sorts and hashes (the staging checks and the merge's DISTINCT ON sort every row): PostgreSQL's defaults (4 MB, 64 MB) send a million-row import's sorts to disk.
 * SET LOCAL ends with the transaction. The staging tables' local buffers can only be sized before the session's
 * first temporary table, so that one is tried under a savepoint and left as it is when the session has used one.
 */
async function sizeMemory(em: import('typeorm').EntityManager): Promise<void> {
  await em.query(`SET LOCAL work_mem = '64MB'`);
  await em.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await em.query(`SAVEPOINT size_temp_buffers`);
  try {
    await em.query(`SET LOCAL temp_buffers = '128MB'`);
    await em.query(`RELEASE SAVEPOINT size_temp_buffers`);
  } catch {
    await em.query(`ROLLBACK TO SAVEPOINT size_temp_buffers`);
  }
}

function fileList(report: ValidationReport): { name: string; table: string; rows: number }[] {
  return report.returns.flatMap((r) =>
    r.files.map((f) => ({ name: f.source.name, table: f.table, rows: report.rows.get(f.source.name) ?? 0 })),
  );
}
