import { describe, expect, it } from '@jest/globals';
import type { Session } from '../../platform/http.js';
import { answerRows, checkPage, stepPage } from './referral-open.view.js';
import { carried, readReferralStep, stepOf } from './referral-steps.js';

const child = { childId: '62551', kind: 'planned', 'startBy-day': '5', 'startBy-month': '12', 'startBy-year': '2026' };
const where = { localities: 'st4 2', closeToFamily: 'yes', mustStayAtSchool: 'no' };
const needs = {
  'suitability-fostering': 'preferred',
  'suitability-residential': 'unsuitable',
  'suitability-supported': 'not-specified',
  ratio: '1:1',
  'risk-self-harm': 'high',
  needs: ['learning-difficulty', 'emotional-behavioural'],
};
const about = { aboutChild: '  Loves drawing; settles with a calm routine.  ' };
const echo = {
  childId: '62551',
  ageYears: 16,
  sex: 'Female',
  placementType: 'Children’s home',
  legalStatus: 'Full care order',
};

describe('opening a referral in steps', () => {
  it('checks only the page answered and those before it, then goes on', () => {
    const first = readReferralStep({ step: 'child', childId: '', kind: 'planned' });
    expect(first.show).toBe('child');
    expect(Object.keys(first.errors)).toEqual(['childId', 'startBy']);
    // The later pages' unanswered questions are not errors yet.
    const second = readReferralStep({ step: 'child', ...child });
    expect(second).toMatchObject({ show: 'where', errors: {} });
    const third = readReferralStep({ step: 'where', ...child, ...where });
    expect(third).toMatchObject({ show: 'needs', errors: {} });
    const missing = readReferralStep({ step: 'needs', ...child, ...where });
    expect(missing.show).toBe('needs');
    expect(Object.keys(missing.errors)).toEqual([
      'suitability-fostering',
      'suitability-residential',
      'suitability-supported',
      'ratio',
    ]);
    expect(readReferralStep({ step: 'needs', ...child, ...where, ...needs })).toMatchObject({
      show: 'about',
      errors: {},
    });
  });

  it('refuses text about the child that identifies or dates a child, naming what it found, on its own page', () => {
    const refused = readReferralStep({
      step: 'about',
      ...child,
      ...where,
      ...needs,
      aboutChild: 'Nan is at ST4 2DE, call 01782 123456',
    });
    expect(refused.show).toBe('about');
    expect(refused.errors['aboutChild']).toEqual({
      href: 'aboutChild',
      text: 'Remove the postcode and the phone number from what homes should know about the child',
    });
    const long = readReferralStep({ step: 'about', ...child, ...where, ...needs, aboutChild: 'x'.repeat(1001) });
    expect(long.errors['aboutChild']!.text).toBe(
      'What homes should know about the child must be 1,000 characters or fewer',
    );
  });

  it('after the last page, shows the answers to check with the input that will be sent', () => {
    const done = readReferralStep({ step: 'about', ...child, ...where, ...needs, ...about });
    expect(done.show).toBe('check');
    if (done.show !== 'check') throw new Error('not at check');
    expect(done.input).toMatchObject({
      childId: '62551',
      startBy: '2026-12-05',
      localities: ['ST4 2'],
      aboutChild: 'Loves drawing; settles with a calm routine.',
    });
    const rows = answerRows(done.input);
    expect(rows.child).toContainEqual({ key: 'Latest start date', value: '5 December 2026' });
    expect(rows.where).toContainEqual({ key: 'Close to family', value: 'Yes' });
    expect(rows.needs).toContainEqual({ key: 'Risks to the child', value: 'Self harm (high)' });
    expect(rows.needs).toContainEqual({
      key: 'Registration needs',
      value: 'Learning difficulty, Emotional behavioural',
    });
    expect(rows.about).toEqual([
      { key: 'What homes should know about the child', value: 'Loves drawing; settles with a calm routine.' },
    ]);
  });

  it('an answer changed on an earlier page that is now wrong sends the officer back there', () => {
    const back = readReferralStep({ step: 'about', ...child, 'startBy-month': '13', ...where, ...needs, ...about });
    expect(back.show).toBe('child');
    expect(back.errors['startBy']!.href).toBe('startBy-day');
  });

  it('"Change" shows the page asked for with the answers given, without checking them', () => {
    const change = readReferralStep({ step: 'needs', change: 'where', ...child, ...where, ...needs });
    expect(change).toMatchObject({ show: 'where', errors: {} });
    expect(change.values['localities']).toBe('st4 2');
    expect(readReferralStep({ change: 'elsewhere', step: 'nowhere', ...child }).show).toBe('where');
  });

  it('carries every answer not asked on the page, lists as repeated fields', () => {
    const { values } = readReferralStep({ step: 'needs', ...child, ...where, ...needs });
    const onWhere = carried(values, 'where');
    expect(onWhere).toContainEqual(['startBy-month', '12']);
    expect(onWhere).toContainEqual(['needs', 'learning-difficulty']);
    expect(onWhere).toContainEqual(['needs', 'emotional-behavioural']);
    expect(onWhere.some(([name]) => name === 'localities' || name === 'closeToFamily')).toBe(false);
    expect(carried(values).some(([name]) => name === 'localities')).toBe(true);
    expect([stepOf('risk-self-harm'), stepOf('mustStayAtSchool'), stepOf('siblings'), stepOf('aboutChild')]).toEqual([
      'needs',
      'where',
      'child',
      'about',
    ]);
  });

  it('renders each page with the answers so far as hidden fields, and the check page with a Change for each page', () => {
    const s: Session = {
      csrfToken: 'token',
      csrfSecret: 'secret',
      principal: { subject: 'officer', roles: ['council.placements'], council: 'E10000028' },
    };
    const { values } = readReferralStep({ step: 'needs', ...child, ...where, ...needs });
    const where2 = stepPage(s, 'where', values, {}, echo).toString();
    expect(where2).toContain('<input type="hidden" name="step" value="where" />');
    expect(where2).toContain('<input type="hidden" name="childId" value="62551" />');
    expect(where2).toContain('<input type="hidden" name="needs" value="emotional-behavioural" />');
    expect(where2).not.toContain('<input type="hidden" name="localities"');
    expect(where2).toContain('step 2 of 5');
    // The child from the latest return, in words, above the questions.
    expect(where2).toContain('Child 62551 in your latest return');
    expect(where2).toContain('16 years old');
    expect(where2).toContain('Full care order');
    expect(stepPage(s, 'child', values, {}).toString()).not.toContain('in your latest return');
    const aboutPage = stepPage(s, 'about', values, {}, echo).toString();
    expect(aboutPage).toContain('Do not include names, addresses, schools, dates of birth');
    const done = readReferralStep({ step: 'about', ...child, ...where, ...needs, ...about });
    if (done.show !== 'check') throw new Error('not at check');
    const check = checkPage(s, done.values, done.input, {}, echo).toString();
    expect(check).toContain('<input type="hidden" name="localities" value="st4 2" />');
    expect(check).toContain('Children’s home');
    expect(check).toContain('Loves drawing; settles with a calm routine.');
    for (const step of ['child', 'where', 'needs', 'about'])
      expect(check).toMatch(
        new RegExp(`id="change-${step}"[^>]*formaction="/council/referrals/new"[^>]*value="${step}"`),
      );
    expect(check).toContain('action="/council/referrals"');
  });
});
