import { beforeAll, describe, expect, it } from '@jest/globals';
import { blockChild, blockContractInput, useLedgerFixture, type LedgerFixture } from '../../test/ledger-fixture.js';
import { addDays, TODAY_SQL } from '../tenders/tender-timetable.js';
import type { CreateBlockContractInput } from './dtos/contract.inputs.js';

/**
 * Block beds chosen from contracts with a bed free (docs/adr/0061), on real PostgreSQL: commissioning counts each
 * contract's free beds from today against its placements and reservations, shows them only to the councils with a
 * share, and refuses a placement on a full contract in plain words.
 */
const A = 'E10000028';
const B = 'E06000021';
const C = 'E10000003'; // a member council with no share

describe('free block beds', () => {
  const fixture = useLedgerFixture([A, B, C]);
  let f: LedgerFixture;
  let today: string;

  const contract = (over: Partial<CreateBlockContractInput> = {}) =>
    blockContractInput(
      [
        { councilCode: A, basisPoints: 6000 },
        { councilCode: B, basisPoints: 4000 },
      ],
      {
        name: 'Hillside two-bed block',
        beds: 2,
        startDate: addDays(today, -30),
        endDate: addDays(today, 365),
        ...over,
      },
    );
  const child = blockChild;
  const reserve = (p: ReturnType<typeof child>) => f.dataSource.transaction((em) => f.placements.reserve(em, p));
  const freeFor = async (council: string, id: string) =>
    (await f.contracts.list({ kind: 'council', councilCode: council })).find((c) => c.id === id)?.freeBedsNow;

  beforeAll(async () => {
    f = fixture();
    [{ today }] = (await f.dataSource.query(`SELECT ${TODAY_SQL} AS today`)) as [{ today: string }];
  });

  it('counts the beds free from today, a later booking included, and shows them only to councils with a share', async () => {
    const k = await f.contracts.createDirect(contract(), 'hub');
    expect(await freeFor(A, k.id)).toBe(2);
    expect(await freeFor(B, k.id)).toBe(2);
    expect(await freeFor(C, k.id)).toBeUndefined();

    // A child who left before today takes no bed; one there now takes one.
    const left = child(A, k.id, addDays(today, -20));
    await reserve(left);
    await f.dataSource.query(`UPDATE placement SET end_date = $2 WHERE id = $1`, [
      left.placementId,
      addDays(today, -5),
    ]);
    await reserve(child(A, k.id, addDays(today, -2)));
    expect(await freeFor(A, k.id)).toBe(1);

    // A bed free tonight but booked from next week for good is not free for a child moving in now.
    await reserve(child(B, k.id, addDays(today, 7)));
    expect(await freeFor(B, k.id)).toBe(0);
    const refused = (await reserve(child(A, k.id, today)).catch((e: unknown) => e)) as Error & { reason: string };
    expect(refused.reason).toBe('FULL');
    expect(refused.message).toBe(
      `Hillside two-bed block has no free bed on ${words(addDays(today, 7))}: choose another contract, or buy the place as a spot or framework placement`,
    );
  });

  it('a contract that has ended or not yet started is counted from its own days', async () => {
    const ended = await f.contracts.createDirect(
      contract({ name: 'Old block', startDate: addDays(today, -400), endDate: addDays(today, -1) }),
      'hub',
    );
    const later = await f.contracts.createDirect(
      contract({ name: 'New block', startDate: addDays(today, 30), endDate: addDays(today, 400) }),
      'hub',
    );
    expect(await freeFor(A, ended.id)).toBe(0);
    expect(await freeFor(A, later.id)).toBe(2);
    const early = (await reserve(child(A, later.id, today)).catch((e: unknown) => e)) as Error & { reason: string };
    expect(early.reason).toBe('OUTSIDE_TERM');
    expect(early.message).toBe(
      `The placement starts on ${words(today)}, but New block pays for nights from ${words(addDays(today, 30))} to ${words(addDays(today, 399))}`,
    );
  });
});

/** "1 January 2027", written out here so the test does not share the code it checks. */
function words(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${d} ${month} ${y}`;
}
