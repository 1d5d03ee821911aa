import { describe, expect, it } from '@jest/globals';
import { csvCell, statementCsv, type StatementQuery } from './statement-csv.js';

const A = 'E10000028';
const st: StatementQuery = {
  period: '2025-02',
  councils: [
    {
      councilCode: A,
      occupiedBlockBedNights: 28,
      usedPence: 2_800_000,
      voidPence: 1_680_000,
      rechargesInPence: 0,
      rechargesOutPence: 0,
      blockNetPence: 4_480_000,
      totalPence: 5_180_000,
      adjustmentsPence: 4_600_000,
      payablePence: 9_780_000,
      reconciles: true,
      spend: [{ route: 'spot', placements: 1, bedNights: 7, spendPence: 700_000 }],
      adjustments: [
        {
          entryId: 'e1',
          label: 'arrears',
          relatesToPeriod: '2025-01',
          contractId: 'k1',
          contractName: 'Hillside, "north" block',
          description: 'Arrears for 2025-01',
          postedBy: 'hub',
          chargePence: 4_600_000,
        },
      ],
    },
  ],
  contracts: [
    {
      contractId: 'k1',
      contractName: 'Hillside, "north" block',
      provider: { name: '=HYPERLINK("x")' },
      bedNights: 56,
      occupiedBedNights: 28,
      voidBedNights: 28,
      costPence: 5_600_000,
      voidCostPence: 2_800_000,
      reconciles: true,
      councils: [
        {
          councilCode: A,
          occupiedBedNights: 28,
          usedPence: 2_800_000,
          voidPence: 1_680_000,
          rechargesInPence: 0,
          rechargesOutPence: 0,
          netPence: 4_480_000,
        },
      ],
    },
  ],
};

describe('a council statement as CSV', () => {
  it('lists contract lines with names and providers, spend, adjustments with their month, and totals that add up', () => {
    const lines = statementCsv(st, A).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'period,council,line,belongs_to_month,contract_id,contract_name,provider,route,description,bed_nights,amount_pence,amount_gbp',
    );
    expect(lines[1]).toBe(
      `2025-02,${A},block used,2025-02,k1,"Hillside, ""north"" block","'=HYPERLINK(""x"")",block,,28,2800000,28000.00`,
    );
    expect(lines.find((l) => l.includes(',arrears,'))).toMatch(/^2025-02,E10000028,arrears,2025-01,k1,/);
    const amount = (label: string) =>
      Number(
        lines
          .find((l) => l.split(',')[2] === label)!
          .split(',')
          .at(-2),
      );
    const month = lines.slice(
      1,
      lines.findIndex((l) => l.includes('total for the month')),
    );
    expect(month.reduce((a, l) => a + Number(l.split(',').at(-2)), 0)).toBe(amount('total for the month'));
    expect(amount('total for the month') + amount('adjustments')).toBe(amount('payable'));
  });

  it('refuses a council with no statement that month, and keeps formulas out of cells', () => {
    expect(() => statementCsv(st, 'E06000021')).toThrow('no statement for E06000021 in 2025-02');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-5)).toBe('-5');
  });
});
