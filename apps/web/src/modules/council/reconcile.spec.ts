import { describe, expect, it } from '@jest/globals';
import { readYear, reconcileContent, type DfeTables } from './reconcile.controller.js';

const tables: DfeTables = {
  councilCode: 'E06000021',
  year: 2020,
  asAt: '2020-03-31',
  tables: [
    {
      title: 'Children looked after at 31 March 2020 by gender',
      total: 4,
      rows: [
        { label: 'Male', codes: '1, M', count: 2 },
        { label: 'Female', codes: '2, F', count: 2 },
      ],
    },
    {
      title: 'Children who started and ceased to be looked after during the year ending 31 March 2020',
      total: 3,
      rows: [{ label: 'Started to be looked after', codes: 'RNE S', count: 3 }],
    },
  ],
};

describe('the reconcile page', () => {
  it('reads the year: four digits, or blank for the latest return', () => {
    expect(readYear('2022')).toBe(2022);
    expect(readYear('')).toBeNull();
    expect(readYear(undefined)).toBeNull();
    expect(readYear('22')).toBeUndefined();
    expect(readYear('2022; drop')).toBeUndefined();
  });

  it('lays out each DfE table with its rows, codes and total (none for the flows)', () => {
    const text = String(reconcileContent(tables, '2020'));
    expect(text).toContain('Stoke-on-Trent, 2019-20 return');
    expect(text).toMatch(/by gender\s*<\/caption>/);
    expect(text).toMatch(
      /<th scope="row" class="govuk-table__header">Male<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>1, M<\/td>/,
    );
    expect(text.match(/>Total</g)).toHaveLength(1);
  });

  it('shows a refusal as an error on the year, with no tables', () => {
    const text = String(reconcileContent(null, '2030', '2030-03-31 is after the latest return held'));
    expect(text).toContain('govuk-form-group--error');
    expect(text).toContain('2030-03-31 is after the latest return held');
    expect(text).not.toContain('<table');
  });
});
