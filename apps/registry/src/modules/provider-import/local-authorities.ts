/**
 * ONS codes of the West Midlands councils with children's services, by the names the Ofsted lists use. A name not
 * listed keeps its name and gets no code (the lists carry names only).
 */
const CODES: Record<string, string> = {
  birmingham: 'E08000025',
  coventry: 'E08000026',
  dudley: 'E08000027',
  sandwell: 'E08000028',
  solihull: 'E08000029',
  walsall: 'E08000030',
  wolverhampton: 'E08000031',
  herefordshire: 'E06000019',
  'county of herefordshire': 'E06000019',
  'telford and wrekin': 'E06000020',
  'telford & wrekin': 'E06000020',
  'stoke-on-trent': 'E06000021',
  'stoke on trent': 'E06000021',
  shropshire: 'E06000051',
  staffordshire: 'E10000028',
  warwickshire: 'E10000031',
  worcestershire: 'E10000034',
};

export function localAuthorityCode(name: string): string | null {
  return CODES[name.toLowerCase().replace(/\s+/g, ' ').trim()] ?? null;
}
