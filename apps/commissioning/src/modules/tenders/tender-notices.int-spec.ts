import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useLedgerFixture, type LedgerFixture } from '../../test/ledger-fixture.js';
import { CommissioningConfig } from '../../platform/index.js';
import { BidsService } from '../bids/bids.service.js';
import { ClarificationsService } from './clarifications.service.js';
import { TendersService } from './tenders.service.js';

/**
 * Tender notices (docs/adr/0061) on real PostgreSQL: publishing a tender and answering a clarification question write
 * their events to the outbox in the same transaction, with the facts the notices need and nothing more.
 */
const A = 'E10000028';
const B = 'E06000021';

describe('tender notices', () => {
  const fixture = useLedgerFixture([A, B]);
  let f: LedgerFixture;

  beforeAll(() => {
    f = fixture();
  });

  const outbox = async (type: string) =>
    (
      (await f.dataSource.query(`SELECT envelope FROM outbox WHERE event_type = $1 ORDER BY seq`, [type])) as {
        envelope: { key: string; payload: Record<string, unknown> };
      }[]
    ).map((r) => r.envelope);

  it('a published tender is announced with its title, its lots’ setting types and its deadline; an answer names who asked or bid', async () => {
    const config = Object.assign(new CommissioningConfig(), { RCC_REGION_COUNCILS: [A, B].join(',') });
    const bids = new BidsService(f.dataSource);
    const tenders = new TendersService(f.dataSource, config, bids, f.contracts);
    const clarifications = new ClarificationsService(f.dataSource);
    const lot = (title: string, settingType: 'childrens-home' | 'independent-fostering-agency') => ({
      title,
      settingType,
      needs: [],
      locality: 'ST4',
      beds: 2,
      termMonths: 12,
    });
    const tender = await tenders.create(
      {
        title: 'Homes and foster care 2099',
        priceWeight: 100,
        lots: [
          lot('Homes north', 'childrens-home'),
          lot('Homes south', 'childrens-home'),
          lot('Carers', 'independent-fostering-agency'),
        ],
        councils: [{ councilCode: A, basisPoints: 10_000 }],
        timetable: { bidsCloseOn: '2099-01-31' },
      },
      'hub',
    );
    expect(await outbox('commissioning.tender-published.v1')).toEqual([]);
    await tenders.move(tender.id, 'published', 'hub');
    const [published] = await outbox('commissioning.tender-published.v1');
    expect(published).toMatchObject({
      key: tender.id,
      payload: {
        tenderId: tender.id,
        title: 'Homes and foster care 2099',
        settingTypes: ['childrens-home', 'independent-fostering-agency'],
        bidsCloseOn: '2099-01-31',
      },
    });

    // One provider asks (twice), another bids: each is told once when the answer is published.
    const [asker, bidder] = [randomUUID(), randomUUID()];
    const question = await clarifications.ask(tender.id, 'May one bid cover two lots?', asker);
    await clarifications.ask(tender.id, 'Is transport included?', asker);
    await tenders.move(tender.id, 'open', 'hub');
    await bids.submit(
      {
        lotId: tender.lots[0]!.id,
        settingUrns: ['SC100001'],
        beds: 2,
        weeklyPricePerBedPence: 500_000,
        startDate: '2099-03-01',
        qualityAnswers: [],
      },
      bidder,
      'provider',
    );
    await clarifications.answer(question.id, 'Yes: one bid per lot.', 'hub');
    const answered = await outbox('commissioning.clarification-answered.v1');
    expect(answered).toHaveLength(1);
    expect(answered[0]!.payload).toEqual({
      tenderId: tender.id,
      clarificationId: question.id,
      title: 'Homes and foster care 2099',
      providerIds: [asker, bidder].sort(),
    });
    expect(JSON.stringify(answered[0])).not.toContain('two lots');

    // Answering again is refused and announces nothing.
    await expect(clarifications.answer(question.id, 'Again', 'hub')).rejects.toMatchObject({
      code: 'CLARIFICATION_ANSWERED',
    });
    expect(await outbox('commissioning.clarification-answered.v1')).toHaveLength(1);
  });
});
