import { SHORT_BREAK_LEGAL_STATUS } from './codes.js';
import { ADULT_AGE, ageBand, ageInYears } from './dates.js';
import type { EpisodeRow, HeaderRow } from './rows.js';
import { latestOpen } from './series.js';

/**
 * A council's figures in the layout of the DfE's published local-authority tables for children looked after
 * ("Children looked after in England including adoptions"), so a data team can lay them beside what the DfE
 * published for it. The rows follow the DfE's headings; each row names the SSDA903 codes it counts, so a
 * difference can be traced to codes. Counting rules: libs/ssda903/README.md "Counting rules".
 */
export interface DfeRow {
  label: string;
  /** The SSDA903 codes (or ages) counted in this row. */
  codes: string;
  count: number;
}
export interface DfeTable {
  title: string;
  total: number;
  rows: DfeRow[];
}
export interface DfeTables {
  /** The collection year: the year of its 31 March (2022 is the 2021-22 return). */
  year: number;
  asAt: string;
  tables: DfeTable[];
}

type Grouping = { label: string; codes: readonly string[] }[];

/** Placement type, by the DfE table's headings (K3 from 2024-25, Z11-Z14 from 2025-26). */
export const DFE_PLACEMENT: Grouping = [
  { label: 'Foster placements: with relative or friend', codes: ['U1', 'U2', 'U3'] },
  { label: 'Foster placements: with other foster carer', codes: ['U4', 'U5', 'U6'] },
  { label: 'Placed for adoption', codes: ['A3', 'A4', 'A5', 'A6'] },
  { label: 'Placed with parents or other person with parental responsibility', codes: ['P1'] },
  { label: 'Other placements in the community', codes: ['P2', 'P3'] },
  { label: "Secure units, children's homes and semi-independent living", codes: ['K1', 'K2', 'H5', 'K3'] },
  { label: 'Other residential settings', codes: ['R1', 'R2', 'R3', 'R5'] },
  { label: 'Residential schools', codes: ['S1'] },
  { label: 'Other placements', codes: ['T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14'] },
];

/** Legal status (V3 and V4, short breaks, are not counted at 31 March). */
export const DFE_LEGAL_STATUS: Grouping = [
  { label: 'Care orders: interim care order', codes: ['C1'] },
  { label: 'Care orders: full care order', codes: ['C2'] },
  { label: 'Freed for adoption', codes: ['D1'] },
  { label: 'Placement order granted', codes: ['E1'] },
  { label: 'Voluntary agreements under section 20', codes: ['V2'] },
  { label: 'Detained for child protection', codes: ['L1', 'L2', 'L3'] },
  { label: 'Youth justice legal statuses', codes: ['J1', 'J2', 'J3'] },
];

/** Gender as the return codes it: 1/2 up to 2023-24, M/F/U from 2024-25. */
export const DFE_GENDER: Grouping = [
  { label: 'Male', codes: ['1', 'M'] },
  { label: 'Female', codes: ['2', 'F'] },
  { label: 'Unknown', codes: ['U'] },
];

/** Ethnicity by the DfE's major groups (Chinese in the Asian group, as the DfE has published since 2021-22). */
export const DFE_ETHNICITY: Grouping = [
  { label: 'White', codes: ['WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM'] },
  { label: 'Mixed or multiple ethnic groups', codes: ['MWBC', 'MWBA', 'MWAS', 'MOTH'] },
  { label: 'Asian or Asian British', codes: ['AIND', 'APKN', 'ABAN', 'AOTH', 'CHNE'] },
  { label: 'Black, Black British, Caribbean or African', codes: ['BCRB', 'BAFR', 'BOTH'] },
  { label: 'Other ethnic group', codes: ['OOTH'] },
  { label: 'Refused or information not yet obtained', codes: ['REFU', 'NOBT'] },
];

const AGES: Grouping = [
  { label: 'Under 1', codes: ['under-1'] },
  { label: '1 to 4 years', codes: ['1-4'] },
  { label: '5 to 9 years', codes: ['5-9'] },
  { label: '10 to 15 years', codes: ['10-15'] },
  { label: '16 years and over', codes: ['16-plus'] },
];

