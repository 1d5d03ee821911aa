export interface PublishedCount {
  display: string;
  count: number | null;
  marker: string | null;
  reason: string | null;
}

export interface DemandProfile {
  asAt: string | null;
  councils: { code: string; asAt: string }[];
  minCount: number;
  placementCategories: string[];
  ageBands: string[];
  cells: { placementCategory: string; ageBand: string; value: PublishedCount }[];
  categoryTotals: { key: string; value: PublishedCount }[];
  ageBandTotals: { key: string; value: PublishedCount }[];
  total: PublishedCount;
}

export const CATEGORY_NAMES: Record<string, string> = {
  fostering: 'Fostering',
  residential: 'Residential',
  supported: 'Supported accommodation',
  adoption: 'Placed for adoption',
  parents: 'With parents',
  other: 'Other',
};

export const AGE_BAND_NAMES: Record<string, string> = {
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-plus': '16 and over',
};

export const MARKER_MEANINGS: Record<string, string> = {
  c: 'suppressed to protect confidentiality',
  z: 'not applicable',
  k: 'rounds to zero',
};

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The published table as CSV (one row per placement category x age band, with markers as published). */
export function demandProfileCsv(p: DemandProfile): string {
  const lines = [['as_at', 'placement_category', 'age_band', 'children_looked_after', 'marker'].join(',')];
  for (const c of p.cells) {
    lines.push(
      [
        p.asAt ?? '',
        c.placementCategory,
        c.ageBand,
        c.value.count === null ? '' : String(c.value.count),
        c.value.marker ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
