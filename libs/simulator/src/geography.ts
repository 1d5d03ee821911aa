/**
 * The simulated region's geography: the 14 West Midlands councils and Derbyshire (a 15th for the full-size run) (ONS upper-tier codes, the codes councils submit as PL_LA)
 * with the postcode districts that lie mostly in each, and a few neighbours beyond the region. The sizes are the
 * simulator's targets for children looked after, set to the order of each council's published figure (DfE CLA 2024
 * local authority tables, rounded; a county about 1,300-1,400, DOMAIN.md "Scale"): the councils are real places, the
 * children in them are synthetic.
 */
export interface Place {
  code: string;
  name: string;
  /** Postcode districts (never full postcodes: what leaves a council is a district at most). */
  districts: readonly string[];
}

export interface CouncilProfile extends Place {
  /** Target number of children looked after (the simulated stock settles around it). */
  lookedAfter: number;
}

const range = (area: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${area}${from + i}`);

/** In the order the simulator takes them: `--councils N` takes the first N (default 5, the demo's region). */
export const WEST_MIDLANDS: readonly CouncilProfile[] = [
  { code: 'E10000028', name: 'Staffordshire', lookedAfter: 1350, districts: [...range('ST', 15, 21), 'WS11', 'WS12', 'WS13', 'WS14', 'WS15', 'DE13', 'DE14', 'B77', 'B78', 'B79'] },
  { code: 'E06000021', name: 'Stoke-on-Trent', lookedAfter: 950, districts: range('ST', 1, 6) },
  { code: 'E06000051', name: 'Shropshire', lookedAfter: 620, districts: [...range('SY', 1, 13), 'TF9', 'TF11', 'TF12', 'TF13', 'WV16'] },
  { code: 'E06000020', name: 'Telford and Wrekin', lookedAfter: 480, districts: range('TF', 1, 7) },
  { code: 'E06000019', name: 'Herefordshire', lookedAfter: 330, districts: range('HR', 1, 9) },
  { code: 'E10000034', name: 'Worcestershire', lookedAfter: 950, districts: [...range('WR', 1, 15), 'DY10', 'DY11', 'DY12', 'DY13', 'DY14', 'B60', 'B61', 'B96', 'B97', 'B98'] },
  { code: 'E10000031', name: 'Warwickshire', lookedAfter: 850, districts: [...range('CV', 7, 13), 'CV21', 'CV22', 'CV23', 'CV31', 'CV32', 'CV34', 'CV35', 'CV37', 'B49', 'B50'] },
  { code: 'E08000025', name: 'Birmingham', lookedAfter: 1950, districts: range('B', 1, 48) },
  { code: 'E08000026', name: 'Coventry', lookedAfter: 740, districts: range('CV', 1, 6) },
  { code: 'E08000027', name: 'Dudley', lookedAfter: 620, districts: ['DY1', 'DY2', 'DY3', 'DY5', 'DY6', 'DY8', 'DY9', 'B62', 'B63'] },
  { code: 'E08000028', name: 'Sandwell', lookedAfter: 800, districts: ['B64', 'B65', 'B66', 'B67', 'B68', 'B69', 'B70', 'B71', 'DY4', 'WS10'] },
  { code: 'E08000029', name: 'Solihull', lookedAfter: 520, districts: ['B90', 'B91', 'B92', 'B93', 'B94', 'B36', 'B37', 'B40'] },
  { code: 'E08000030', name: 'Walsall', lookedAfter: 640, districts: ['WS1', 'WS2', 'WS3', 'WS4', 'WS5', 'WS6', 'WS8', 'WS9', 'WV12'] },
  { code: 'E08000031', name: 'Wolverhampton', lookedAfter: 560, districts: ['WV1', 'WV2', 'WV3', 'WV4', 'WV6', 'WV10', 'WV11', 'WV13', 'WV14'] },
  { code: 'E10000007', name: 'Derbyshire', lookedAfter: 980, districts: ['DE4', 'DE5', 'DE6', 'DE7', 'DE11', 'DE12', 'DE55', 'DE56', 'S40', 'S41', 'S42', 'SK13', 'SK17'] },
]; // prettier-ignore

/** Councils beyond the region where some children are placed (their ONS codes and districts). */
export const BEYOND_REGION: readonly Place[] = [
  { code: 'E06000049', name: 'Cheshire East', districts: ['CW1', 'CW2', 'CW4', 'CW5', 'CW11', 'CW12', 'SK9', 'SK10', 'SK11'] },
  { code: 'E10000018', name: 'Leicestershire', districts: ['LE7', 'LE8', 'LE9', 'LE10', 'LE11', 'LE12', 'LE65', 'LE67'] },
  { code: 'E10000019', name: 'Lincolnshire', districts: ['LN1', 'LN2', 'LN4', 'LN6', 'PE10', 'PE11', 'PE21', 'NG31'] },
  { code: 'E06000018', name: 'Nottingham', districts: ['NG1', 'NG2', 'NG3', 'NG5', 'NG6', 'NG7', 'NG8'] },
  { code: 'E10000017', name: 'Lancashire', districts: ['PR1', 'PR2', 'PR5', 'BB1', 'BB2', 'LA1', 'FY1', 'FY2'] },
  { code: 'WAL', name: 'Powys (Wales: PL_LA WAL)', districts: ['LD1', 'LD2', 'SY15', 'SY16', 'SY21', 'NP8'] },
]; // prettier-ignore
