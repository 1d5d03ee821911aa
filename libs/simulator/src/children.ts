import { BEYOND_REGION, WEST_MIDLANDS, type CouncilProfile, type Place } from './geography.js';
import { Random } from './random.js';
import * as R from './rates.js';

/**
 * One council's children looked after, simulated month by month from the rates in rates.ts: entries, exits (at 18
 * and before), interim orders becoming full care orders, placement moves, missing incidents, placement locations.
 * Dates are day numbers (days since 1970-01-01, UTC).
 */
export interface Episode {
  decom: number;
  dec: number | null;
  rne: string;
  ls: string;
  cin: string;
  place: string;
  provider: string;
  rec: string | null;
  reasonPlaceChange: string | null;
  homePost: string;
  plPost: string;
  plLa: string;
  urn: string | null;
}

export interface Child {
  id: string;
  male: boolean;
  dob: number;
  ethnic: string;
  cin: string;
  homePost: string;
  episodes: Episode[];
  missing: { start: number; end: number | null }[];
}

const DAY = 86_400_000;
export const day = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
export const isoOf = (d: number): string => new Date(d * DAY).toISOString().slice(0, 10);
const addYears = (d: number, years: number): number => {
  const t = new Date(d * DAY);
  t.setUTCFullYear(t.getUTCFullYear() + years);
  return Math.round(t.getTime() / DAY);
};
const ageAt = (dob: number, at: number): number => {
  let age = new Date(at * DAY).getUTCFullYear() - new Date(dob * DAY).getUTCFullYear();
  if (addYears(dob, age) > at) age -= 1;
  return age;
};
const endOfMonth = (d: number): number => {
  const t = new Date(d * DAY);
  return Math.round(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0) / DAY);
};
const groupOf = (age: number): R.AgeGroup => R.AGE_GROUPS.find((g) => age >= g.from && age < g.to)?.group ?? '16plus';

/** Supported accommodation: H5 until registration began (K3, valid from the 2024-25 return, SSDA903.md 1.4). */
export const K3_FROM = day('2024-04-01');
/**
 * H5 is retired from the 2025-26 return: an H5 placement still open at the end of the 2024-25 year becomes K3 on
 * 31 March 2025 (so the H5 episode ends within the last return that accepts the code).
 */
export const H5_UNTIL = day('2025-03-31');

export interface SimulatedChildren {
  children: Child[];
}

