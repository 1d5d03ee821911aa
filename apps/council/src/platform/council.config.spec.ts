import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@rcc/platform';
import { CouncilConfig } from './council.config.js';

const good = {
  PORT: '4101',
  DATABASE_URL: 'postgres://rcc@127.0.0.1:5432/rcc_council_e10000028',
  COUNCIL_CODE: 'E10000028',
  COUNCIL_NAME: 'Staffordshire',
  RCC_SHARING: 'need-snapshot,placements',
  RCC_PSEUDONYM_KEY: 'rcc-dev-pseudonym-key-for-this-unit-test',
  RCC_TRUSTED_ISSUERS: JSON.stringify([
    { issuer: 'https://id.staffs.example', jwks: 'https://id.staffs.example/jwks', councils: ['E10000028'] },
  ]),
};
/** What production needs beyond a council's own settings: an authenticated, encrypted broker and signed events. */
const production = {
  RCC_ENV: 'production',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'council-e10000028',
  KAFKA_SASL_PASSWORD: 'x',
  KAFKA_TLS: 'true',
  RCC_EVENT_KEYS: JSON.stringify({
    hub: { keys: [{ kty: 'OKP', crv: 'Ed25519', x: '4gFMPQpsU6ZDVSOLRB3SdV8_q7BsKQvCVrfFB4OlUxk', kid: 'hub-1' }] },
  }),
  RCC_EVENT_SIGNING_KEY: JSON.stringify({
    kty: 'OKP',
    crv: 'Ed25519',
    x: '4gFMPQpsU6ZDVSOLRB3SdV8_q7BsKQvCVrfFB4OlUxk',
    d: 'dsI8dRIIk_HTA9clwDxd-NDKoLgcBL7aLofFwIGDwhw',
    kid: 'e10000028-1',
  }),
};

const problems = (env: Record<string, string | undefined>) => {
  try {
    loadConfig('council', CouncilConfig, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('CouncilConfig', () => {
  it('accepts an agreement of known datasets and answers what it shares', () => {
    const config = loadConfig('council', CouncilConfig, good);
    expect([config.shares('need-snapshot'), config.shares('referrals'), config.shares('placements')]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('refuses an unknown dataset, a missing or short pseudonym key, and a development key in production', () => {
    expect(problems({ ...good, RCC_SHARING: 'need-snapshot,children' }).join()).toMatch(/RCC_SHARING must be none/);
    expect(problems({ ...good, RCC_PSEUDONYM_KEY: undefined }).join()).toMatch(/RCC_PSEUDONYM_KEY/);
    expect(problems({ ...good, RCC_PSEUDONYM_KEY: 'short' }).join()).toMatch(/at least 32 characters/);
    expect(problems({ ...good, ...production })).toEqual([
      'RCC_PSEUDONYM_KEY: a development key is refused in production',
    ]);
    expect(problems({ ...good, ...production, RCC_PSEUDONYM_KEY: 'a'.repeat(64) })).toEqual([]);
  });
});
