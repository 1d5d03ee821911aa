import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LedgerError } from './ledger.exception.js';
import type { Posting } from './ledger.service.js';
import { journalInvariants, ledgerFixture, migratedTemplate, type LedgerFixture } from '../../test/ledger-fixture.js';
import type { TestDatabase } from '@rcc/testing';

/** The journal on real PostgreSQL: append-only for everyone, balanced at commit, one entry per idempotency key. */
const A = 'E10000028';
const B = 'E06000021';

const posting = (key: string, amount = 1234): Posting => ({
  idempotencyKey: key,
  kind: 'adjustment',
  description: `test ${key}`,
  lines: [
    {
      account: `council:${A}:block-used`,
      amountPence: amount,
      kind: 'used',
      councilCode: A,
      contractId: null,
      route: null,
    },
    {
      account: 'market:spot:payable',
      amountPence: -amount,
      kind: 'market-payable',
      councilCode: null,
      contractId: null,
      route: 'spot',
    },
  ],
  postedBy: 'test',
});

describe('the journal on real PostgreSQL', () => {
  let template: TestDatabase;
  let f: LedgerFixture;

  beforeAll(async () => {
    template = await migratedTemplate();
    f = await ledgerFixture(template, [A, B], { poolSize: 40 });
  });

  afterAll(async () => {
    await f?.close();
    await template?.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE of journal tables, even for the superuser', async () => {
    await f.ledger.postNow(posting(`append-only-${randomUUID()}`));
    for (const sql of [
      `UPDATE journal_line SET amount_pence = amount_pence * 2`,
      `DELETE FROM journal_line`,
      `UPDATE journal_entry SET description = 'edited'`,
      `DELETE FROM journal_entry`,
      `TRUNCATE journal_line CASCADE`,
      `TRUNCATE journal_entry CASCADE`,
    ]) {
      await expect(f.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    const [{ user }] = (await f.dataSource.query(
      `SELECT current_user AS user, usesuper FROM pg_user WHERE usename = current_user`,
    )) as {
      user: string;
    }[];
    expect(user).toBe('postgres');
  });

  it('refuses at commit an entry whose lines do not sum to zero, written straight in SQL', async () => {
    const id = randomUUID();
    await expect(
      f.dataSource.transaction(async (em) => {
        await em.query(
          `INSERT INTO journal_entry (id, idempotency_key, payload_hash, kind, description, posted_by)
           VALUES ($1, $2, 'x', 'adjustment', 'unbalanced', 'sql')`,
          [id, `sql-${id}`],
        );
        await em.query(
          `INSERT INTO journal_line (entry_id, line_no, account, amount_pence, kind) VALUES ($1, 1, 'a', 100, 'used'), ($1, 2, 'b', -99, 'used')`,
          [id],
        );
      }),
    ).rejects.toThrow(/lines sum to 1|summing to 1/);
    expect((await f.dataSource.query(`SELECT 1 FROM journal_entry WHERE id = $1`, [id])).length).toBe(0);
  });

  it('refuses an unbalanced posting in code before it reaches the database', async () => {
    const bad = posting(`bad-${randomUUID()}`);
    bad.lines = [bad.lines[0]!, { ...bad.lines[1]!, amountPence: -1 }];
    await expect(f.ledger.postNow(bad)).rejects.toMatchObject({ code: 'ENTRY_UNBALANCED' });
  });

  it('posts once for 100 parallel postings with one idempotency key, and refuses the key with another payload', async () => {
    const key = `parallel-${randomUUID()}`;
    const results = await Promise.all([...Array(100)].map(() => f.ledger.postNow(posting(key))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    const [{ n }] = (await f.dataSource.query(
      `SELECT count(*)::int AS n FROM journal_entry WHERE idempotency_key = $1`,
      [key],
    )) as { n: number }[];
    expect(n).toBe(1);
    const [{ lines }] = (await f.dataSource.query(
      `SELECT count(*)::int AS lines FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id WHERE e.idempotency_key = $1`,
      [key],
    )) as { lines: number }[];
    expect(lines).toBe(2);
    const conflict = await f.ledger.postNow(posting(key, 999)).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(LedgerError);
    expect((conflict as LedgerError).code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('corrects by reversal, once', async () => {
    const { entry } = await f.ledger.postNow(posting(`to-reverse-${randomUUID()}`, 500));
    const reversal = await f.ledger.reverse(entry.id, 'posted to the wrong council', 'test');
    expect(reversal.entry.lines.map((l) => l.amountPence)).toEqual(entry.lines.map((l) => -l.amountPence));
    expect((await f.ledger.reverse(entry.id, 'posted to the wrong council', 'test')).created).toBe(false);
    await expect(f.ledger.reverse(entry.id, 'another reason', 'test')).rejects.toMatchObject({
      code: 'ENTRY_ALREADY_REVERSED',
    });
  });

  it('lets many writers on one contract run at once: no deadlock, no double count, never more children than beds', async () => {
    const contract = await f.contracts.createDirect(
      {
        idempotencyKey: `writers-${randomUUID()}`,
        name: 'Test block',
        providerId: randomUUID(),
        settingUrns: ['SC100001'],
        placementCategory: 'residential',
        beds: 10,
        weeklyPricePerBedPence: 420_000,
        startDate: '2025-01-01',
        endDate: '2025-07-01',
        councils: [
          { councilCode: A, beds: 5 },
          { councilCode: B, beds: 5 },
        ],
      },
      'test',
    );
    const before = f.inbox.stats.processed;
    const dlBefore = f.deadLetters.length;
    // 40 children for 10 beds, from two councils at once, each event delivered twice (at-least-once delivery),
    // while other postings hit the same contract's accounts.
    const starts = [...Array(40).keys()].map((i) => ({
      placementId: randomUUID(),
      councilCode: i % 2 ? A : B,
      settingUrn: 'SC100001',
      route: 'block' as const,
      contractId: contract.id,
      startDate: '2025-01-05',
      weeklyCostPence: 420_000,
    }));
    const adjustments = [...Array(40).keys()].map((i) =>
      f.ledger.postNow({ ...posting(`writer-${i}-${randomUUID()}`, 100 + i), contractId: contract.id }),
    );
    await Promise.all([...starts.map((s) => f.startPlacement(s)), ...adjustments]);
    // The same placements reported again (new event ids): the accepted ones are recognised, the others still refused.
    await Promise.all(starts.map((s) => f.startPlacement(s)));
    const [{ n }] = (await f.dataSource.query(`SELECT count(*)::int AS n FROM placement WHERE contract_id = $1`, [
      contract.id,
    ])) as { n: number }[];
    expect(n).toBe(10);
    expect(f.inbox.stats.processed - before).toBe(10 + 10);
    expect(f.deadLetters.length - dlBefore).toBe(30 + 30);
    expect(f.deadLetters.at(-1)!.headers!['dlt-reason']).toMatch(/has no free bed on 5 January 2025/);
    const closing = await f.periodClose.closePeriod('2025-01', 'test');
    const month = closing.contracts.find((c) => c.contractId === contract.id)!;
    expect(month.occupiedBedNights).toBe(10 * (31 - 4));
    expect(month.reconciles).toBe(true);
    const inv = await journalInvariants(f.dataSource);
    expect(inv).toMatchObject({ unbalanced: 0, empty: 0, total: 0 });
  });
});
