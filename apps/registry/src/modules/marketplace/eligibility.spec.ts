import { describe, expect, it } from '@jest/globals';
import { assess, compareMatches, typeSuits, type Candidate, type ReferralForMatching } from './eligibility.js';
import { distanceFrom } from './distance.js';

const referral: ReferralForMatching = {
  startBy: '2026-12-20',
  ageBand: '10-15',
  sex: 'female',
  siblings: 0,
  localities: ['ST4 2', 'ST16 3'],
  closeToFamily: true,
  mustStayAtSchool: false,
  suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
  needs: ['emotional-behavioural'],
};
const home: Candidate = {
  urn: 'SC100001',
  providerId: '00000000-0000-4000-8000-000000000001',
  settingType: 'childrens-home',
  registrationStatus: 'registered',
  ageMin: 8,
  ageMax: 17,
  sex: 'mixed',
  needFlags: ['emotional-behavioural', 'learning-difficulty'],
  postcodeDistrict: 'ST4',
  onFramework: true,
  vacancy: {
    vacancies: 1,
    availableFrom: '2026-12-06',
    openNow: true,
    ageBands: ['10-15', '16-plus'],
    canMeet: ['emotional-behavioural'],
  },
};

describe('marketplace eligibility', () => {
  it('accepts a matching home and says how near it is', () => {
    expect(assess(referral, home, false)).toEqual({ eligible: true, distance: 'near' });
    expect(assess(referral, { ...home, postcodeDistrict: 'ST1' }, false)).toEqual({ eligible: true, distance: 'mid' });
  });

  it.each<[string, Partial<Candidate>, string]>([
    ['suspended', { registrationStatus: 'suspended' }, 'not-registered'],
    ['unregistered', { registrationStatus: 'unregistered' }, 'not-registered'],
    ['fostering unsuitable', { settingType: 'independent-fostering-agency' }, 'type'],
    ['secure home', { settingType: 'secure-childrens-home' }, 'type'],
    ['too old a range', { ageMin: 16 }, 'age'],
    ['boys only', { sex: 'male' }, 'sex'],
    ['not registered for the need', { needFlags: ['learning-difficulty'] }, 'needs'],
    ['no vacancy declared (or stale)', { vacancy: null }, 'no-vacancy'],
    ['no places left', { vacancy: { ...home.vacancy!, vacancies: 0 } }, 'no-vacancy'],
    [
      'vacancy for another age band',
      { vacancy: { ...home.vacancy!, vacancies: 2, ageBands: ['16-plus'] } },
      'no-vacancy',
    ],
    ['vacancy cannot meet the need', { vacancy: { ...home.vacancy!, vacancies: 2, canMeet: [] } }, 'needs'],
    [
      'a place that opens after the latest start date',
      { vacancy: { ...home.vacancy!, availableFrom: '2026-12-21', openNow: false } },
      'no-vacancy',
    ],
    ['far when the child must stay close', { postcodeDistrict: 'B15' }, 'distance'],
  ])('refuses: %s', (_label, change, reason) => {
    expect(assess(referral, { ...home, ...change }, false)).toEqual({ eligible: false, reason });
  });

  it('sends an overdue referral (its latest start passed) a place open now, never one that opens later', () => {
    const overdue = { ...referral, startBy: '2025-06-01' };
    expect(assess(overdue, home, false)).toMatchObject({ eligible: true });
    const later = { ...home, vacancy: { ...home.vacancy!, availableFrom: '2027-01-04', openNow: false } };
    expect(assess(overdue, later, false)).toEqual({ eligible: false, reason: 'no-vacancy' });
  });

  it('needs room for siblings too', () => {
    expect(assess({ ...referral, siblings: 1 }, home, false)).toEqual({ eligible: false, reason: 'no-vacancy' });
  });

  it('accepts far settings when closeness is not required, and applies framework-only when configured', () => {
    const far = { ...home, postcodeDistrict: 'B15', onFramework: false };
    expect(assess({ ...referral, closeToFamily: false }, far, false)).toEqual({ eligible: true, distance: 'far' });
    expect(assess({ ...referral, closeToFamily: false }, far, true)).toEqual({ eligible: false, reason: 'framework' });
  });

  it('never sends supported accommodation for under-16s, and reads suitability', () => {
    const open = { fostering: 'not-specified', residential: 'not-specified', supported: 'not-specified' } as const;
    expect(typeSuits({ ageBand: '10-15', suitability: open }, 'supported-accommodation')).toBe(false);
    expect(typeSuits({ ageBand: '16-plus', suitability: open }, 'supported-accommodation')).toBe(true);
    expect(
      typeSuits({ ageBand: '16-plus', suitability: { ...open, fostering: 'suitable' } }, 'supported-accommodation'),
    ).toBe(false);
    expect(typeSuits({ ageBand: '5-9', suitability: { ...open, residential: 'unsuitable' } }, 'childrens-home')).toBe(
      false,
    );
    expect(typeSuits({ ageBand: '5-9', suitability: open }, 'independent-fostering-agency')).toBe(true);
  });

  it('ranks nearer first, then framework members', () => {
    const list = [
      { urn: 'A', distance: 'far', onFramework: true },
      { urn: 'B', distance: 'near', onFramework: false },
      { urn: 'C', distance: 'near', onFramework: true },
      { urn: 'D', distance: 'mid', onFramework: false },
    ] as const;
    expect([...list].sort(compareMatches).map((m) => m.urn)).toEqual(['C', 'B', 'D', 'A']);
  });

  it('measures distance by the postcode hierarchy', () => {
    expect(distanceFrom('WV10', ['WV10 6'])).toBe('near');
    expect(distanceFrom('WV1', ['WV10 6'])).toBe('mid');
    expect(distanceFrom('WS1', ['WV10 6'])).toBe('far');
    expect(distanceFrom('B1', ['B15 2'])).toBe('mid');
    expect(distanceFrom(null, ['B15 2'])).toBe('far');
    expect(distanceFrom('B1', [])).toBe('far');
  });
});
