import { describe, expect, it } from '@jest/globals';
import {
  accountInWords,
  describeEntry,
  entriesTable,
  entryAmount,
  entryCouncils,
  entryKind,
} from './journal-entries.js';

const names: Record<string, string> = { E10000028: 'Staffordshire', E06000021: 'Stoke-on-Trent' };
const council = (code: string) => names[code] ?? `Council ${code}`;
const K = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const contract = (id: string) => (id === K ? 'North Staffs block' : undefined);

const entry = {
  id: '6f1c2d3e-0000-4000-8000-000000000001',
  kind: 'adjustment',
  description: 'Bed out of use for repairs',
  period: '2026-11',
  relatesToPeriod: '2026-09',
  reversedByEntryId: null,
  postedBy: 'hub-1',
  postedAt: '2026-11-03T10:15:00Z',
  lines: [
    { account: `council:E10000028:block-void`, amountPence: -125_050, councilCode: 'E10000028' },
    { account: `council:E06000021:block-void`, amountPence: 25_050, councilCode: 'E06000021' },
    { account: `contract:${K}:payable`, amountPence: 100_000, councilCode: null },
  ],
};

describe('journal entries in words, for choosing one to reverse', () => {
  it('names every account the ledger posts to by council, contract and what it is for; an unknown one as it is', () => {
    expect(accountInWords('council:E10000028:block-used', council, contract)).toBe('Staffordshire: block beds used');
    expect(accountInWords('council:E06000021:spend:spot', council, contract)).toBe('Stoke-on-Trent: spend (spot)');
    expect(accountInWords('council:E06000051:recharge-in', council, contract)).toBe('Council E06000051: recharges in');
    expect(accountInWords(`contract:${K}:payable`, council, contract)).toBe('North Staffs block: owed to the provider');
    expect(accountInWords(`contract:${K.replace('1', '2')}:commitment`, council, contract)).toBe(
      'A block contract: commitment',
    );
    expect(accountInWords('market:framework:payable', council, contract)).toBe('Owed to providers (framework)');
    expect(accountInWords('suspense', council, contract)).toBe('suspense');
  });

  it('sizes an entry by its debits and lists the councils it touches once each', () => {
    expect(entryAmount(entry)).toBe(125_050);
    expect(entryCouncils(entry, council)).toEqual(['Staffordshire', 'Stoke-on-Trent']);
    expect(entryKind('period-close')).toBe('Month close');
    expect(entryKind('something-new')).toBe('something-new');
  });

  it('describes an entry with its contract by name and its months in words, as posted otherwise', () => {
    expect(describeEntry(`Block contract ${K}, 2026-10: 52 of 62 bed-nights occupied`, contract)).toBe(
      'Block contract North Staffs block, October 2026: 52 of 62 bed-nights occupied',
    );
    expect(describeEntry(`Block contract ${K.replace('1', '2')}, 2026-10: x`, contract)).toBe(
      'Block contract (contract not listed), October 2026: x',
    );
    expect(describeEntry('Adjustment for 2026-09 (void): bed out of use on 2026-09-14', contract)).toBe(
      'Adjustment for September 2026 (void): bed out of use on 2026-09-14',
    );
  });

  it('links each entry not yet reversed to its check page, and marks one already reversed', () => {
    const reversed = { ...entry, id: '6f1c2d3e-0000-4000-8000-000000000002', reversedByEntryId: entry.id };
    const out = entriesTable([entry, reversed], '2026-11', council, contract).toString();
    expect(out).toContain('Entries posted in November 2026');
    expect(out).toContain(`href="/hub/adjustments/reverse/${entry.id}"`);
    expect(out).not.toContain(`href="/hub/adjustments/reverse/${reversed.id}"`);
    expect(out).toContain('Reversed');
    expect(out).toContain('September 2026');
    expect(out).toContain('£1,250.50');
  });
});
