// Jest in native ESM mode (NestJS 12 is ESM-only): run through `npm test`, which adds --experimental-vm-modules.
// Two projects: `unit` (*.spec.ts, no servers) and `integration` (*.int-spec.ts and *.e2e-spec.ts, real PostgreSQL
// and Kafka; the global set-up starts them when they are down and fails, never skips, when they still do not answer).
import { readFileSync } from 'node:fs';

const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8'));
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  setupFiles: ['<rootDir>/libs/testing/src/jest-setup.ts'],
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
};

const integration = {
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration-setup.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts', '**/*.e2e-spec.ts'],
      ...integration,
    },
    // Heavy fault tests (brokers killed, PostgreSQL cut off): `npm run test:faults`, a CI stage of their own.
    ...(process.env.RCC_FAULTS === '1'
      ? [{ ...common, displayName: 'faults', testMatch: ['**/*.fault-spec.ts'], ...integration }]
      : []),
  ],
};
