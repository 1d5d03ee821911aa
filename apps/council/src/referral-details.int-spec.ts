import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest, repoRoot } from '@rcc/platform';
import { ageInYears } from '@rcc/ssda903';
import { sql, startService, testToken, type SpawnedService, type TestDatabase } from '@rcc/testing';

/**
 * The referral's details on real PostgreSQL (docs/adr/0060): the child echoed back from the latest return to this
 * council's officers only, what homes should know about the child refused (nothing stored, nothing queued) when it
 * identifies or dates the child, and an open referral changed into one event for the region.
 */
const COUNCIL = 'E10000028';
// In infra/demo/ssda903/2021-*.csv: looked after at the end of the return (an open episode, V2, U4).
const LOOKED_AFTER = { id: '158853', dob: '2008-04-11', upn: 'E043584864318' };
// Left care in August 2021 (E9): in the return, no longer looked after.
const LEFT_CARE = '62551';

const demoFiles = ['header', 'episodes'].map((t) => ({
  name: `2021-${t}.csv`,
  content: readFileSync(join(repoRoot(), 'infra/demo/ssda903', `2021-${t}.csv`), 'utf8'),
}));

const referralInput = (overrides: Record<string, unknown> = {}) => ({
  childId: LOOKED_AFTER.id,
  kind: 'planned',
  startBy: '2022-04-01',
  siblings: 0,
  localities: ['ST4 2'],
  closeToFamily: false,
  mustStayAtSchool: false,
  suitability: { fostering: 'preferred', residential: 'suitable', supported: 'unsuitable' },
  ratio: 'standard',
  risksToChild: [],
  risksToOthers: [],
  support: [],
  needs: [],
  ...overrides,
});

const ECHO = `query($childId: String!) { referralChild(childId: $childId) {
  childId ageYears sex placementType legalStatus } }`;
const OPEN = `mutation($input: OpenReferralInput!) { openReferral(input: $input) { id aboutChild changedAt } }`;
const CHANGE = `mutation($input: ChangeReferralInput!) { changeReferral(input: $input) {
  id aboutChild startBy needs changedAt } }`;

