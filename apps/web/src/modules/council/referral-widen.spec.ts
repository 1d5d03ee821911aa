import { describe, expect, it } from '@jest/globals';
import type { SharedProfile } from './referral-types.js';
import { kindsToAdd, readWidenForm } from './referral-widen.js';

/** Widening reads only the age band, the distance answers and the kinds of home. */
const shared = {
  ageBand: '10-15',
  closeToFamily: true,
  mustStayAtSchool: false,
  suitability: { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' },
} as SharedProfile;

describe('widening a referral (form)', () => {
  it('offers only kinds of home the referral is not sent to, supported accommodation only at 16 and 17', () => {
    expect(kindsToAdd(shared)).toEqual(['fostering']);
    expect(kindsToAdd({ ...shared, ageBand: '16-plus' })).toEqual(['fostering', 'supported']);
    // Naming no wanted kind, only the ruled-out ones can be added.
    const open = {
      ...shared,
      suitability: { fostering: 'not-specified', residential: 'unsuitable', supported: 'unsuitable' },
    };
    expect(kindsToAdd(open)).toEqual(['residential']);
  });

  it('reads the choices into the widenReferral input', () => {
    expect(readWidenForm({ widen: ['fostering', 'any-distance'] }, shared).input).toEqual({
      anyDistance: true,
      addTypes: ['fostering'],
    });
    expect(readWidenForm({ widen: 'any-distance' }, shared).input).toEqual({ anyDistance: true, addTypes: [] });
  });

  it('asks for a choice, and refuses one that would not widen it', () => {
    expect(readWidenForm({}, shared).errors['widen']!.text).toBe('Select how to widen the referral');
    expect(readWidenForm({ widen: 'residential' }, shared).errors['widen']!.text).toBe(
      'Select ways to widen the referral from the list',
    );
    const anywhere = { ...shared, closeToFamily: false };
    expect(readWidenForm({ widen: 'any-distance' }, anywhere).input).toBeUndefined();
  });
});