export function simulateChildren(options: {
  council: CouncilProfile;
  /** 0-based position of the council in the region: child ids are unique across the region. */
  index: number;
  region: readonly CouncilProfile[];
  /** Simulate from this day (a burn-in before the first return) to this day. */
  from: number;
  to: number;
  random: Random;
}): SimulatedChildren {
  const { council, random, from, to } = options;
  const target = council.lookedAfter;
  const neighbours: readonly Place[] = WEST_MIDLANDS.filter((c) => c.code !== council.code);
  let serial = 0;
  const nextId = () => `C${String(options.index + 1).padStart(2, '0')}${String(++serial).padStart(6, '0')}`;
  const children: Child[] = [];
  const inCare: Child[] = [];

  const location = (place: string, homePost: string): { plPost: string; plLa: string } => {
    if (place === 'P1') return { plPost: homePost, plLa: council.code };
    // Placed with parents are always at home: the rest go out of area a little more often so that the whole stock
    // matches OUT_OF_AREA_SHARE.
    if (!random.chance(R.OUT_OF_AREA_SHARE / 0.94))
      return { plPost: random.pick(council.districts), plLa: council.code };
    const where = random.chance(R.OUT_OF_AREA_IN_REGION) ? random.pick(neighbours) : random.pick(BEYOND_REGION);
    return { plPost: random.pick(where.districts), plLa: where.code };
  };
  const provider = (place: string): string => {
    if (place === 'P1') return 'PR0';
    if (place.startsWith('A')) return 'PR1';
    if (place.startsWith('U')) return random.weighted(R.PROVIDER_BY_KIND.foster);
    if (['K1', 'K2', 'H5', 'K3', 'S1'].includes(place)) return random.weighted(R.PROVIDER_BY_KIND.home);
    return random.weighted(R.PROVIDER_BY_KIND.other);
  };
  const placement = (age: number, at: number, ls: string, entry: boolean): string => {
    for (;;) {
      let place = random.weighted(R.PLACEMENT_BY_AGE[groupOf(age)]);
      if (place === 'SUPPORTED') place = at < K3_FROM ? 'H5' : 'K3';
      if (entry && place.startsWith('A')) continue; // placed for adoption only after a placement order
      if (place === 'P1' && ls === 'V2') continue; // accommodated under s20 means not at home
      return place;
    }
  };
  const episode = (child: Child, start: number, fields: Partial<Episode> & { rne: string; ls: string }) => {
    const place = fields.place ?? child.episodes.at(-1)!.place;
    const moved = fields.place !== undefined;
    const prev = child.episodes.at(-1);
    const where = moved || !prev ? location(place, child.homePost) : { plPost: prev.plPost, plLa: prev.plLa };
    const e: Episode = {
      decom: start,
      dec: null,
      rne: fields.rne,
      ls: fields.ls,
      cin: child.cin,
      place,
      provider: moved || !prev ? provider(place) : prev.provider,
      rec: null,
      reasonPlaceChange: fields.reasonPlaceChange ?? null,
      homePost: child.homePost,
      ...where,
      urn: ['K1', 'K2', 'H5', 'K3', 'S1'].includes(place) ? `SC${String(random.int(100_000, 999_999))}` : null,
    };
    child.episodes.push(e);
  };
  const close = (child: Child, at: number, rec: string) => {
    const e = child.episodes.at(-1)!;
    e.dec = at;
    e.rec = rec;
  };
  const enter = (ageYears: number, at: number, careStart: number) => {
    const dob = at - Math.round(ageYears * 365.25) - random.int(0, 364);
    const cin = random.weighted(R.CATEGORY_OF_NEED);
    const child: Child = {
      id: nextId(),
      male: random.chance(R.MALE_SHARE),
      dob: Math.min(dob, careStart),
      ethnic: random.weighted(R.ETHNICITY),
      cin,
      homePost: random.pick(council.districts),
      episodes: [],
      missing: [],
    };
    const longAgo = at - careStart > R.INTERIM_MONTHS * 30;
    const ls =
      ageAt(child.dob, careStart) >= 10 && random.chance(0.03)
        ? 'J1'
        : longAgo
          ? 'C2'
          : random.weighted(R.ENTRY_LEGAL_STATUS);
    episode(child, careStart, { rne: 'S', ls, place: placement(ageAt(child.dob, careStart), careStart, ls, true) });
    children.push(child);
    inCare.push(child);
  };

  // The stock at the start: ages as in STOCK_AGE, each looked after for up to six years before.
  for (let i = 0; i < target; i += 1) {
    const drawn = random.weighted(R.STOCK_AGE);
    const group = R.AGE_GROUPS.find((g) => g.group === drawn)!;
    const age = random.int(group.from, group.to - 1);
    const careStart = from - random.int(0, Math.min(age, 6) * 365);
    enter(age, from, careStart);
  }

  for (let monthStart = from; monthStart <= to;) {
    const monthEnd = Math.min(endOfMonth(monthStart), to);
    const length = monthEnd - monthStart + 1;
    // Exits: the hazard that keeps the stock near the council's size once entries and 18th birthdays are counted.
    const pressure = (inCare.length / target) ** 2;
    const exitHazard = ((R.EXIT_RATE - 0.13) * pressure) / 12;
    for (const child of [...inCare]) {
      const last = child.episodes.at(-1)!;
      if (last.place === 'H5' && monthStart <= H5_UNTIL && H5_UNTIL <= monthEnd && last.decom < H5_UNTIL) {
        close(child, H5_UNTIL, 'X1');
        episode(child, H5_UNTIL, { rne: 'T', ls: last.ls, place: 'K3', reasonPlaceChange: 'PLACE' });
        Object.assign(child.episodes.at(-1)!, { plPost: last.plPost, plLa: last.plLa, urn: last.urn });
      }
      const current = child.episodes.at(-1)!;
      const eighteen = addYears(child.dob, 18);
      if (eighteen <= monthEnd) {
        close(child, Math.max(eighteen, current.decom + 1), random.weighted(R.EXIT_REASON_AT_18));
        inCare.splice(inCare.indexOf(child), 1);
        continue;
      }
      const age = ageAt(child.dob, monthStart);
      if (age >= R.MISSING_MIN_AGE && random.chance(R.MISSING_PER_MONTH_AGE_11_PLUS)) {
        const start = Math.max(current.decom, monthStart + random.int(0, length - 1));
        const end = start + random.int(0, 3);
        if (start <= monthEnd) child.missing.push({ start, end: end <= to ? end : null });
      }
      const when = Math.max(current.decom + 1, monthStart + random.int(0, length - 1));
      if (when > monthEnd) continue;
      if (random.chance(exitHazard)) {
        let rec = random.weighted(R.EXIT_REASON_UNDER_18);
        if ((rec === 'E11' || rec === 'E12') && age >= 10) rec = 'E4A';
        if (current.place.startsWith('A') && random.chance(0.8)) rec = random.chance(0.7) ? 'E11' : 'E12';
        close(child, when, rec);
        inCare.splice(inCare.indexOf(child), 1);
        continue;
      }
      if (current.ls === 'C1' || current.ls === 'L1' || current.ls === 'L2') {
        const months = current.ls === 'C1' ? R.INTERIM_MONTHS : 0.3;
        if (when - current.decom >= months * 30) {
          close(child, when, 'X1');
          episode(child, when, { rne: 'L', ls: current.ls === 'C1' ? 'C2' : 'C1' });
          continue;
        }
      }
      if (random.chance(R.MOVE_HAZARD_PER_MONTH)) {
        let place = placement(age, when, current.ls, false);
        let ls = current.ls;
        let rne = 'P';
        if (place.startsWith('A')) {
          if (age >= 8) place = 'U4';
          else if (ls !== 'E1') [ls, rne] = ['E1', 'B'];
        }
        close(child, when, 'X1');
        episode(child, when, { rne, ls, place, reasonPlaceChange: random.weighted(R.REASON_PLACE_CHANGE) });
        continue;
      }
    }
    // Entries this month, ages as in ENTRY_AGE.
    const entries = random.poisson((target * R.ENTRY_RATE) / 12);
    for (let i = 0; i < entries; i += 1) {
      const drawn = random.weighted(R.ENTRY_AGE);
      const group = R.AGE_GROUPS.find((g) => g.group === drawn)!;
      const age =
        group.group === '16plus' ? 16 + random.next() * 1.7 : group.from + random.next() * (group.to - group.from);
      const at = monthStart + random.int(0, length - 1);
      enter(Math.floor(age), at, at);
    }
    monthStart = monthEnd + 1;
  }
  return { children };
}
