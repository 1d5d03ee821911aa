import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AGE_BANDS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import { formatValue, protectTable, type PublishedValue } from '@rcc/disclosure';
import { SERVICE_CONFIG } from '@rcc/platform';
import type { AnalyticsConfig } from '../../platform/analytics.config.js';
import type { DemandProfile, PublishedCount } from './demand-profile.model.js';
import { NeedSnapshotEntity } from './need-snapshot.entity.js';

function published(value: PublishedValue): PublishedCount {
  return value.kind === 'count'
    ? { display: formatValue(value), count: value.value, marker: null, reason: null }
    : { display: formatValue(value), count: null, marker: value.marker, reason: value.reason };
}

/** Pools every council's latest need snapshot and publishes it only through disclosure control. */
@Injectable()
export class DemandProfileService {
  constructor(
    @InjectRepository(NeedSnapshotEntity) private readonly snapshots: Repository<NeedSnapshotEntity>,
    @Inject(SERVICE_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  async regionalProfile(): Promise<DemandProfile> {
    const latest = (await this.snapshots.query(
      `SELECT DISTINCT ON (council_code) council_code AS "councilCode", to_char(as_at, 'YYYY-MM-DD') AS "asAt",
              event_id AS "eventId", cells
         FROM need_snapshot ORDER BY council_code, as_at DESC`,
    )) as Pick<NeedSnapshotEntity, 'councilCode' | 'asAt' | 'eventId' | 'cells'>[];
    const counts = PLACEMENT_CATEGORIES.map(() => AGE_BANDS.map(() => 0));
    for (const snapshot of latest) {
      for (const cell of snapshot.cells) {
        const r = PLACEMENT_CATEGORIES.indexOf(cell.category);
        const c = AGE_BANDS.indexOf(cell.ageBand);
        if (r < 0 || c < 0) throw new Error(`stored snapshot ${snapshot.eventId} has an unknown cell`);
        counts[r]![c]! += cell.count;
      }
    }
    const table = protectTable(
      { rowKeys: [...PLACEMENT_CATEGORIES], colKeys: [...AGE_BANDS], counts },
      { minCount: this.config.RCC_DISCLOSURE_MIN_COUNT },
    );
    const dates = [...new Set(latest.map((s) => s.asAt))].sort();
    return {
      asAt: dates.at(-1) ?? null,
      mixedDates: dates.length > 1,
      councils: latest.map((s) => ({ code: s.councilCode, asAt: s.asAt })),
      minCount: this.config.RCC_DISCLOSURE_MIN_COUNT,
      placementCategories: [...PLACEMENT_CATEGORIES],
      ageBands: [...AGE_BANDS],
      cells: PLACEMENT_CATEGORIES.flatMap((category, r) =>
        AGE_BANDS.map((ageBand, c) => ({
          placementCategory: category,
          ageBand,
          value: published(table.cells[r]![c]!),
        })),
      ),
      categoryTotals: PLACEMENT_CATEGORIES.map((key, r) => ({ key, value: published(table.rowTotals[r]!) })),
      ageBandTotals: AGE_BANDS.map((key, c) => ({ key, value: published(table.colTotals[c]!) })),
      total: published(table.grandTotal),
    };
  }
}
