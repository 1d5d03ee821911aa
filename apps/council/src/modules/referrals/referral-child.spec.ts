import { describe, expect, it } from '@jest/globals';
import { PLACEMENT_TYPES, LEGAL_STATUS } from '@rcc/ssda903';
import { LEGAL_STATUS_WORDS, PLACEMENT_WORDS } from './child-words.js';
import { echoChild } from './referral-child.js';

describe('the child echoed back to the referring officer', () => {
  it('says the age in years on the day, sex, placement and legal status in words', () => {
    const facts = { childId: 'C1', sex: '2', dob: '2009-12-07', upn: null, place: 'K2', ls: 'C2' };
    expect(echoChild(facts, '2026-12-06')).toEqual({
      childId: 'C1',
      ageYears: 16,
      sex: 'Female',
      placementType: 'Children’s home',
      legalStatus: 'Full care order',
    });
    expect(echoChild(facts, '2026-12-07').ageYears).toBe(17);
    expect(echoChild({ ...facts, sex: 'M', place: 'Q9' }, '2026-12-07')).toMatchObject({
      sex: 'Male',
      placementType: 'Not recognised (Q9)',
    });
  });

  it('has words for every placement type and legal status code of the return', () => {
    expect(PLACEMENT_TYPES.filter((code) => !PLACEMENT_WORDS[code])).toEqual([]);
    expect(LEGAL_STATUS.filter((code) => !LEGAL_STATUS_WORDS[code])).toEqual([]);
  });
});
