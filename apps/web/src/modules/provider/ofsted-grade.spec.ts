import { describe, expect, it } from '@jest/globals';
import { ofstedGradeText } from './ofsted-grade.js';

describe('the Ofsted grade beside its inspection date', () => {
  it('writes the grade and the day of the inspection in words', () => {
    expect(ofstedGradeText({ ofstedGrade: 'Good', ofstedInspectedOn: '2025-03-12' })).toBe(
      'Good, inspected 12 March 2025',
    );
  });

  it('says when the date is not known rather than leaving it out silently', () => {
    expect(ofstedGradeText({ ofstedGrade: 'Outstanding', ofstedInspectedOn: null })).toBe(
      'Outstanding (inspection date not known)',
    );
  });

  it('keeps the list’s words for a setting that is not graded', () => {
    expect(ofstedGradeText({ ofstedGrade: null, ofstedGradeNote: 'Not yet inspected', ofstedInspectedOn: null })).toBe(
      'Not graded (Not yet inspected)',
    );
    expect(ofstedGradeText({ ofstedGrade: null })).toBe('Not yet inspected');
  });
});
