import { describe, expect, it } from '@jest/globals';
import { CouncilRouter } from './council-router.js';

const urls = new Map([
  ['E10000028', 'http://staffs.internal/graphql'],
  ['E06000021', 'http://stoke.internal/graphql'],
]);

describe('CouncilRouter', () => {
  const router = new CouncilRouter(urls);
  const urlFor = (council?: string) =>
    (
      router.route({
        principal: { subject: 's', roles: council ? ['council.analyst'] : ['provider.user'], council },
      }) as unknown as { url: string }
    ).url;

  it("sends a council user's request to that council's own instance", () => {
    expect(urlFor('E10000028')).toBe('http://staffs.internal/graphql');
    expect(urlFor('E06000021')).toBe('http://stoke.internal/graphql');
  });

  it('refuses a council that has no instance in this region', () => {
    expect(() => urlFor('E09000001')).toThrow('no council instance is configured for E09000001');
  });

  it('sends everyone else to an instance that will refuse them itself (the subgraph enforces, not the gateway)', () => {
    expect(urlFor(undefined)).toBe('http://staffs.internal/graphql');
    expect(router.route(undefined)).toBe(router.route({}));
  });

  it('needs at least one council', () => {
    expect(() => new CouncilRouter(new Map())).toThrow(/at least one council/);
  });
});
