import { describe, expect, it } from '@jest/globals';
import { allocateBeds, normaliseShares } from './shares.js';

const REGION = ['E10000028', 'E06000021', 'E08000025'];

describe('council shares', () => {
  it('takes percentages that sum to 100% as pay-for-use shares', () => {
    expect(
      normaliseShares(
        [
          { councilCode: 'E10000028', basisPoints: 6000 },
          { councilCode: 'E06000021', basisPoints: 4000 },
        ],
        REGION,
      ),
    ).toEqual({
      mode: 'shares',
      shares: [
        { councilCode: 'E10000028', basisPoints: 6000, beds: null },
        { councilCode: 'E06000021', basisPoints: 4000, beds: null },
      ],
    });
  });

  it('turns bed allocations into basis points that sum to exactly 10000', () => {
    const { mode, shares } = normaliseShares(
      [
        { councilCode: 'E10000028', beds: 1 },
        { councilCode: 'E06000021', beds: 1 },
        { councilCode: 'E08000025', beds: 1 },
      ],
      REGION,
    );
    expect(mode).toBe('beds');
    // Equal remainders: the spare basis point goes to the smallest ONS code (E06000021), whatever the input order.
    expect(shares.map((s) => s.basisPoints)).toEqual([3333, 3334, 3333]);
  });

  it('refuses shares not summing to 100%, mixes, duplicates and councils outside the region', () => {
    expect(() => normaliseShares([{ councilCode: 'E10000028', basisPoints: 9000 }], REGION)).toThrow(
      'shares sum to 9000 basis points',
    );
    expect(() =>
      normaliseShares(
        [
          { councilCode: 'E10000028', basisPoints: 5000 },
          { councilCode: 'E06000021', beds: 1 },
        ],
        REGION,
      ),
    ).toThrow('not a mix');
    expect(() =>
      normaliseShares(
        [
          { councilCode: 'E10000028', basisPoints: 5000 },
          { councilCode: 'E10000028', basisPoints: 5000 },
        ],
        REGION,
      ),
    ).toThrow('listed twice');
    expect(() => normaliseShares([{ councilCode: 'E09000001', basisPoints: 10000 }], REGION)).toThrow(
      'not member councils of this region: E09000001',
    );
  });

  it('scales allocations to the awarded beds', () => {
    const shares = [
      { councilCode: 'A', basisPoints: 5000, beds: 2 },
      { councilCode: 'B', basisPoints: 5000, beds: 2 },
    ];
    expect(allocateBeds(shares, 3).map((s) => s.beds)).toEqual([2, 1]);
  });
});