describe('council referral details: the child echoed, the text for homes checked, changes', () => {
  let db: TestDatabase;
  let council: SpawnedService;
  let placements: string;
  let analyst: string;
  const call = <T>(query: string, variables: Record<string, unknown> = {}, token = placements) =>
    graphqlRequest<T>(council.graphqlUrl, query, { token, variables });
  const counts = async () =>
    (
      await sql<{ referrals: number; events: number }>(
        db.url,
        `SELECT (SELECT count(*) FROM referral)::int AS referrals, (SELECT count(*) FROM outbox)::int AS events`,
      )
    )[0];
  const payloads = async (type: string) =>
    (
      await sql<{ envelope: { payload: Record<string, unknown> } }>(
        db.url,
        'SELECT envelope FROM outbox WHERE event_type = $1 ORDER BY seq',
        [type],
      )
    ).map((r) => r.envelope.payload);

  beforeAll(async () => {
    ({ db, service: council } = await startService('council', 'council_referral_details', {
      env: { COUNCIL_CODE: COUNCIL, COUNCIL_NAME: 'Staffordshire', RCC_SHARING: 'referrals' },
    }));
    // One token per role, each the officer of this council; the analyst loads the return.
    [placements, analyst] = await Promise.all(
      (['council.placements', 'council.analyst'] as const).map((role) =>
        testToken({ subject: role, roles: [role], council: COUNCIL }),
      ),
    );
    const IMPORT = `mutation($input: ImportSsda903Input!) { importSsda903(input: $input) { children } }`;
    expect((await call(IMPORT, { input: { files: demoFiles } }, analyst)).errors).toBeUndefined();
  });

  afterAll(async () => {
    await council?.stop();
    await db?.drop();
  });

  it('echoes a looked-after child in words to its own officers, audited; refuses others in plain words', async () => {
    const echoed = await call<{ referralChild: Record<string, unknown> }>(ECHO, { childId: LOOKED_AFTER.id });
    expect(echoed.errors).toBeUndefined();
    expect(echoed.data!.referralChild).toEqual({
      childId: LOOKED_AFTER.id,
      ageYears: ageInYears(LOOKED_AFTER.dob, new Date().toISOString().slice(0, 10)),
      sex: 'Female',
      placementType: 'Long-term foster care with another foster carer',
      legalStatus: 'Accommodated under section 20 (voluntary agreement)',
    });
    const audited = await sql<{ subject: string }>(
      db.url,
      `SELECT subject FROM audit_log WHERE operation = 'referral-child' AND detail->>'childId' = $1`,
      [LOOKED_AFTER.id],
    );
    expect(audited).toEqual([{ subject: 'council.placements' }]);

    const missing = (await call(ECHO, { childId: 'NOPE42' })).errors![0]!;
    expect(missing.extensions!['code']).toBe('NOT_FOUND');
    expect(missing.message).toBe('There is no child with ID NOPE42 in your latest return');
    expect((await call(ECHO, { childId: LEFT_CARE })).errors![0]!.message).toBe(
      `The child with ID ${LEFT_CARE} is not looked after at the end of your latest return`,
    );
    // Read-only analysts and another council's officers are not answered.
    expect((await call(ECHO, { childId: LOOKED_AFTER.id }, analyst)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const other = await testToken({ subject: 'o', roles: ['council.placements'], council: 'E06000021' });
    expect((await call(ECHO, { childId: LOOKED_AFTER.id }, other)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it.each([
    ['the child’s own ID', `ID ${LOOKED_AFTER.id} loves art`, 'the child’s ID'],
    ['the UPN', `UPN ${LOOKED_AFTER.upn}`, 'the child’s UPN'],
    ['the date of birth in words', 'Birthday on 11 April, likes cake', 'the child’s date of birth'],
    ['the date of birth in numbers', 'Born 11/04/2008', 'the child’s date of birth'],
    ['a postcode and an email address', 'Nan at ST4 2DE, a@b.org', 'the postcode and the email address'],
  ])('refuses a text with %s, naming it, and stores and queues nothing', async (_what, aboutChild, named) => {
    const before = await counts();
    const refused = (await call(OPEN, { input: referralInput({ aboutChild }) })).errors![0]!;
    expect(refused.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(refused.message).toBe(`Remove ${named} from what homes should know about the child`);
    expect(await counts()).toEqual(before);
  });

  it('stores ordinary text with the referral and sends it apart from the opening, never to the opening’s readers', async () => {
    const opened = await call<{ openReferral: { id: string; aboutChild: string; changedAt: string | null } }>(OPEN, {
      input: referralInput({ aboutChild: '  Loves drawing; settles with a calm routine.  ' }),
    });
    expect(opened.errors).toBeUndefined();
    expect(opened.data!.openReferral).toMatchObject({
      aboutChild: 'Loves drawing; settles with a calm routine.',
      changedAt: null,
    });
    const id = opened.data!.openReferral.id;
    expect((await payloads('council.referral-opened.v2')).find((p) => p['referralId'] === id)).not.toHaveProperty(
      'aboutChild',
    );
    expect((await payloads('council.referral-changed.v1')).filter((p) => p['referralId'] === id)).toEqual([
      {
        referralId: id,
        councilCode: COUNCIL,
        reason: 'opened',
        aboutChild: 'Loves drawing; settles with a calm routine.',
        startBy: '2022-04-01',
        needs: [],
      },
    ]);
    // No text, no second event.
    const plain = await call<{ openReferral: { id: string } }>(OPEN, { input: referralInput() });
    expect((await payloads('council.referral-changed.v1')).map((p) => p['referralId'])).not.toContain(
      plain.data!.openReferral.id,
    );
  });

  it('changes an open referral into one event; refuses identifying text and closed referrals, changing nothing', async () => {
    const opened = await call<{ openReferral: { id: string } }>(OPEN, {
      input: referralInput({ aboutChild: 'Likes football.' }),
    });
    const id = opened.data!.openReferral.id;
    const input = {
      referralId: id,
      aboutChild: 'Likes football and swimming.',
      startBy: '2022-05-01',
      needs: ['emotional-behavioural'],
      extendHours: 48,
    };
    const before = await counts();
    const refused = (await call(CHANGE, { input: { ...input, aboutChild: 'Call 07700 900123' } })).errors![0]!;
    expect(refused.message).toBe('Remove the phone number from what homes should know about the child');
    expect(await counts()).toEqual(before);
    const tooEarly = (await call(CHANGE, { input: { ...input, startBy: '2001-01-01' } })).errors![0]!;
    expect(tooEarly.message).toBe('The latest start date must be after the child’s date of birth');

    const changed = await call<{ changeReferral: Record<string, unknown> }>(CHANGE, { input });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.changeReferral).toMatchObject({
      aboutChild: 'Likes football and swimming.',
      startBy: '2022-05-01',
      needs: ['emotional-behavioural'],
    });
    expect(changed.data!.changeReferral['changedAt']).not.toBeNull();
    expect((await payloads('council.referral-changed.v1')).filter((p) => p['referralId'] === id)).toEqual([
      expect.objectContaining({ reason: 'opened', aboutChild: 'Likes football.' }),
      {
        referralId: id,
        councilCode: COUNCIL,
        reason: 'changed',
        aboutChild: 'Likes football and swimming.',
        startBy: '2022-05-01',
        needs: ['emotional-behavioural'],
        extendHours: 48,
      },
    ]);
    expect(JSON.stringify(await payloads('council.referral-changed.v1'))).not.toContain(`"${LOOKED_AFTER.id}"`);

    const withdrawn = await call(
      `mutation($input: WithdrawReferralInput!) { withdrawReferral(input: $input) { id } }`,
      {
        input: { referralId: id, reason: 'plan-changed' },
      },
    );
    expect(withdrawn.errors).toBeUndefined();
    const closed = (await call(CHANGE, { input })).errors![0]!;
    expect(closed.extensions!['code']).toBe('REFERRAL_CLOSED');
    expect(closed.message).toBe('The referral is withdrawn: only an open referral can be changed');
    expect((await call(CHANGE, { input }, analyst)).errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });
});
