import type { CouncilProfile } from './geography.js';
import {
  GROUP_SHARE_OF_PRIVATE,
  GROUP_WEIGHTS,
  HOME_NEEDS,
  HOME_PLACES,
  HOME_SECTOR,
  HOMES_PER_CHILD_LOOKED_AFTER,
  IFA_SECTOR,
  IFAS_PER_COUNCIL,
  IN_HOUSE_FOSTERING_PLACES_PER_CHILD,
  RATINGS,
  SUPPORTED_SETTINGS_PER_CHILD,
  WEEKLY_PRICE_POUNDS,
  type MarketKind,
} from './market-rates.js';
import { Random } from './random.js';
import type { ReturnFile } from './region.js';

export type Sector = 'Private' | 'Voluntary' | 'Local Authority';

export interface MarketProvider {
  name: string;
  sector: Sector;
  /** The ownership group (top company) of a group-owned provider. */
  group: string | null;
}

export interface MarketSetting {
  urn: string;
  kind: MarketKind;
  councilCode: string;
  councilName: string;
  provider: MarketProvider;
  name: string;
  postcode: string;
  /** YYYY-MM-DD */
  registered: string;
  rating: keyof typeof RATINGS | null;
  places: number;
  ages: [number, number] | null;
  needs: string[];
  /** The provider's usual weekly price for a place here, excluding VAT (used by offers and contracts). */
  weeklyPricePence: number;
}

export interface SimulatedMarket {
  providers: MarketProvider[];
  settings: MarketSetting[];
  /** The provider that leaves the market during the simulated year, and the day its settings close. */
  exit: { provider: MarketProvider; date: string };
  /** The provider list as Ofsted published it before the exit, and as it is now (its settings closed). */
  listBeforeExit: ReturnFile;
  listNow: ReturnFile;
}

export interface MarketOptions {
  seed: number;
  councils: readonly CouncilProfile[];
  /** The day the market is as at (YYYY-MM-DD); the exit falls in the 12 months before it. */
  asAt: string;
}

const KIND_TYPE: Record<MarketKind, string> = {
  'childrens-home': "Children's Home",
  'independent-fostering-agency': 'Independent Fostering Agency',
  'local-authority-fostering': 'Local Authority Fostering Agency',
  'supported-accommodation': 'Supported Accommodation',
};

const FIRST = ['Oak', 'Willow', 'Cedar', 'Hawthorn', 'Rowan', 'Birch', 'Maple', 'Ash', 'Elm', 'Holly', 'Linden', 'Hazel', 'Juniper', 'Alder', 'Beech', 'Aspen', 'Laurel', 'Poplar', 'Larch', 'Yew'] as const; // prettier-ignore
const SECOND = ['Tree', 'Bridge', 'Meadow', 'Brook', 'Valley', 'Field', 'Haven', 'Harbour', 'Lane', 'Grove', 'Hill', 'Spring', 'Path', 'Gate', 'Court', 'Heath'] as const; // prettier-ignore
const KIND = ['Care', 'Childcare', 'Children’s Services', 'Homes', 'Family Care', 'Young People’s Services'] as const; // prettier-ignore
const STREETS = ['Mill', 'Church', 'Station', 'Park', 'Victoria', 'Albert', 'Chapel', 'School', 'Green', 'Manor', 'Orchard', 'Castle', 'Canal', 'Forge', 'Priory', 'Abbey', 'Kings', 'Queens', 'Bank', 'Brook'] as const; // prettier-ignore
const PLACE = ['House', 'Lodge', 'View', 'Cottage', 'Place', 'Court', 'Villa', 'Barn'] as const;
const GROUPS = ['Synthetic Care Holdings plc', 'Example Children’s Group Ltd', 'Placeholder Partners LLP', 'Imaginary Outcomes Group Ltd', 'Fictional Futures Holdings Ltd', 'Modelled Care Group plc'] as const; // prettier-ignore
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Price in pence, log-normal around the kind's median and kept in its range, rounded to whole pounds. */
function price(kind: MarketKind, random: Random): number {
  const p = WEEKLY_PRICE_POUNDS[kind];
  const pounds = Math.min(p.max, Math.max(p.min, p.median * Math.exp(p.sigma * random.normal())));
  return Math.round(pounds) * 100;
}

