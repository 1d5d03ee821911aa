import { describe, expect, it } from '@jest/globals';
import type { ReferralOpenedV2 } from '@rcc/contracts';
import { assess, typeSuits, type Candidate } from './eligibility.js';
import { widenProfile } from './widen.js';

const profile: Omit<ReferralOpenedV2, 'referralId' | 'councilCode'> = {
  kind: 'planned',
  startBy: '2099-01-01',
  ageBand: '10-15',
  sex: 'female',
  siblings: 0,
  localities: ['ST4 2'],
  closeToFamily: true,
  mustStayAtSchool: false,
  suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
  ratio: 'standard',
  risksToChild: [],
  risksToOthers: [],
  support: [],
  needs: [],
};
const farAgency: Candidate = {
  urn: 'SC200001',
  providerId: '00000000-0000-4000-8000-000000000002',
  settingType: 'independent-fostering-agency',
  registrationStatus: 'registered',
  ageMin: 0,
  ageMax: 17,
  sex: 'mixed',
  needFlags: [],
  postcodeDistrict: 'M1',
  onFramework: false,
  vacancy: { vacancies: 1, availableFrom: '2026-12-06', openNow: true, ageBands: ['10-15'], canMeet: [] },
};

describe('widening a referral', () => {
  it('adds a kind of home and drops the distance rule, so a far fostering agency now matches', () => {
    expect(assess(profile, farAgency, false)).toEqual({ eligible: false, reason: 'type' });
    const wider = widenProfile(profile, { anyDistance: true, addTypes: ['fostering'] });
    expect(wider.suitability).toEqual({ fostering: 'suitable', residential: 'preferred', supported: 'unsuitable' });
    expect(wider.closeToFamily).toBe(false);
    expect(wider.mustStayAtSchool).toBe(false);
    expect(assess(wider, farAgency, false)).toEqual({ eligible: true, distance: 'far' });
    // Everything else the providers see is unchanged.
    expect({ ...wider, suitability: profile.suitability, closeToFamily: true }).toEqual(profile);
  });

  it('only distance: the kinds of home stay as they were', () => {
    const wider = widenProfile(profile, { anyDistance: true, addTypes: [] });
    expect(wider.suitability).toEqual(profile.suitability);
    expect(assess(wider, farAgency, false)).toEqual({ eligible: false, reason: 'type' });
  });

  it('when no kind is wanted, an added kind stops being unsuitable without shutting out the others', () => {
    const open = {
      ...profile,
      suitability: { fostering: 'unsuitable', residential: 'not-specified', supported: 'unsuitable' },
    } as typeof profile;
    const wider = widenProfile(open, { anyDistance: false, addTypes: ['fostering'] });
    expect(wider.suitability.fostering).toBe('not-specified');
    expect(typeSuits(wider, 'childrens-home')).toBe(true);
    expect(typeSuits(wider, 'independent-fostering-agency')).toBe(true);
  });

  it('refuses what would not widen it, in words that say what to change', () => {
    expect(() => widenProfile(profile, { anyDistance: false, addTypes: [] })).toThrow(
      'Select a kind of home to add or homes at any distance',
    );
    expect(() => widenProfile(profile, { anyDistance: false, addTypes: ['residential'] })).toThrow(
      'The referral already goes to children’s homes: remove it',
    );
    expect(() => widenProfile(profile, { anyDistance: false, addTypes: ['supported'] })).toThrow(
      'Supported accommodation is only for 16 and 17 year olds: remove it',
    );
    expect(() => widenProfile(profile, { anyDistance: false, addTypes: ['secure'] })).toThrow(
      'Kinds of home must be fostering, residential, supported, not secure',
    );
    const anywhere = { ...profile, closeToFamily: false };
    expect(() => widenProfile(anywhere, { anyDistance: true, addTypes: [] })).toThrow(
      'The referral already goes to homes at any distance: untick it',
    );
  });

  it('a 16 year old’s referral can be widened to supported accommodation', () => {
    const older = { ...profile, ageBand: '16-plus' } as typeof profile;
    expect(widenProfile(older, { anyDistance: false, addTypes: ['supported'] }).suitability.supported).toBe('suitable');
  });
});
