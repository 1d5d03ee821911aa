import { WEST_MIDLANDS } from '@rcc/simulator';

/**
 * The demo region: the simulated region's councils (libs/simulator; RCC_DEMO_COUNCILS of them, default 5, up to 15)
 * plus the shared services, with their ports and databases. Council i listens on 4101 + i.
 */
const DEMO_COUNCILS = Number(process.env['RCC_DEMO_COUNCILS'] ?? 5);
if (!Number.isInteger(DEMO_COUNCILS) || DEMO_COUNCILS < 1 || DEMO_COUNCILS > WEST_MIDLANDS.length)
  throw new Error(`RCC_DEMO_COUNCILS must be 1 to ${WEST_MIDLANDS.length}, not ${process.env['RCC_DEMO_COUNCILS']}`);

export const COUNCILS = WEST_MIDLANDS.slice(0, DEMO_COUNCILS).map((c, i) => ({
  code: c.code,
  name: c.name,
  port: 4101 + i,
}));

/** The seed of the demo's simulated region: the same region on every machine. */
export const DEMO_SEED = 2026;

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
