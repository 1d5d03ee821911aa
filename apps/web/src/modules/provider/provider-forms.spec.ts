import { describe, expect, it } from '@jest/globals';
import { readVacancyForm, readRespondForm } from './provider-forms.js';

const referral = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

describe('the vacancy declaration form', () => {
  it('builds the declaration and refuses a past date, no ages or a silly count', () => {
    const ok = readVacancyForm(
      {
        vacancies: '2',
        ageBands: ['10-15', '16-plus'],
        canMeet: 'learning-difficulty',
        'availableUntil-day': '31',
        'availableUntil-month': '1',
        'availableUntil-year': '2027',
      },
      'SC500001',
      '2026-11-23',
    );
    expect(ok.input).toEqual({
      urn: 'SC500001',
      vacancies: 2,
      ageBands: ['10-15', '16-plus'],
      canMeet: ['learning-difficulty'],
      availableUntil: '2027-01-31',
    });
    const bad = readVacancyForm(
      { vacancies: '0', 'availableUntil-day': '1', 'availableUntil-month': '1', 'availableUntil-year': '2020' },
      'SC500001',
      '2026-11-23',
    );
    expect(Object.keys(bad.errors)).toEqual(['vacancies', 'ageBands', 'availableUntil']);
    expect(bad.errors['availableUntil']!.text).toMatch(/today or in the future/);
  });

  it('takes the first day a child can move in (blank is today), not past, not after the last day', () => {
    const base = {
      vacancies: '1',
      ageBands: '10-15',
      'availableUntil-day': '31',
      'availableUntil-month': '1',
      'availableUntil-year': '2027',
    };
    const from = (day: string, month: string, year: string) =>
      readVacancyForm(
        { ...base, 'availableFrom-day': day, 'availableFrom-month': month, 'availableFrom-year': year },
        'SC500001',
        '2026-11-23',
      );
    expect(from('1', '12', '2026').input!.availableFrom).toBe('2026-12-01');
    expect(from('', '', '').input).not.toHaveProperty('availableFrom');
    expect(from('22', '11', '2026').errors['availableFrom']!.text).toMatch(/must be today or in the future/);
    expect(from('1', '2', '2027').errors['availableFrom']!.text).toMatch(/on or before the last day/);
    expect(from('31', '2', '2027').errors['availableFrom']!.text).toMatch(/must be a real date/);
  });
});

describe('answering a referral', () => {
  it('sends an offer with price in pence and a start date, or a decline with a reason, for a matched setting only', () => {
    const offer = readRespondForm(
      {
        settingUrn: 'SC500001',
        response: 'offer',
        price: '£4,100',
        'startDate-day': '1',
        'startDate-month': '12',
        'startDate-year': '2026',
      },
      referral,
      ['SC500001'],
    );
    expect(offer.input).toEqual({
      referralId: referral,
      settingUrn: 'SC500001',
      response: 'offer',
      weeklyPricePence: 410000,
      startDate: '2026-12-01',
    });
    const decline = readRespondForm(
      { settingUrn: 'SC500001', response: 'decline', declineReason: 'no-vacancy' },
      referral,
      ['SC500001'],
    );
    expect(decline.input).toEqual({
      referralId: referral,
      settingUrn: 'SC500001',
      response: 'decline',
      declineReason: 'no-vacancy',
    });
    expect(
      Object.keys(readRespondForm({ settingUrn: 'SC9', response: 'offer' }, referral, ['SC500001']).errors),
    ).toEqual(['settingUrn', 'price', 'startDate']);
    expect(
      Object.keys(readRespondForm({ settingUrn: 'SC500001', response: 'decline' }, referral, ['SC500001']).errors),
    ).toEqual(['declineReason']);
  });

  it('a decline for another reason needs the provider’s own words, sent with it; no other reason takes them', () => {
    const urns = ['SC500001'];
    const other = { settingUrn: 'SC500001', response: 'decline', declineReason: 'other' };
    expect(readRespondForm(other, referral, urns).errors['declineNote']!.text).toBe('Enter why you are declining');
    expect(
      readRespondForm({ ...other, declineNote: 'x'.repeat(501) }, referral, urns).errors['declineNote']!.text,
    ).toBe('Why you are declining must be 500 characters or fewer');
    expect(
      readRespondForm({ ...other, declineNote: '  Home closing\n for refurbishment ' }, referral, urns).input,
    ).toEqual({
      referralId: referral,
      settingUrn: 'SC500001',
      response: 'decline',
      declineReason: 'other',
      declineNote: 'Home closing for refurbishment',
    });
    const staffing = { ...other, declineReason: 'staffing', declineNote: 'ignored' };
    expect(readRespondForm(staffing, referral, urns).input).not.toHaveProperty('declineNote');
  });
});
