import { describe, expect, it } from '@jest/globals';
import { answerRows } from './referral-open.view.js';
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
  });

  it('after the last page, shows the answers to check with the input that will be sent', () => {
    const done = readReferralStep({ step: 'needs', ...child, ...where, ...needs });
    expect(done.show).toBe('check');
    if (done.show !== 'check') throw new Error('not at check');
    expect(done.input).toMatchObject({ childId: '62551', startBy: '2026-12-05', localities: ['ST4 2'] });
    const rows = answerRows(done.input);
    expect(rows.child).toContainEqual({ key: 'Latest start date', value: '5 December 2026' });
    expect(rows.where).toContainEqual({ key: 'Close to family', value: 'Yes' });
    expect(rows.needs).toContainEqual({ key: 'Risks to the child', value: 'Self harm (high)' });
    expect(rows.needs).toContainEqual({
      key: 'Registration needs',
      value: 'Learning difficulty, Emotional behavioural',
    });
  });

  it('an answer changed on an earlier page that is now wrong sends the officer back there', () => {
    const back = readReferralStep({ step: 'needs', ...child, 'startBy-month': '13', ...where, ...needs });
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
    expect([stepOf('risk-self-harm'), stepOf('mustStayAtSchool'), stepOf('siblings')]).toEqual([
      'needs',
      'where',
      'child',
    ]);
  });
});
