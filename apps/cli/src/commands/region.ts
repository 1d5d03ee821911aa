/** The demo region: two member councils plus the shared services, with their ports and databases. */
export const COUNCILS = [
  // Return years each demo council imports from infra/demo/ssda903 (enough month-ends to back-test a forecast).
  { code: 'E10000028', name: 'Staffordshire', port: 4101, samples: ['2017', '2018', '2019', '2020', '2021'] },
  { code: 'E06000021', name: 'Stoke-on-Trent', port: 4102, samples: ['2020', '2021'] },
] as const;

export const SHARED_SERVICES = [
  { name: 'registry', port: 4201 },
  { name: 'commissioning', port: 4301 },
  { name: 'analytics', port: 4401 },
] as const;

export const GATEWAY_PORT = 4000;

/** The web front end (apps/web), on the gateway. */
export const WEB_PORT = 3000;

export const DATABASES = [
  ...COUNCILS.map((c) => ({ service: 'council', tenant: c.code, database: `rcc_council_${c.code.toLowerCase()}` })),
  ...SHARED_SERVICES.map((s) => ({ service: s.name, tenant: undefined, database: `rcc_${s.name}` })),
];
