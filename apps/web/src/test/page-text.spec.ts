import { describe, expect, it } from '@jest/globals';
import { textProblems, titleProblems } from './page-text.js';

describe('what a page must not say', () => {
  it('passes plain words, dates in words and councils by name', () => {
    expect(
      textProblems('Staffordshire: 1 referral opened on 5 December 2026, 12 homes asked, 1 error in 2 rows. £1 rows'),
    ).toEqual([]);
  });

  it('names each rule broken, with the words around it', () => {
    const found = textProblems(
      'Opened 2026-12-05 for E10000028 (bid 3f2b8c1e-0a4d-4f7e-9c3b-2d1e0f9a8b7c): 1 errors in 1 rows; endDate is null, SETTING_TYPE in 2026-11',
    );
    expect(found).toHaveLength(7);
    expect(found[0]).toMatch(/^a date written as YYYY-MM-DD .*"…Opened 2026-12-05 for E10000028/);
    expect(found.join('\n')).toContain('a council code where its name should be');
    expect(found.join('\n')).toContain('a month written as YYYY-MM');
    expect(found.join('\n')).toContain('an id where a name should be');
    expect(found.join('\n')).toContain('a plural after 1');
    expect(found.join('\n')).toMatch(/a name from the code .*endDate/);
    expect(found.join('\n')).toMatch(/a value the code never filled in: .*is null/);
  });

  it('reads a month as YYYY-MM but not a financial year or a number range', () => {
    expect(textProblems('In 2026-11 the figures')).toHaveLength(1);
    expect(textProblems('In 2025-26 and 1990-1999, ages 16-17')).toEqual([]);
  });
});

describe('a page title', () => {
  it('names the page, then the service, and agrees with the main heading', () => {
    expect(titleProblems('Referrals - RCC Exchange', ['Referrals'])).toEqual([]);
    expect(titleProblems('Error: Sign in - RCC Exchange', ['Sign in'])).toEqual([]);
    expect(titleProblems('Your work - RCC Exchange', ['Your work today'])).toEqual([]);
  });

  it('is refused when it repeats the service, misses it, disagrees with the heading or the page has no one heading', () => {
    expect(titleProblems('RCC Exchange - RCC Exchange', ['RCC Exchange'])).toEqual([
      'the title "RCC Exchange - RCC Exchange" does not say what the page is',
    ]);
    expect(titleProblems('Referrals', ['Referrals'])).toEqual([
      'the title "Referrals" does not end with " - RCC Exchange"',
    ]);
    expect(titleProblems('Tenders - RCC Exchange', ['Contracts'])).toEqual([
      'the title "Tenders" does not match the heading "Contracts"',
    ]);
    expect(titleProblems('Tenders - RCC Exchange', [])).toEqual(['the page has 0 main headings (h1), not one']);
    expect(titleProblems('Tender 2026-01-01 - RCC Exchange', ['Tender 2026-01-01'])[0]).toMatch(
      /^the title has a date/,
    );
  });
});
