import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ProfilePublishedV1Event, type NeedCellV1 } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';
import { NotFoundError, SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import type { DemandTrendPoint, PublishedDemandProfile } from './dtos/publication.model.js';
import { PublicationError } from './publication.exception.js';
import { publishedCount, toGraphql, type StoredVersion } from './publication.format.js';
import { PublishedProfileEntity } from './publication.entity.js';
import { profileTruth, protectProfile, type ReferralState } from './publication.tables.js';
import { VersionCache } from './version-cache.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A version's served columns: not the unsuppressed truth (only its member list) nor the audit. */
const SERVED_COLUMNS = `version, to_char(as_at, 'YYYY-MM-DD') AS "asAt", revision, published_at AS "publishedAt",
  min_count AS "minCount", councils, truth->'members' AS members, tables`;

/**
 * Publishes the demand profile as numbered, dated, immutable versions, each protected jointly with the version of
 * the same date it revises; and reads them back (for GraphQL and the open data files).
 */
@Injectable()
export class PublicationService {
  /**
   * Versions are immutable, so a version read once is kept (with what is derived from it) by its number and never
   * invalidated; only "which version is the latest" is asked of the database on every read (one index lookup), so
   * every replica serves a new version as soon as its transaction commits (docs/adr/0028).
   */
  readonly versions = new VersionCache<StoredVersion>(64);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  /**
   * Publishes the region's profile as at `asAt` from every member council's snapshot for exactly that date. If the
   * figures are unchanged since the last version of that date, that version is returned and nothing new is written.
   */
  async publish(asAt: string): Promise<{ profile: PublishedDemandProfile; created: boolean }> {
    if (!DATE.test(asAt) || Number.isNaN(Date.parse(asAt))) throw new PublicationError('asAt must be YYYY-MM-DD');
    return this.db.transaction(async (em) => {
      // One publisher at a time: versions are numbered and revisions protected against their predecessor.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('published_profile'))`);
      const snapshots = (await em.query(
        `SELECT council_code AS "councilCode", event_id AS "eventId", cells FROM need_snapshot
          WHERE as_at = $1 AND council_code = ANY($2) ORDER BY council_code`,
        [asAt, this.config.regionCouncils],
      )) as { councilCode: string; eventId: string; cells: NeedCellV1[] }[];
      if (snapshots.length === 0) throw new PublicationError(`no member council has sent a snapshot as at ${asAt}`);
      const truth = profileTruth(
        asAt,
        this.config.regionCouncils,
        snapshots,
        await this.referralsAt(em, asAt),
        this.config.RCC_DISCLOSURE_ROUND_TOTALS,
      );
      const [previous] = (await em.query(
        `SELECT version FROM published_profile WHERE as_at = $1 ORDER BY revision DESC LIMIT 1`,
        [asAt],
      )) as { version: number }[];
      const before = previous ? await em.findOneByOrFail(PublishedProfileEntity, { version: previous.version }) : null;
      if (before && isDeepStrictEqual(before.truth.tables, truth.tables) && before.minCount === this.minCount) {
        return { profile: toGraphql(this.stored(before)), created: false };
      }
      const { tables, audit } = protectProfile(
        truth,
        { minCount: this.minCount },
        before && before.minCount === this.minCount && isDeepStrictEqual(before.truth.members, truth.members)
          ? { truth: before.truth, tables: before.tables }
          : undefined,
      );
      const exposed = audit.filter((a) => !a.protected);
      if (exposed.length > 0) {
        throw new PublicationError(
          `cannot publish ${asAt} safely: ${exposed.length} small figure(s) would stay determinable`,
          exposed,
        );
      }
      const [{ next }] = (await em.query(`SELECT COALESCE(max(version), 0) + 1 AS next FROM published_profile`)) as [
        { next: number },
      ];
      const row = em.create(PublishedProfileEntity, {
        version: next,
        asAt,
        revision: (before?.revision ?? 0) + 1,
        publishedAt: new Date(),
        minCount: this.minCount,
        councils: truth.contributors.map((c) => c.code),
        truth,
        tables,
        audit,
      });
      await em.insert(PublishedProfileEntity, row);
      await enqueueEvent(em, ProfilePublishedV1Event, {
        producer: 'analytics',
        tenant: null,
        key: asAt,
        payload: {
          version: row.version,
          asAt,
          revision: row.revision,
          councils: row.councils,
          minCount: row.minCount,
          publishedAt: row.publishedAt.toISOString(),
        },
      });
      return { profile: toGraphql(this.stored(row)), created: true };
    });
  }

  async list(): Promise<PublishedDemandProfile[]> {
    const rows = (await this.db.query(`SELECT version FROM published_profile ORDER BY version`)) as {
      version: number;
    }[];
    const out: PublishedDemandProfile[] = [];
    for (const { version } of rows) out.push(this.versions.derived(await this.get(version), 'graphql', toGraphql));
    return out;
  }

  /** The latest version's number, or null when nothing has been published (asked of the database every time). */
  async latestVersion(): Promise<number | null> {
    const [row] = (await this.db.query(`SELECT max(version) AS v FROM published_profile`)) as { v: number | null }[];
    return row?.v ?? null;
  }

  /** One version, or the latest when `version` is null. */
  async get(version: number | null): Promise<StoredVersion> {
    const wanted = version ?? (await this.latestVersion());
    if (wanted === null) throw new NotFoundError('nothing has been published yet');
    const cached = this.versions.get(wanted);
    if (cached) return cached;
    const [row] = (await this.db.query(`SELECT ${SERVED_COLUMNS} FROM published_profile WHERE version = $1`, [
      wanted,
    ])) as StoredRow[];
    if (!row) throw new NotFoundError(`no version ${wanted}`);
    return this.versions.set(wanted, {
      version: row.version,
      asAt: row.asAt,
      revision: row.revision,
      publishedAt: new Date(row.publishedAt).toISOString(),
      minCount: row.minCount,
      members: row.members,
      councils: row.councils,
      tables: row.tables,
    });
  }

  /** One version as GraphQL serves it (built once per version). */
  async graphql(version: number | null): Promise<PublishedDemandProfile> {
    return this.versions.derived(await this.get(version), 'graphql', toGraphql);
  }

  async trend(): Promise<DemandTrendPoint[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (as_at) version FROM published_profile ORDER BY as_at, revision DESC`,
    )) as { version: number }[];
    const out: DemandTrendPoint[] = [];
    for (const { version } of rows) {
      const v = await this.get(version);
      const t = v.tables['placement-by-age'];
      out.push({
        asAt: v.asAt,
        version: v.version,
        categoryTotals: t.rowKeys.map((key, r) => ({ key, value: publishedCount(t.rowTotals[r]!) })),
        total: publishedCount(t.grandTotal),
      });
    }
    return out;
  }

  get minCount(): number {
    return this.config.RCC_DISCLOSURE_MIN_COUNT;
  }

  /** Referrals open at the end of the day, and those unmet by then, by age band. */
  private async referralsAt(em: EntityManager, asAt: string): Promise<ReferralState[]> {
    return (await em.query(
      `SELECT council_code AS "councilCode", age_band AS "ageBand",
              CASE WHEN outcome = 'unmet' AND closed_at < $1::date + 1 THEN 'unmet'
                   WHEN unmet_at < $1::date + 1 THEN 'unmet' ELSE 'open' END AS status
         FROM market_referral
        WHERE council_code = ANY($2) AND age_band IS NOT NULL AND opened_at < $1::date + 1
          AND (closed_at IS NULL OR closed_at >= $1::date + 1 OR outcome = 'unmet')`,
      [asAt, this.config.regionCouncils],
    )) as ReferralState[];
  }

  /** A row as served (not cached here: inside publish() the transaction may still roll back). */
  private stored(row: PublishedProfileEntity): StoredVersion {
    return {
      version: row.version,
      asAt: typeof row.asAt === 'string' ? row.asAt : new Date(row.asAt).toISOString().slice(0, 10),
      revision: row.revision,
      publishedAt: new Date(row.publishedAt).toISOString(),
      minCount: row.minCount,
      members: row.truth.members,
      councils: row.councils,
      tables: row.tables,
    };
  }
}

interface StoredRow extends Omit<StoredVersion, 'publishedAt'> {
  publishedAt: Date | string;
}
