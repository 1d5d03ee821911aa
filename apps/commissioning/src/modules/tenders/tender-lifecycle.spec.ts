import { describe, expect, it } from '@jest/globals';
import { TENDER_STATUSES } from './tender.entity.js';
import { assertTransition, TENDER_TRANSITIONS } from './tender-lifecycle.js';
import { TenderError } from './tenders.exception.js';

describe('tender lifecycle', () => {
  it('walks draft -> published -> open -> evaluation -> awarded', () => {
    expect(() => assertTransition('draft', 'published')).not.toThrow();
    expect(() => assertTransition('published', 'open')).not.toThrow();
    expect(() => assertTransition('open', 'evaluation')).not.toThrow();
    expect(() => assertTransition('evaluation', 'awarded')).not.toThrow();
  });

  it('refuses skipping a step or leaving a final state, with the code and what is allowed', () => {
    expect(() => assertTransition('draft', 'open')).toThrow(
      'a tender cannot go from draft to open (from draft: published or abandoned)',
    );
    try {
      assertTransition('awarded', 'abandoned');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(TenderError);
      expect((error as TenderError).code).toBe('ILLEGAL_TRANSITION');
      expect((error as TenderError).message).toContain('awarded is final');
    }
  });

  it('lets every unfinished tender be abandoned, and nothing leave awarded or abandoned', () => {
    for (const s of TENDER_STATUSES) {
      const final = s === 'awarded' || s === 'abandoned';
      expect(TENDER_TRANSITIONS[s].includes('abandoned')).toBe(!final);
      if (final) expect(TENDER_TRANSITIONS[s]).toEqual([]);
    }
  });
});
