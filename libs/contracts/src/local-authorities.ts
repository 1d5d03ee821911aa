/**
 * The geography of the councils the platform knows (the West Midlands councils with children's services): ONS code
 * (`new_la_code`), the DfE's three-digit local authority number (`old_la_code`), the name the DfE publishes
 * (`la_name`) and the ONS region. Sources: ONS Open Geography Portal (counties and unitary authorities, and regions,
 * Open Government Licence v3.0) and the DfE's LA numbers as listed in the DfE open-data screener's lookup
 * (github.com/dfe-analytical-services/dfe-published-data-qa, data/region_la_hierarchy.csv). `aliases` are other
 * spellings the Ofsted and DfE provider lists use. A council not listed here has no published geography: add it,
 * from the same sources, before it joins a region.
 */
export interface LocalAuthority {
  newLaCode: string;
  oldLaCode: string;
  laName: string;
  regionCode: string;
  regionName: string;
  aliases: readonly string[];
}

export const ENGLAND = { countryCode: 'E92000001', countryName: 'England' } as const;

const WEST_MIDLANDS = { regionCode: 'E12000005', regionName: 'West Midlands' } as const;

export const LOCAL_AUTHORITIES: readonly LocalAuthority[] = [
  { newLaCode: 'E08000025', oldLaCode: '330', laName: 'Birmingham', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E08000026', oldLaCode: '331', laName: 'Coventry', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E08000027', oldLaCode: '332', laName: 'Dudley', ...WEST_MIDLANDS, aliases: [] },
  {
    newLaCode: 'E06000019',
    oldLaCode: '884',
    laName: 'Herefordshire, County of',
    ...WEST_MIDLANDS,
    aliases: ['Herefordshire', 'County of Herefordshire'],
  },
  { newLaCode: 'E08000028', oldLaCode: '333', laName: 'Sandwell', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E06000051', oldLaCode: '893', laName: 'Shropshire', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E08000029', oldLaCode: '334', laName: 'Solihull', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E10000028', oldLaCode: '860', laName: 'Staffordshire', ...WEST_MIDLANDS, aliases: [] },
  {
    newLaCode: 'E06000021',
    oldLaCode: '861',
    laName: 'Stoke-on-Trent',
    ...WEST_MIDLANDS,
    aliases: ['Stoke on Trent'],
  },
  {
    newLaCode: 'E06000020',
    oldLaCode: '894',
    laName: 'Telford and Wrekin',
    ...WEST_MIDLANDS,
    aliases: ['Telford & Wrekin'],
  },
  { newLaCode: 'E08000030', oldLaCode: '335', laName: 'Walsall', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E10000031', oldLaCode: '937', laName: 'Warwickshire', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E08000031', oldLaCode: '336', laName: 'Wolverhampton', ...WEST_MIDLANDS, aliases: [] },
  { newLaCode: 'E10000034', oldLaCode: '885', laName: 'Worcestershire', ...WEST_MIDLANDS, aliases: [] },
];

const BY_CODE = new Map(LOCAL_AUTHORITIES.map((la) => [la.newLaCode, la]));
const normalise = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
const BY_NAME = new Map(
  LOCAL_AUTHORITIES.flatMap((la) => [la.laName, ...la.aliases].map((n) => [normalise(n), la] as const)),
);

/** The council with this ONS code, or null when the platform does not know its geography. */
export function localAuthorityByCode(code: string): LocalAuthority | null {
  return BY_CODE.get(code) ?? null;
}

/** The council a provider list names (any published spelling, case and spacing ignored), or null. */
export function localAuthorityByName(name: string): LocalAuthority | null {
  return BY_NAME.get(normalise(name)) ?? null;
}
