import { describe, expect, it } from '@jest/globals';
import { moderatedQuality } from './question-scores.js';

describe('per-question quality scores', () => {
  it('totals the question scores as their rounded average', () => {
    expect(moderatedQuality([70, 85], 2)).toEqual({ qualityScore: 78, note: null });
  });

  it('takes a moderated total that differs only with a reason', () => {
    expect(() => moderatedQuality([70, 85], 2, 75)).toThrow(
      "the moderated total 75 differs from the questions' average 78: say why the panel agreed it",
    );
    expect(moderatedQuality([70, 85], 2, 75, 'Panel agreed staffing answer overstated')).toEqual({
      qualityScore: 75,
      note: 'Panel agreed staffing answer overstated',
    });
  });

  it('refuses a missing question or a score outside 0-100', () => {
    expect(() => moderatedQuality([70], 2)).toThrow('the tender asks 2 and 1 scores were given');
    expect(() => moderatedQuality([70, 101], 2)).toThrow('each question score must be a whole number from 0 to 100');
  });
});
