import { describe, expect, it } from '@jest/globals';
import { blockChoices, responsesSection } from './referral-offers.view.js';
import type { BlockContractChoice, CouncilReferral } from './referral-types.js';

const contract = (name: string, settingUrns: string[], freeBedsNow: number): BlockContractChoice => ({
  id: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
  name,
  settingUrns,
  beds: 3,
  freeBedsNow,
  startDate: '2026-01-01',
  endDate: '2028-01-01',
});

const referral = (settingUrn: string): CouncilReferral => ({
  id: '11111111-1111-4111-8111-111111111111',
  childId: '62551',
  kind: 'planned',
  startBy: '2026-12-20',
  siblings: 0,
  aboutChild: '',
  changedAt: null,
  status: 'open',
  localities: ['ST4'],
  closedReasons: [],
  needs: [],
  placement: null,
  responses: [
    {
      responseId: '22222222-2222-4222-8222-222222222222',
      providerName: 'Laurel Field Homes Ltd',
      settingUrn,
      settingType: 'childrens-home',
      response: 'offer',
      weeklyPricePence: 450_000,
      startDate: '2026-12-14',
      declineReason: null,
      registrationFlag: false,
      respondedAt: '2026-12-06T10:00:00Z',
    },
  ],
});

const form = (contracts: BlockContractChoice[], urn = 'SC500001') =>
  responsesSection(referral(urn), undefined, { contracts, canDecide: true, csrf: 't', errors: {}, values: {} }).value;

describe('choosing a block bed when accepting an offer', () => {
  const hillside = contract('Hillside block', ['SC500001', 'SC500002'], 2);
  const full = contract('Orchard block (full)', ['SC500001'], 0);
  const elsewhere = contract('Elsewhere', ['SC999999'], 3);

  it('offers only the council’s contracts that include the home and have a bed free, by name', () => {
    expect(blockChoices([hillside, full, elsewhere], 'SC500001')).toEqual({ withBeds: [hillside], full: [full] });
    const page = form([hillside, full, elsewhere]);
    expect(page).toContain('A bed in a block contract');
    expect(page).toContain('Hillside block: 2 of 3 beds free, from 1 January 2026 until 1 January 2028');
    expect(page).not.toContain('Orchard block');
    expect(page).not.toContain('Elsewhere');
    expect(page).not.toMatch(/name="contractId" type="text"|Block contract id/);
  });

  it('says so, and offers no block bed, when every contract that includes the home is full', () => {
    const page = form([full]);
    expect(page).not.toContain('A bed in a block contract');
    expect(page).toContain('Orchard block (full), your block contract that includes this home, has no bed free now.');
    const two = form([full, contract('Beech block (full)', ['SC500001'], 0)]);
    expect(two).toContain('none of your 2 block contracts that include this home has a bed free now');
  });

  it('offers no block bed and says nothing about contracts that do not include the home', () => {
    const page = form([elsewhere]);
    expect(page).not.toContain('A bed in a block contract');
    expect(page).not.toContain('block contract');
  });
});
