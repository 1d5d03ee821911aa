import { day, isoOf, simulateChildren, type Child, type Episode } from './children.js';
import { WEST_MIDLANDS, type CouncilProfile } from './geography.js';
import { Random } from './random.js';

export interface RegionOptions {
  /** Same seed, same region. */
  seed: number;
  /** How many councils (the first N of WEST_MIDLANDS). Default 5. */
  councils?: number;
  /** Annual returns per council, the last for the collection year ending 31 March `lastYear`. Default 5. */
  years?: number;
  /** The latest complete collection year (its 31 March). Default 2026. */
  lastYear?: number;
}

export interface ReturnFile {
  name: string;
  content: string;
}

export interface SimulatedCouncil {
  code: string;
  name: string;
  /** The council's size target (children looked after). */
  lookedAfter: number;
  postcodeDistricts: readonly string[];
  /** Its SSDA903 returns: header, episodes and missing tables per collection year, in the DfE CSV layout. */
  files: ReturnFile[];
  /** Every child id in its returns (ids are unique across the region: no child is in two councils). */
  childIds: string[];
}

export interface SimulatedRegion {
  seed: number;
  collectionYears: number[];
  councils: SimulatedCouncil[];
}

/** Years simulated before the first return, so that the first return holds children with real care histories. */
const BURN_IN_YEARS = 8;

/** A synthetic cooperative: every council's annual returns, deterministic from the seed. */
export function simulateRegion(options: RegionOptions): SimulatedRegion {
  const count = options.councils ?? 5;
  const years = options.years ?? 5;
  const lastYear = options.lastYear ?? 2026;
  if (!Number.isInteger(count) || count < 1 || count > WEST_MIDLANDS.length)
    throw new RangeError(`councils must be 1 to ${WEST_MIDLANDS.length}, not ${count}`);
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new RangeError(`years must be 1 to 10, not ${years}`);
  if (!Number.isInteger(lastYear) || lastYear < 2018 || lastYear > 2100)
    throw new RangeError(`lastYear must be a collection year such as 2026, not ${lastYear}`);
  const region = WEST_MIDLANDS.slice(0, count);
  const collectionYears = Array.from({ length: years }, (_, i) => lastYear - years + 1 + i);
  const from = day(`${collectionYears[0]! - 1 - BURN_IN_YEARS}-04-01`);
  const to = day(`${lastYear}-03-31`);
  const councils = region.map((council, index) => {
    // One stream per council, from the seed and the council's position: adding councils does not change the others.
    const random = new Random(options.seed * 7919 + index * 104_729 + 1);
    const { children } = simulateChildren({ council, index, region, from, to, random });
    return toCouncil(council, children, collectionYears);
  });
  return { seed: options.seed, collectionYears, councils };
}

const ddmmyyyy = (d: number | null): string => {
  if (d === null) return '';
  const iso = isoOf(d);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};

const csv = (columns: string[], rows: string[][]): string =>
  [columns.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';

function toCouncil(council: CouncilProfile, children: Child[], collectionYears: number[]): SimulatedCouncil {
  const files: ReturnFile[] = [];
  const ids = new Set<string>();
  for (const year of collectionYears) {
    const start = day(`${year - 1}-04-01`);
    const end = day(`${year}-03-31`);
    const inYear = (e: Episode) => e.decom <= end && (e.dec === null || e.dec >= start);
    const header: string[][] = [];
    const episodes: string[][] = [];
    const missing: string[][] = [];
    // SEX: 1/2 up to the 2023-24 return, M/F from 2024-25 (SSDA903.md 1.4).
    const sex = (male: boolean) => (year >= 2025 ? (male ? 'M' : 'F') : male ? '1' : '2');
    for (const child of children) {
      const rows = child.episodes.filter(inYear);
      if (rows.length === 0) continue;
      ids.add(child.id);
      header.push([child.id, sex(child.male), ddmmyyyy(child.dob), child.ethnic, '', '', '']);
      for (const e of rows) {
        const ended = e.dec !== null && e.dec <= end;
        episodes.push([
          child.id,
          ddmmyyyy(e.decom),
          e.rne,
          e.ls,
          e.cin,
          e.place,
          e.provider,
          ended ? ddmmyyyy(e.dec) : '',
          ended ? e.rec! : '',
          e.reasonPlaceChange ?? '',
          e.homePost,
          e.plPost,
          e.urn ?? '',
          e.plLa,
        ]);
      }
      for (const m of child.missing) {
        if (m.start < start || m.start > end) continue;
        const closed = m.end !== null && m.end <= end;
        missing.push([child.id, ddmmyyyy(child.dob), 'M', ddmmyyyy(m.start), closed ? ddmmyyyy(m.end) : '']);
      }
    }
    files.push(
      {
        name: `${year}-header.csv`,
        content: csv(['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'], header),
      },
      {
        name: `${year}-episodes.csv`,
        content: csv(
          ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN', 'PL_LA'], // prettier-ignore
          episodes,
        ),
      },
      { name: `${year}-missing.csv`, content: csv(['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'], missing) },
    );
  }
  return {
    code: council.code,
    name: council.name,
    lookedAfter: council.lookedAfter,
    postcodeDistricts: council.districts,
    files,
    childIds: [...ids].sort(),
  };
}
