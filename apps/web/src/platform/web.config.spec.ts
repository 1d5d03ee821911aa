import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '@rcc/platform';
import { WebConfig } from './web.config.js';

const trusted = JSON.stringify([{ issuer: 'https://id.example', jwks: 'https://id.example/jwks', hub: true }]);

describe('WebConfig', () => {
  it('offers demo sign-in only outside production, with the development issuer', () => {
    const dev = loadConfig('web', WebConfig, {
      RCC_TRUSTED_ISSUERS: trusted,
      RCC_WEB_DEV_ISSUER_KEY: '.rcc/keys/dev-issuer.jwk.json',
    });
    expect(dev.demoSignIn).toBe(true);
    expect(dev.PORT).toBe(3000);
    expect(dev.secureCookies).toBe(false);
    expect(dev.councils).toEqual([
      { code: 'E10000028', name: 'Staffordshire' },
      { code: 'E06000021', name: 'Stoke-on-Trent' },
    ]);
    const prod = loadConfig('web', WebConfig, {
      RCC_ENV: 'production',
      RCC_TRUSTED_ISSUERS: trusted,
      RCC_WEB_DEV_ISSUER_KEY: '.rcc/keys/dev-issuer.jwk.json',
      RCC_WEB_PUBLIC_URL: 'https://rcc.example',
      RCC_GATEWAY_URL: 'https://gateway.example/graphql',
    });
    expect(prod.demoSignIn).toBe(false);
    expect(prod.secureCookies).toBe(true);
  });

  it('refuses to start on a bad setting, naming it, and refuses a shared secret', () => {
    expect(() =>
      loadConfig('web', WebConfig, {
        RCC_TRUSTED_ISSUERS: trusted,
        RCC_GATEWAY_URL: 'not a url',
        RCC_WEB_COUNCILS: 'Staffs',
      }),
    ).toThrow(/RCC_GATEWAY_URL[\s\S]*RCC_WEB_COUNCILS|RCC_WEB_COUNCILS[\s\S]*RCC_GATEWAY_URL/);
    // A shared secret is refused, naming it, even beside a valid issuer list and in development.
    for (const RCC_ENV of ['development', 'production'])
      expect(() =>
        loadConfig('web', WebConfig, {
          RCC_ENV,
          RCC_TRUSTED_ISSUERS: trusted,
          RCC_WEB_PUBLIC_URL: 'https://rcc.example',
          RCC_JWT_SECRET: 'x'.repeat(40),
        }),
      ).toThrow(/RCC_JWT_SECRET: no longer read/);
    expect(() => loadConfig('web', WebConfig, { RCC_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig('web', WebConfig, { RCC_ENV: 'production' })).toThrow(/RCC_TRUSTED_ISSUERS is required/);
    expect(() => loadConfig('web', WebConfig, { RCC_TRUSTED_ISSUERS: trusted, RCC_WEB_TARGETS: 'x>>1' })).toThrow(
      /RCC_WEB_TARGETS/,
    );
  });
});