/**
 * Builds the tables one child at a time (the council streams its children through a cursor: memory stays flat).
 * Feed each child once with its header row and all of its stitched episodes.
 */
export class DfeTablesBuilder {
  readonly asAt: string;
  private readonly from: string;
  private readonly counts = new Map<string, number>();
  private started = 0;
  private ceased = 0;

  constructor(readonly year: number) {
    this.asAt = `${year}-03-31`;
    this.from = `${year - 1}-04-01`;
  }

  private add(table: string, key: string): void {
    this.counts.set(`${table}/${key}`, (this.counts.get(`${table}/${key}`) ?? 0) + 1);
  }

  addChild(header: HeaderRow, episodes: EpisodeRow[]): void {
    const current = latestOpen(episodes, this.asAt);
    if (current && !SHORT_BREAK_LEGAL_STATUS.includes(current.ls) && ageInYears(header.dob, this.asAt) < ADULT_AGE) {
      this.add('place', current.place);
      this.add('age', ageBand(header.dob, this.asAt));
      this.add('ls', current.ls);
      this.add('sex', header.sex);
      this.add('ethnic', header.ethnic);
    }
    // Started and ceased during the year: each child once, however many times it started or ceased. Short breaks
    // (V3, V4) are not counted; an episode ending X1 is followed by another the same day (not a ceasing).
    const inYear = (d: string | null) => d !== null && d >= this.from && d <= this.asAt;
    const counted = episodes.filter((e) => !SHORT_BREAK_LEGAL_STATUS.includes(e.ls));
    if (counted.some((e) => e.rne === 'S' && inYear(e.decom))) this.started += 1;
    if (counted.some((e) => inYear(e.dec) && e.rec !== null && e.rec !== 'X1')) this.ceased += 1;
  }

  result(): DfeTables {
    const table = (title: string, key: string, grouping: Grouping): DfeTable => {
      const rows = grouping.map((g) => ({
        label: g.label,
        codes: g.codes.join(', '),
        count: g.codes.reduce((n, c) => n + (this.counts.get(`${key}/${c}`) ?? 0), 0),
      }));
      return { title, total: rows.reduce((n, r) => n + r.count, 0), rows };
    };
    const at = `at 31 March ${this.year}`;
    return {
      year: this.year,
      asAt: this.asAt,
      tables: [
        table(`Children looked after ${at} by placement`, 'place', DFE_PLACEMENT),
        table(`Children looked after ${at} by age`, 'age', AGES),
        table(`Children looked after ${at} by legal status`, 'ls', DFE_LEGAL_STATUS),
        table(`Children looked after ${at} by gender`, 'sex', DFE_GENDER),
        table(`Children looked after ${at} by ethnicity`, 'ethnic', DFE_ETHNICITY),
        {
          title: `Children who started and ceased to be looked after during the year ending 31 March ${this.year}`,
          total: this.started + this.ceased,
          rows: [
            { label: 'Started to be looked after', codes: 'RNE S', count: this.started },
            { label: 'Ceased to be looked after', codes: 'REC other than X1', count: this.ceased },
          ],
        },
      ],
    };
  }
}

/** The tables of one year from a whole stitched history held in memory (tests, small councils). */
export function dfeTables(children: HeaderRow[], episodes: EpisodeRow[], year: number): DfeTables {
  const byChild = new Map<string, EpisodeRow[]>();
  for (const e of episodes) byChild.set(e.child, [...(byChild.get(e.child) ?? []), e]);
  const builder = new DfeTablesBuilder(year);
  for (const h of children) builder.addChild(h, byChild.get(h.child) ?? []);
  return builder.result();
}

/** The tables as text, in the order and wording of the DfE's: what `rcc reconcile-903` prints. */
export function formatDfeTables(t: DfeTables, council: string): string {
  const lines = [`${council}: children looked after, DfE local-authority table layout, year ending ${t.asAt}`];
  for (const table of t.tables) {
    lines.push('', table.title);
    const width = Math.max(...table.rows.map((r) => r.label.length), 5);
    for (const r of table.rows) lines.push(`  ${r.label.padEnd(width)}  ${String(r.count).padStart(6)}   (${r.codes})`);
    if (!table.title.includes('started and ceased'))
      lines.push(`  ${'Total'.padEnd(width)}  ${String(table.total).padStart(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
