import { describe, expect, it } from '@jest/globals';
import { DEV_SECRET } from '@rcc/auth';
import { ConfigError, loadConfig } from '@rcc/platform';
import { WebConfig } from './web.config.js';

describe('WebConfig', () => {
  it('offers demo sign-in only outside production, with the development secret', () => {
    const dev = loadConfig('web', WebConfig, { RCC_JWT_SECRET: DEV_SECRET });
    expect(dev.demoSignIn).toBe(true);
    expect(dev.PORT).toBe(3000);
    expect(dev.secureCookies).toBe(false);
    expect(dev.councils).toEqual([
      { code: 'E10000028', name: 'Staffordshire' },
      { code: 'E06000021', name: 'Stoke-on-Trent' },
    ]);
    const prod = loadConfig('web', WebConfig, {
      RCC_ENV: 'production',
      RCC_JWT_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      RCC_GATEWAY_URL: 'https://gateway.example/graphql',
    });
    expect(prod.demoSignIn).toBe(false);
    expect(prod.secureCookies).toBe(true);
  });

  it('refuses to start on a bad setting, naming it, and refuses the development secret in production', () => {
    expect(() =>
      loadConfig('web', WebConfig, {
        RCC_JWT_SECRET: DEV_SECRET,
        RCC_GATEWAY_URL: 'not a url',
        RCC_WEB_COUNCILS: 'Staffs',
      }),
    ).toThrow(/RCC_GATEWAY_URL[\s\S]*RCC_WEB_COUNCILS|RCC_WEB_COUNCILS[\s\S]*RCC_GATEWAY_URL/);
    expect(() => loadConfig('web', WebConfig, { RCC_ENV: 'production', RCC_JWT_SECRET: DEV_SECRET })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig('web', WebConfig, { RCC_JWT_SECRET: DEV_SECRET, RCC_WEB_TARGETS: 'x>>1' })).toThrow(
      /RCC_WEB_TARGETS/,
    );
  });
});
