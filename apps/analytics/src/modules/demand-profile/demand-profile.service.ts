import { Injectable } from '@nestjs/common';
import { AGE_BANDS, PLACEMENT_CATEGORIES } from '@rcc/contracts';
import type { PublishedValue } from '@rcc/disclosure';
import { NotFoundError } from '@rcc/platform';
import { publishedCount, type StoredVersion } from '../publication/publication.format.js';
import { PublicationService } from '../publication/publication.service.js';
import type { DemandProfile } from './demand-profile.model.js';

const NOTHING_PUBLISHED: PublishedValue = {
  kind: 'marker',
  marker: 'z',
  reason: 'not applicable: nothing has been published yet',
};

/**
 * The walking skeleton's `demandProfile`, now a view of the latest published version (docs/adr/0028): its
 * placement-category x age-band table, exactly as published and protected jointly with the version's other tables and
 * earlier versions of its date. Nothing is computed from the current snapshots any more, so successive answers are
 * only ever published versions.
 */
@Injectable()
export class DemandProfileService {
  constructor(private readonly publications: PublicationService) {}

  async regionalProfile(): Promise<DemandProfile> {
    let version: StoredVersion;
    try {
      version = await this.publications.get(null);
    } catch (error) {
      if (error instanceof NotFoundError) return emptyProfile(this.publications.minCount);
      throw error;
    }
    return this.publications.versions.derived(version, 'demand-profile', fromVersion);
  }
}

/** The regional table of a published version in the walking skeleton's shape. */
export function fromVersion(v: StoredVersion): DemandProfile {
  const t = v.tables['placement-by-age'];
  const r = (category: string) => t.rowKeys.indexOf(category);
  const c = (band: string) => t.colKeys.indexOf(band);
  for (const key of PLACEMENT_CATEGORIES) if (r(key) < 0) throw new Error(`version ${v.version} has no row ${key}`);
  for (const key of AGE_BANDS) if (c(key) < 0) throw new Error(`version ${v.version} has no column ${key}`);
  return {
    asAt: v.asAt,
    // A version pools each contributing council's snapshot for exactly its date.
    councils: v.councils.map((code) => ({ code, asAt: v.asAt })),
    minCount: v.minCount,
    placementCategories: [...PLACEMENT_CATEGORIES],
    ageBands: [...AGE_BANDS],
    cells: PLACEMENT_CATEGORIES.flatMap((placementCategory) =>
      AGE_BANDS.map((ageBand) => ({
        placementCategory,
        ageBand,
        value: publishedCount(t.cells[r(placementCategory)]![c(ageBand)]!),
      })),
    ),
    categoryTotals: PLACEMENT_CATEGORIES.map((key) => ({ key, value: publishedCount(t.rowTotals[r(key)]!) })),
    ageBandTotals: AGE_BANDS.map((key) => ({ key, value: publishedCount(t.colTotals[c(key)]!) })),
    total: publishedCount(t.grandTotal),
  };
}

/** Before the first publication: no councils, no date, every figure `z` saying why. */
export function emptyProfile(minCount: number): DemandProfile {
  const none = () => publishedCount(NOTHING_PUBLISHED);
  return {
    asAt: null,
    councils: [],
    minCount,
    placementCategories: [...PLACEMENT_CATEGORIES],
    ageBands: [...AGE_BANDS],
    cells: PLACEMENT_CATEGORIES.flatMap((placementCategory) =>
      AGE_BANDS.map((ageBand) => ({ placementCategory, ageBand, value: none() })),
    ),
    categoryTotals: PLACEMENT_CATEGORIES.map((key) => ({ key, value: none() })),
    ageBandTotals: AGE_BANDS.map((key) => ({ key, value: none() })),
    total: none(),
  };
}