function weighted<T extends string>(random: Random, weights: Readonly<Record<T, number>>): T {
  return random.weighted(weights);
}

/**
 * A provider market like the Ofsted lists for the councils given: children's homes, independent and in-house fostering
 * and supported accommodation per council in proportion to its children looked after, ownership groups, ratings, places,
 * age ranges and weekly prices from market-rates.ts. Deterministic from the seed. Synthetic names, URNs and postcodes.
 */
export function simulateMarket(options: MarketOptions): SimulatedMarket {
  const random = new Random(options.seed * 31_337 + 17);
  const names = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const n = make();
      if (!names.has(n)) return (names.add(n), n);
    }
  };
  const groups = GROUPS.map((name) => ({ name, weight: 0 }));
  GROUP_WEIGHTS.forEach((w, i) => (groups[i]!.weight = w));
  const groupProviders = new Map<string, MarketProvider[]>();
  const independents: MarketProvider[] = [];
  const providers: MarketProvider[] = [];
  const newProvider = (sector: Sector, group: string | null): MarketProvider => {
    const p = { name: unique(() => `${random.pick(FIRST)} ${random.pick(SECOND)} ${random.pick(KIND)} Ltd`), sector, group }; // prettier-ignore
    providers.push(p);
    return p;
  };
  /** A for-profit operator: a group's company (each group trades through two or three) or a small independent. */
  const privateOperator = (): MarketProvider => {
    if (random.chance(GROUP_SHARE_OF_PRIVATE)) {
      const group = weighted(random, Object.fromEntries(groups.map((g) => [g.name, g.weight])));
      const companies = groupProviders.get(group) ?? [];
      if (companies.length < 3 && (companies.length === 0 || random.chance(0.2))) {
        companies.push(newProvider('Private', group));
        groupProviders.set(group, companies);
      }
      return random.pick(companies);
    }
    // A small independent: most run one or two homes, so a new company is likelier than an existing one.
    if (independents.length === 0 || random.chance(0.55)) independents.push(newProvider('Private', null));
    return random.pick(independents);
  };
  const voluntary: MarketProvider[] = [];
  const voluntaryOperator = (): MarketProvider => {
    if (voluntary.length === 0 || random.chance(0.4)) voluntary.push(newProvider('Voluntary', null));
    return random.pick(voluntary);
  };

  const settings: MarketSetting[] = [];
  let scUrn = 600_000;
  let saUrn = 2_800_000;
  for (const council of options.councils) {
    const own: MarketProvider = { name: `${council.name} Council (synthetic)`, sector: 'Local Authority', group: null };
    providers.push(own);
    const add = (kind: MarketKind, provider: MarketProvider, places: number, extra: Partial<MarketSetting> = {}) => {
      const district = random.pick(council.districts);
      const registeredYear = random.int(2005, 2025);
      const inspected = kind !== 'supported-accommodation' && registeredYear < 2025;
      settings.push({
        urn: kind === 'supported-accommodation' ? String(saUrn++) : `SC${scUrn++}`,
        kind,
        councilCode: council.code,
        councilName: council.name,
        provider,
        name: unique(() => `${random.int(1, 240)} ${random.pick(STREETS)} ${random.pick(PLACE)}`),
        postcode: `${district} ${random.int(1, 9)}${random.pick([...POSTCODE_LETTERS])}${random.pick([...POSTCODE_LETTERS])}`,
        registered: `${registeredYear}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
        rating: inspected ? weighted(random, RATINGS) : null,
        places,
        ages: null,
        needs: [],
        weeklyPricePence: price(kind, random),
        ...extra,
      });
    };
    const homes = Math.max(1, random.poisson(council.lookedAfter * HOMES_PER_CHILD_LOOKED_AFTER));
    for (let i = 0; i < homes; i++) {
      const sector = weighted(random, HOME_SECTOR);
      const provider = sector === 'Private' ? privateOperator() : sector === 'Voluntary' ? voluntaryOperator() : own;
      add('childrens-home', provider, Number(weighted(random, HOME_PLACES)), {
        needs: HOME_NEEDS.filter(([, p]) => random.chance(p)).map(([n]) => n),
        ages: random.chance(0.6) ? null : random.pick<[number, number]>([[11, 17], [8, 17], [13, 17], [5, 17], [10, 16]]), // prettier-ignore
      });
    }
    const ifas = Math.max(1, random.poisson(IFAS_PER_COUNCIL));
    for (let i = 0; i < ifas; i++) {
      const sector = weighted(random, IFA_SECTOR);
      add('independent-fostering-agency', sector === 'Private' ? privateOperator() : voluntaryOperator(), random.int(20, 150)); // prettier-ignore
    }
    add('local-authority-fostering', own, Math.round(council.lookedAfter * IN_HOUSE_FOSTERING_PLACES_PER_CHILD));
    const supported = Math.max(1, random.poisson(council.lookedAfter * SUPPORTED_SETTINGS_PER_CHILD));
    for (let i = 0; i < supported; i++)
      add('supported-accommodation', random.chance(0.85) ? privateOperator() : voluntaryOperator(), random.int(2, 12), { ages: [16, 17] }); // prettier-ignore
  }
  const exit = chooseExit(settings, options.asAt, random);
  return {
    providers,
    settings,
    exit,
    listBeforeExit: { name: 'simulated-providers-before-exit.csv', content: providerList(settings, null) },
    listNow: { name: 'simulated-providers.csv', content: providerList(settings, exit) },
  };
}

/** An independent with two or more children's homes closes them all on one day in the last 12 months. */
function chooseExit(settings: MarketSetting[], asAt: string, random: Random): SimulatedMarket['exit'] {
  const homes = new Map<MarketProvider, number>();
  for (const s of settings)
    if (s.kind === 'childrens-home' && s.provider.sector === 'Private' && !s.provider.group)
      homes.set(s.provider, (homes.get(s.provider) ?? 0) + 1);
  const candidates = [...homes].filter(([, n]) => n >= 2).map(([p]) => p);
  const provider = candidates.length > 0 ? random.pick(candidates) : [...homes.keys()][0]!;
  const date = new Date(Date.parse(`${asAt}T00:00:00Z`) - random.int(60, 300) * 86_400_000);
  return { provider, date: date.toISOString().slice(0, 10) };
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const cell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The DfE combined provider-list layout the registry imports (infra/demo/providers/README.md), with RCC's age columns. */
function providerList(settings: MarketSetting[], exit: SimulatedMarket['exit'] | null): string {
  const needColumns = HOME_NEEDS.map(([n]) => n);
  const columns = ['Local authority', 'URN', 'Provider type', 'Sector', 'Provider name', 'Registration date', 'Registration status', 'Deregistration date', 'Postcode', 'Owner name', 'top_company', 'Region', 'Overall effectiveness', 'Number of registered places', ...needColumns, 'Minimum age', 'Maximum age']; // prettier-ignore
  const rows = settings.map((s) => {
    const closed = exit !== null && s.provider === exit.provider;
    return [
      s.councilName,
      s.urn,
      KIND_TYPE[s.kind],
      s.provider.sector,
      s.name,
      dmy(s.registered),
      closed ? 'Closed' : 'Active',
      closed ? dmy(exit.date) : '',
      s.postcode,
      s.provider.name,
      s.provider.group ?? '',
      'West Midlands',
      s.rating ?? '',
      s.places,
      ...needColumns.map((n) => (s.needs.includes(n) ? 'Y' : 'N')),
      s.ages?.[0] ?? '',
      s.ages?.[1] ?? '',
    ];
  });
  return [columns, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
