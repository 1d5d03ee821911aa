// Generates the SYNTHETIC West Midlands-like provider list (providers.csv and providers.xlsx, the same rows) in the
// Ofsted / DfE 2025 combined-list layout ("Providers" sheet; column names as in the provider lists). Deterministic:
// the same seed gives the same file. Run: node infra/demo/providers/generate.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import writeXlsxFile from 'write-excel-file/node';

const here = dirname(fileURLToPath(import.meta.url));

// mulberry32: a small seeded PRNG, so the file is reproducible.
let seed = 20251123;
function random() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// Each council's postcode districts (synthetic homes are placed in them).
const COUNCILS = JSON.parse(readFileSync(join(here, 'councils.json'), 'utf8'));
const COUNCIL_NAMES = Object.keys(COUNCILS);

const FIRST = [
  'Oak',
  'Willow',
  'Cedar',
  'Hawthorn',
  'Rowan',
  'Birch',
  'Maple',
  'Ash',
  'Elm',
  'Holly',
  'Linden',
  'Hazel',
  'Juniper',
  'Alder',
  'Beech',
  'Aspen',
  'Laurel',
  'Poplar',
  'Larch',
  'Yew',
];
const SECOND = [
  'Tree',
  'Bridge',
  'Meadow',
  'Brook',
  'Valley',
  'Field',
  'Haven',
  'Harbour',
  'Lane',
  'Grove',
  'Hill',
  'Spring',
  'Path',
  'Gate',
  'Court',
  'Heath',
];
const KIND = ['Care', 'Childcare', 'Children\u2019s Services', 'Homes', 'Family Care', 'Young People\u2019s Services'];
const STREETS = [
  'Mill',
  'Church',
  'Station',
  'Park',
  'Victoria',
  'Albert',
  'Chapel',
  'School',
  'Green',
  'Manor',
  'Orchard',
  'Castle',
  'Canal',
  'Forge',
  'Priory',
  'Abbey',
  'Kings',
  'Queens',
  'Bank',
  'Brook',
];
const PLACE = ['House', 'Lodge', 'View', 'Cottage', 'Place', 'Court', 'Villa', 'Barn'];
const GROUPS = [
  'Synthetic Care Holdings plc',
  'Example Children\u2019s Group Ltd',
  'Placeholder Partners LLP',
  null,
  null,
  null,
  null,
];
const GRADES = ['Outstanding', 'Good', 'Good', 'Good', 'Requires improvement to be good', 'Inadequate', ''];
const NEEDS = [
  ['Emotional and Behavioural Difficulties', 0.75],
  ['Mental Disorders', 0.25],
  ['Sensory Impairment', 0.08],
  ['Present Alcohol Problems', 0.15],
  ['Present Drug Problems', 0.15],
  ['Learning Difficulty', 0.3],
  ['Physical Disabilities', 0.1],
];

const providerNames = new Set();
function providerName() {
  for (;;) {
    const name = `${pick(FIRST)} ${pick(SECOND)} ${pick(KIND)} Ltd`;
    if (!providerNames.has(name)) {
      providerNames.add(name);
      return name;
    }
  }
}

const providers = [];
for (let i = 0; i < 110; i++) {
  const sector = i < 8 ? 'Voluntary' : 'Private';
  providers.push({ name: providerName(), sector, top: sector === 'Private' ? pick(GROUPS) : null });
}
// The councils' own homes and fostering services.
const councilProviders = Object.fromEntries(
  COUNCIL_NAMES.map((c) => [c, { name: `${c} Council (synthetic)`, sector: 'Local Authority', top: null }]),
);

let scUrn = 500_000;
let saUrn = 2_700_000;
let schoolUrn = 124_000;
const names = new Set();
function settingName() {
  for (;;) {
    const n = `${between(1, 240)} ${pick(STREETS)} ${pick(PLACE)}`;
    if (!names.has(n)) {
      names.add(n);
      return n;
    }
  }
}
function postcode(district) {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `${district} ${between(1, 9)}${pick(letters)}${pick(letters)}`;
}
function date(from, to) {
  const d = new Date(Date.UTC(from, 0, 1) + Math.floor(random() * (to - from + 1) * 365) * 86_400_000);
  return d;
}
const dmy = (d) =>
  d
    ? `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`
    : '';

const rows = [];
function add({
  type,
  subtype = '',
  provider,
  council,
  places,
  needs = [],
  ages = ['', ''],
  sex = '',
  frameworks = '',
  urn,
}) {
  const registered = date(2005, 2023);
  const r = random();
  const status = r < 0.04 ? 'Closed' : r < 0.06 ? 'Suspended' : 'Active';
  const closed =
    status === 'Closed' ? new Date(Math.max(registered.getTime() + 400 * 86_400_000, Date.UTC(2024, 0, 1))) : null;
  const inspected = type === 'Supported Accommodation' ? null : date(2022, 2025);
  rows.push({
    'Local authority': council,
    URN: urn,
    'Provider type': type,
    'Provider subtype': subtype,
    Sector: provider.sector,
    'Provider name': settingName(),
    'Registration date': registered,
    'Registration status': status,
    'Deregistration date': closed,
    Postcode: postcode(pick(COUNCILS[council])),
    'Owner name': provider.name,
    top_company: provider.top ?? '',
    Region: 'West Midlands',
    'Date of last full inspection': inspected,
    'Overall effectiveness': inspected ? pick(GRADES) : '',
    'Number of registered places': places,
    ...Object.fromEntries(NEEDS.map(([column]) => [column, needs.includes(column) ? 'Y' : 'N'])),
    'Minimum age': ages[0],
    'Maximum age': ages[1],
    Sex: sex,
    Frameworks: frameworks,
  });
}

