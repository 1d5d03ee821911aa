import { describe, expect, it } from '@jest/globals';
import { TOPICS } from '@rcc/contracts';
import { addressedTopic, applicationTopic, councilTopic } from './addressing.js';

describe('addressed topics', () => {
  it("puts a council's own data and what is addressed to it on that council's topic, by the key", () => {
    expect(addressedTopic(TOPICS.councilNeed, 'E10000028')).toBe('rcc.council.need.e10000028');
    expect(addressedTopic(TOPICS.registryReferralResponse, 'E06000021')).toBe(
      'rcc.registry.referral-response.e06000021',
    );
    // Not addressed: hub topics, and dead letters (read by the hub only).
    expect(addressedTopic(TOPICS.registrySetting, 'provider-1')).toBe(TOPICS.registrySetting);
    expect(addressedTopic(`${TOPICS.councilNeed}.dlt`, 'E10000028')).toBe('rcc.council.need.dlt');
  });

  it('maps a broker topic back to its application topic', () => {
    expect(applicationTopic('rcc.council.placement.e10000028')).toBe(TOPICS.councilPlacement);
    expect(applicationTopic(TOPICS.councilNeed)).toBe(TOPICS.councilNeed);
    expect(applicationTopic('rcc.council.need.dlt')).toBe('rcc.council.need.dlt');
    expect(applicationTopic(TOPICS.registryMarket)).toBe(TOPICS.registryMarket);
  });

  it('refuses a key that is not a council code', () => {
    expect(() => councilTopic(TOPICS.councilNeed, '../x')).toThrow(/not a council code/);
  });
});
