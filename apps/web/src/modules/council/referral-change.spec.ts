import { describe, expect, it } from '@jest/globals';
import type { Session } from '../../platform/http.js';
import { currentValues, readChangeForm } from './referral-change.js';
import { changeCheckPage } from './referral-change-check.view.js';
import { changeFormPage } from './referral-change.view.js';
import type { CouncilReferral } from './referral-types.js';

const referral = {
  id: '0b6f4c1e-4d1c-4a8e-9f57-0a6d1c2b3e4f',
  childId: '62551',
  kind: 'planned',
  startBy: '2027-01-15',
  siblings: 0,
  status: 'open',
  localities: ['ST4 2'],
  closedReasons: [],
  needs: ['emotional-behavioural'],
  aboutChild: 'Loves drawing.',
  changedAt: null,
  placement: null,
  responses: [],
} as CouncilReferral;

const s: Session = {
  csrfToken: 'token',
  csrfSecret: 'secret',
  principal: { subject: 'officer', roles: ['council.placements'], council: 'E10000028' },
};

describe('changing an open referral (form)', () => {
  it('starts from the referral as it stands, and asks for at least one change', () => {
    const values = currentValues(referral);
    expect(values).toMatchObject({ 'startBy-day': '15', 'startBy-month': '1', 'startBy-year': '2027' });
    expect(readChangeForm(values, referral).errors).toEqual({
      aboutChild: { href: 'aboutChild', text: 'Change at least one answer' },
    });
  });

  it('reads the text, latest start, needs and more time into the changeReferral input', () => {
    const form = readChangeForm(
      { ...currentValues(referral), aboutChild: ' Loves drawing and football. ', needs: [], extendHours: '48' },
      referral,
    );
    expect(form.errors).toEqual({});
    expect(form.input).toEqual({
      aboutChild: 'Loves drawing and football.',
      startBy: '2027-01-15',
      needs: [],
      extendHours: 48,
    });
    // More time alone is a change; no more time sends none.
    expect(readChangeForm({ ...currentValues(referral), extendHours: '168' }, referral).input).toMatchObject({
      extendHours: 168,
    });
    expect(readChangeForm({ ...currentValues(referral), 'startBy-day': '20' }, referral).input).not.toHaveProperty(
      'extendHours',
    );
  });

  it('refuses identifying text, impossible dates, unknown needs and hours in plain words', () => {
    const { errors } = readChangeForm(
      {
        aboutChild: 'Email sw@example.org',
        'startBy-day': '31',
        'startBy-month': '2',
        'startBy-year': '2027',
        needs: ['flying'],
        extendHours: '5',
      },
      referral,
    );
    expect(Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, e.text]))).toEqual({
      aboutChild: 'Remove the email address from what homes should know about the child',
      startBy: 'The latest start date must be a real date, for example 31 3 2026',
      needs: 'Select registration needs from the list',
      extendHours: 'Select how much longer homes have to answer',
    });
  });

  it('renders the change page and its check page, which sends every answer again', () => {
    const form = changeFormPage(s, referral, currentValues(referral), {}).toString();
    expect(form).toContain('action="/council/referrals/0b6f4c1e-4d1c-4a8e-9f57-0a6d1c2b3e4f/change"');
    expect(form).toContain('Do not include names, addresses, schools, dates of birth');
    const changed = readChangeForm({ ...currentValues(referral), aboutChild: 'Loves football.' }, referral);
    const check = changeCheckPage(s, referral, changed.values, changed.input!, {}).toString();
    expect(check).toContain('action="/council/referrals/0b6f4c1e-4d1c-4a8e-9f57-0a6d1c2b3e4f/change/confirm"');
    expect(check).toContain('<input type="hidden" name="aboutChild" value="Loves football." />');
    expect(check).toContain('<input type="hidden" name="needs" value="emotional-behavioural" />');
    expect(check).toContain('15 January 2027');
  });
});