// Children's homes: most with four places or fewer.
for (let i = 0; i < 300; i++) {
  const provider = i % 12 === 0 ? councilProviders[pick(COUNCIL_NAMES)] : pick(providers);
  const needs = NEEDS.filter(([, p]) => chance(p)).map(([c]) => c);
  const ages = chance(0.6)
    ? ['', '']
    : pick([
        ['11', '17'],
        ['8', '17'],
        ['13', '17'],
        ['5', '17'],
        ['10', '16'],
      ]);
  add({
    type: "Children's Home",
    provider,
    council: pick(COUNCIL_NAMES),
    places: pick([1, 2, 2, 3, 3, 4, 4, 4, 5, 6]),
    needs,
    ages,
    sex: chance(0.85) ? 'Mixed' : pick(['Male', 'Female']),
    frameworks: chance(0.5) ? `framework:WMRCC Residential Framework 2025:${pick(['1', '2', '1/2'])}` : '',
    urn: `SC${scUrn++}`,
  });
}
for (let i = 0; i < 2; i++)
  add({
    type: "Children's Home",
    subtype: 'Secure Unit',
    provider: councilProviders[pick(COUNCIL_NAMES)],
    council: pick(COUNCIL_NAMES),
    places: between(8, 12),
    needs: ['Emotional and Behavioural Difficulties', 'Mental Disorders'],
    ages: ['10', '17'],
    sex: 'Mixed',
    urn: `SC${scUrn++}`,
  });
for (let i = 0; i < 12; i++)
  add({
    type: 'Residential Special School',
    provider: pick(providers),
    council: pick(COUNCIL_NAMES),
    places: between(10, 40),
    needs: [
      'Learning Difficulty',
      pick(['Physical Disabilities', 'Sensory Impairment', 'Emotional and Behavioural Difficulties']),
    ],
    ages: ['8', '17'],
    sex: 'Mixed',
    urn: String(schoolUrn++),
  });
for (let i = 0; i < 4; i++)
  add({
    type: 'Residential Family Centre',
    provider: pick(providers),
    council: pick(COUNCIL_NAMES),
    places: between(3, 6),
    urn: `SC${scUrn++}`,
  });
for (let i = 0; i < 28; i++)
  add({
    type: 'Independent Fostering Agency',
    provider: pick(providers),
    council: pick(COUNCIL_NAMES),
    places: between(20, 150),
    frameworks: chance(0.7) ? 'framework:WMRCC Fostering Framework 2025:1' : '',
    urn: `SC${scUrn++}`,
  });
for (const council of COUNCIL_NAMES)
  add({
    type: 'Local Authority Fostering Agency',
    provider: councilProviders[council],
    council,
    places: between(100, 400),
    urn: `SC${scUrn++}`,
  });
for (let i = 0; i < 52; i++)
  add({
    type: 'Supported Accommodation',
    subtype: pick(['Category 1', 'Category 2', 'Category 3']),
    provider: pick(providers),
    council: pick(COUNCIL_NAMES),
    places: between(2, 12),
    ages: ['16', '17'],
    frameworks: chance(0.4) ? `dps:WMRCC Supported Accommodation DPS:${pick(['A', 'B', 'A/B'])}` : '',
    urn: String(saUrn++),
  });
// Out of scope for the registry (counted, not imported).
for (let i = 0; i < 3; i++)
  add({
    type: 'Voluntary Adoption Agency',
    provider: providers[i],
    council: pick(COUNCIL_NAMES),
    places: 0,
    urn: `SC${scUrn++}`,
  });
// Two supported accommodation settings operating without registration (the list flags them).
for (let i = 0; i < 2; i++) {
  add({
    type: 'Supported Accommodation',
    provider: pick(providers),
    council: pick(COUNCIL_NAMES),
    places: between(2, 6),
    ages: ['16', '17'],
    urn: String(saUrn++),
  });
  rows.at(-1)['Registration status'] = 'Unregistered';
  rows.at(-1)['Deregistration date'] = null;
}

const COLUMNS = Object.keys(rows[0]);
const csvCell = (v) => {
  const s = v instanceof Date ? dmy(v) : v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
writeFileSync(
  join(here, 'providers.csv'),
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n',
);
const sheet = [
  COLUMNS.map((c) => ({ value: c, fontWeight: 'bold' })),
  ...rows.map((r) =>
    COLUMNS.map((c) => {
      const v = r[c];
      if (v instanceof Date) return { value: v, type: Date, format: 'dd/mm/yyyy' };
      if (typeof v === 'number') return { value: v, type: Number };
      return v === null || v === '' ? null : { value: String(v), type: String };
    }),
  ),
];
await writeXlsxFile(sheet, { sheet: 'Providers' }).toFile(join(here, 'providers.xlsx'));
console.log(
  `wrote ${rows.length} rows (${providers.length + COUNCIL_NAMES.length} providers) to providers.csv and providers.xlsx`,
);
