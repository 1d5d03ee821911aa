import type { MarketSetting } from '@rcc/simulator';
import { call, draw } from './simulate-calendar.js';
import { openReferral, providerOf, tokenOf, type Context } from './simulate-operations.js';
import * as Q from './simulate-operations.queries.js';

/**
 * The hub's part of a simulated year, through the gateway: block contracts bought outside a tender, placements in
 * their beds (one ended early: voids), a bed lent to a neighbour (a recharge), tenders left in every state, and the
 * months closed in order with their statements. Idempotent: contracts by key, tenders by title, months once.
 */
export interface Contract {
  id: string;
  council: string;
  partner: string | null;
  urns: string[];
  beds: number;
  ownBeds: number;
  price: number;
}

const homesOf = (ctx: Context, council: string) =>
  ctx.market.settings.filter(
    (s) =>
      s.kind === 'childrens-home' &&
      s.councilCode === council &&
      s.provider.sector === 'Private' &&
      s.provider !== ctx.market.exit.provider,
  );

/** The provider with the most homes in the council, and up to two of its homes. */
function blockHomes(ctx: Context, council: string): MarketSetting[] {
  const count = new Map<string, number>();
  for (const s of homesOf(ctx, council)) count.set(s.provider.name, (count.get(s.provider.name) ?? 0) + 1);
  const [name] = [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
  return homesOf(ctx, council)
    .filter((s) => s.provider.name === name)
    .slice(0, 2);
}

/** A block contract for each of the first three councils, shared with the next council, from eleven months ago. */
export async function createBlockContracts(ctx: Context): Promise<Contract[]> {
  const contracts: Contract[] = [];
  for (const [i, council] of ctx.councils.slice(0, 3).entries()) {
    const homes = blockHomes(ctx, council.code);
    if (homes.length === 0) continue;
    const beds = Math.max(
      2,
      homes.reduce((n, h) => n + Math.min(h.places, 2), 0),
    );
    const partner = ctx.councils.length > 1 ? ctx.councils[(i + 1) % ctx.councils.length]!.code : null;
    // Block prices about 10% below the homes' spot prices (ASSUMPTION: volume for certainty of payment).
    const price = Math.round((homes.reduce((n, h) => n + h.weeklyPricePence, 0) / homes.length) * 0.009) * 100;
    const ownBeds = partner ? beds - 1 : beds;
    const { createBlockContract } = await call<{ createBlockContract: { id: string } }>(ctx.url, ctx.hub, Q.CREATE_BLOCK_CONTRACT, {
      input: {
        idempotencyKey: `simulated-block-${council.code}-${homes.map((h) => h.urn).join('-')}`,
        name: `${council.name} residential block (simulated)`,
        providerId: providerOf(ctx, homes[0]!),
        settingUrns: homes.map((h) => h.urn),
        placementCategory: 'residential',
        beds,
        weeklyPricePerBedPence: price,
        startDate: ctx.calendar.monthStart(-11),
        endDate: ctx.calendar.monthStart(13),
        councils: partner ? [{ councilCode: council.code, beds: ownBeds }, { councilCode: partner, beds: 1 }] : [{ councilCode: council.code, beds }], // prettier-ignore
      },
    }); // prettier-ignore
    contracts.push({ id: createBlockContract.id, council: council.code, partner, urns: homes.map((h) => h.urn), beds, ownBeds, price }); // prettier-ignore
  }
  return contracts;
}

/** A council places children in its block beds from these days; with `endFirst`, the first leaves then (voids). */
export async function fillBlockBeds(
  ctx: Context,
  contract: Contract,
  council: string,
  placements: { childId: string; startDate: string }[],
  endFirst?: string,
): Promise<number> {
  const token = await tokenOf(ctx, 'placements', council);
  for (const [j, { childId, startDate }] of placements.entries()) {
    const referralId = await openReferral(ctx, token, childId, startDate);
    await call(ctx.url, token, Q.RECORD_PLACEMENT, {
      input: {
        referralId,
        settingUrn: contract.urns[j % contract.urns.length],
        weeklyCostPence: contract.price,
        route: 'block',
        contractId: contract.id,
        startDate,
        placementCategory: 'residential',
      },
    });
    if (j === 0 && endFirst) await call(ctx.url, token, Q.END_PLACEMENT, { input: { referralId, endDate: endFirst } });
  }
  return placements.length;
}

/** The owning council lends its emptied bed for three months; the partner council uses it (recharged). */
export async function lendBed(ctx: Context, contract: Contract, partnerChild: string | undefined): Promise<boolean> {
  if (!contract.partner || !partnerChild) return false;
  await call(ctx.url, await tokenOf(ctx, 'placements', contract.council), Q.OFFER_BLOCK_BEDS, {
    input: { contractId: contract.id, fromDate: ctx.calendar.monthStart(-4), toDate: ctx.calendar.monthStart(-1) },
  });
  const startDate = ctx.calendar.day(Math.round(draw(contract.id) * 20) - 110);
  await fillBlockBeds(
    ctx,
    contract,
    contract.partner,
    [{ childId: partnerChild, startDate }],
    ctx.calendar.monthStart(-1),
  );
  return true;
}

const TENDERS = [
  ['draft', 'Simulated: two-bed step-down home, draft'],
  ['published', 'Simulated: supported accommodation for 16-17 year olds, published'],
  ['closed', 'Simulated: emergency beds, bidding closed'],
  ['evaluated', 'Simulated: homes for children with complex needs, evaluated'],
  ['awarded', 'Simulated: two-bed home for teenagers, awarded'],
] as const;

/** Five joint tenders, one in each state a commissioner sees: draft, published, closed, evaluated and awarded. */
export async function runTenders(ctx: Context): Promise<Record<string, number>> {
  const { tenders } = await call<{ tenders: { title: string; status: string }[] }>(ctx.url, ctx.hub, Q.TENDERS);
  const states: Record<string, number> = {};
  const [first, second] = ctx.councils;
  const locality = first!.districts[0]!;
  // Two bidders of different providers with homes registered for emotional and behavioural difficulties.
  const bidders: MarketSetting[] = [];
  for (const s of ctx.market.settings.filter((x) => x.kind === 'childrens-home' && x.provider.sector === 'Private'))
    if (
      s.provider !== ctx.market.exit.provider &&
      s.needs.includes('Emotional and Behavioural Difficulties') &&
      !bidders.some((b) => b.provider === s.provider)
    )
      bidders.push(s);
  for (const [i, [state, title]] of TENDERS.entries()) {
    const existing = tenders.find((t) => t.title === title);
    if (existing) {
      states[existing.status] = (states[existing.status] ?? 0) + 1;
      continue;
    }
    const move = async (name: Parameters<typeof Q.TENDER_MOVE>[0], tenderId: string) =>
      call(ctx.url, ctx.hub, Q.TENDER_MOVE(name), { input: { tenderId } });
    const takesBids = state === 'closed' || state === 'evaluated' || state === 'awarded';
    const { createTender } = await call<{ createTender: { id: string; lots: { id: string }[] } }>(ctx.url, ctx.hub, Q.CREATE_TENDER, {
      input: {
        title,
        priceWeight: 60,
        qualityWeight: 40,
        qualityQuestions: ['How will you keep children safe from exploitation?'],
        // Bids are refused after the deadline (ADR 0052): a tender that takes bids today has its deadline ahead, and the
        // hub closes bidding early once both bids are in.
        timetable: takesBids ? { publishOn: ctx.calendar.monthStart(-1), bidsCloseOn: ctx.calendar.day(28), awardBy: ctx.calendar.day(56) } : { publishOn: ctx.calendar.monthStart(-6 + i), bidsCloseOn: ctx.calendar.monthStart(-5 + i), awardBy: ctx.calendar.monthStart(-4 + i) }, // prettier-ignore
        lots: [{ title: 'Lot 1: two beds', settingType: i === 1 ? 'supported-accommodation' : 'childrens-home', needs: i === 1 ? [] : ['emotional-behavioural'], locality, beds: 2, termMonths: 24 }], // prettier-ignore
        councils: second ? [{ councilCode: first!.code, beds: 1 }, { councilCode: second.code, beds: 1 }] : [{ councilCode: first!.code, beds: 2 }], // prettier-ignore
      },
    }); // prettier-ignore
    const id = createTender.id;
    if (state !== 'draft') await move('publishTender', id);
    if (takesBids) {
      await move('openTenderForBids', id);
      const bids: string[] = [];
      for (const [k, s] of bidders.slice(0, 2).entries()) {
        const { submitBid } = await call<{ submitBid: { id: string } }>(ctx.url, await tokenOf(ctx, 'provider', providerOf(ctx, s)), Q.SUBMIT_BID, {
          input: {
            lotId: createTender.lots[0]!.id,
            settingUrns: [s.urn],
            beds: 2,
            weeklyPricePerBedPence: Math.round(s.weeklyPricePence * (0.88 + 0.05 * k) / 100) * 100,
            startDate: ctx.calendar.monthStart(-3),
            qualityAnswers: [{ question: 0, answer: 'Trained staff, a missing-from-home protocol and weekly multi-agency review.' }], // prettier-ignore
          },
        }); // prettier-ignore
        bids.push(submitBid.id);
      }
      await move('closeTenderBidding', id);
      if (state !== 'closed')
        for (const [k, bidId] of bids.entries())
          await call(ctx.url, ctx.hub, Q.SCORE_BID, { input: { bidId, qualityScore: 85 - 20 * k } });
      if (state === 'awarded') await move('awardTender', id);
    }
    const status = state === 'closed' || state === 'evaluated' ? 'evaluation' : state;
    states[status] = (states[status] ?? 0) + 1;
  }
  return states;
}

/** Closes every month from the first contract's start to last month, in order, once. */
export async function closeMonths(ctx: Context): Promise<string[]> {
  const { closedPeriods } = await call<{ closedPeriods: string[] }>(ctx.url, ctx.hub, Q.CLOSED_PERIODS);
  const closed: string[] = [];
  for (let m = -11; m <= -1; m++) {
    const period = ctx.calendar.monthStart(m).slice(0, 7);
    if (closedPeriods.includes(period)) continue;
    await call(ctx.url, ctx.hub, Q.CLOSE_PERIOD, { input: { period } });
    closed.push(period);
  }
  return closed;
}
