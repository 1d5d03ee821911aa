import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { IsIntIn, IsIsoDate, IsWeeklyPence } from './validators.js';
import { MAX_WEEKLY_PENCE } from './vocabulary.js';

class Sample {
  @IsIsoDate() on: string;
  @IsIntIn(1, 10) beds: number;
  @IsOptional() @IsIntIn(0) nights?: number;
  @IsWeeklyPence() pence: number;
}

const failing = (value: Record<string, unknown>) =>
  validateSync(plainToInstance(Sample, { on: '2025-03-31', beds: 2, pence: 0, ...value }))
    .map(
      (e) =>
        `${e.property}: ${Object.keys(e.constraints ?? {})
          .sort()
          .join(',')}`,
    )
    .sort();

describe('shared validators', () => {
  it('accept what they describe', () => {
    expect(failing({})).toEqual([]);
    expect(failing({ beds: 10, nights: 0, pence: MAX_WEEKLY_PENCE })).toEqual([]);
  });

  it('refuse a date that is not YYYY-MM-DD or not a real day, with both checks', () => {
    expect(failing({ on: '2025-02-30' })).toEqual(['on: isIso8601']);
    expect(failing({ on: '2025-03-31T00:00:00Z' })).toEqual(['on: matches']);
    expect(failing({ on: 'March' })).toEqual(['on: isIso8601,matches']);
  });

  it('refuse numbers outside the bounds, fractions, and pence above the weekly maximum', () => {
    expect(failing({ beds: 0 })).toEqual(['beds: min']);
    expect(failing({ beds: 11 })).toEqual(['beds: max']);
    expect(failing({ beds: 1.5 })).toEqual(['beds: isInt']);
    expect(failing({ nights: -1 })).toEqual(['nights: min']);
    expect(failing({ pence: MAX_WEEKLY_PENCE + 1, nights: 1e9 })).toEqual(['pence: max']);
  });
});
