import { describe, expect, it } from '@jest/globals';
import { validatePayload } from './envelope.js';
import { ReferralChangedV1Event } from './events/referral/referral-changed.v1.js';
import { identifyingKinds, identifyingTextMessage, type ChildIdentifiers } from './identifying-text.js';

const CHILD: ChildIdentifiers = { childId: '62551', upn: 'R084010198416', dob: '2005-03-18' };
const ORDINARY =
  'Loves football and drawing; settles best with a calm routine and one key worker. Year 10 at a mainstream ' +
  'school near ST4 2, wants to keep playing for the under-16s on Saturdays. Has had 3 moves since 2019, ' +
  'aged 10-15 homes have suited. Meals at 5.30 help.';

describe('identifying text: what homes should know about the child', () => {
  it('accepts ordinary text, postcode sectors, ages, years and times', () => {
    expect(identifyingKinds(ORDINARY, CHILD)).toEqual([]);
    expect(identifyingKinds(ORDINARY)).toEqual([]);
    expect(identifyingKinds('')).toEqual([]);
  });

  // What each text is refused for with the child's record, and without it (the contract's check): the child's own
  // identifiers need the record; a birthday written in numbers is still a date.
  it.each([
    ['the child’s own id', 'Child 62551 likes art', 'child-id', null],
    ['the id next to punctuation', 'Ref:62551.', 'child-id', null],
    ['the UPN', 'UPN R084010198416 on file', 'upn', null],
    ['the UPN spaced out', 'upn r0840 1019 8416', 'upn', null],
    ['the date of birth in numbers', 'Born 18/03/2005', 'dob', 'date'],
    ['the date of birth, short year', 'dob 18.3.05', 'dob', 'date'],
    ['the date of birth, ISO', 'dob 2005-03-18', 'dob', 'date'],
    ['the date of birth in words', 'Birthday is 18th of March', 'dob', null],
    ['the date of birth month first', 'born Mar 18, 2005', 'dob', null],
    ['the date of birth as digits only', 'ref 18032005', 'dob', null],
    ['a full postcode', 'Lives at ST4 2DE with nan', 'postcode', 'postcode'],
    ['a postcode without a space', 'near sw1a1aa', 'postcode', 'postcode'],
    ['an email address', 'Email sw.jones@council.gov.uk for more', 'email', 'email'],
    ['a landline', 'Call 01782 123456 after 4', 'phone', 'phone'],
    ['a mobile in international form', 'Mobile +44 7700 900123', 'phone', 'phone'],
    ['an NHS number', 'NHS 943 476 5919', 'nhs', 'nhs'],
    ['an NHS number unspaced', 'NHS9434765919', 'nhs', 'nhs'],
    ['another date in numbers', 'Court hearing on 4/11/2026', 'date', 'date'],
    ['an ISO date', 'Review 2026-11-04', 'date', 'date'],
  ] as const)('refuses %s', (_what, text, withRecord, withoutRecord) => {
    expect(identifyingKinds(text, CHILD)).toEqual([withRecord]);
    expect(identifyingKinds(text)).toEqual(withoutRecord ? [withoutRecord] : []);
  });

  it('names every kind found, in a fixed order, in one plain sentence', () => {
    const kinds = identifyingKinds('62551, call 01782 123456 or email a@b.org, born 18/03/2005', CHILD);
    expect(kinds).toEqual(['child-id', 'dob', 'email', 'phone']);
    expect(identifyingTextMessage(kinds, 'what homes should know about the child')).toBe(
      'Remove the child’s ID, the child’s date of birth, the email address and the phone number from what homes ' +
        'should know about the child',
    );
    expect(identifyingTextMessage(['postcode'], 'the text')).toBe('Remove the postcode from the text');
  });

  it('the referral-changed contract refuses identifying shapes by kind, never echoing the text', () => {
    const payload = {
      referralId: '0b6f4c1e-4d1c-4a8e-9f57-0a6d1c2b3e4f',
      councilCode: 'E10000028',
      reason: 'changed',
      aboutChild: 'Phone 01782 123456',
      startBy: '2027-01-15',
      needs: [],
    };
    expect(() => validatePayload(ReferralChangedV1Event, payload)).toThrow(/aboutChild: contains phone/);
    expect(() => validatePayload(ReferralChangedV1Event, payload)).not.toThrow(/01782/);
    expect(() => validatePayload(ReferralChangedV1Event, { ...payload, aboutChild: ORDINARY })).not.toThrow();
    expect(() => validatePayload(ReferralChangedV1Event, { ...payload, aboutChild: 'x'.repeat(1001) })).toThrow();
  });
});
