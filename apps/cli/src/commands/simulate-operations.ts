import type { MarketSetting, SimulatedMarket } from '@rcc/simulator';
import { call, draw, eventually, inBatches, type Calendar, type TokenFor } from './simulate-calendar.js';
import * as Q from './simulate-operations.queries.js';

/**
 * The registry's and councils' part of a simulated year, through the gateway with each role's token (never SQL):
 * providers declare vacancies, councils open referrals, providers offer or decline with reasons, councils accept
 * offers (placements start; some end) or close referrals as unmet. Idempotent: a council that already has referrals
 * is not simulated again, a setting with a current declaration is left alone.
 */
export interface Context {
  url: string;
  hub: string;
  tokenFor: TokenFor;
  market: SimulatedMarket;
  councils: readonly { code: string; name: string; districts: readonly string[]; lookedAfter: number }[];
  providerIds: Map<string, string>;
  calendar: Calendar;
  log: (line: string) => void;
}

export const NEED_FLAG: Readonly<Record<string, string>> = {
  'Emotional and Behavioural Difficulties': 'emotional-behavioural',
  'Mental Disorders': 'mental-disorders',
  'Sensory Impairment': 'sensory-impairment',
  'Present Alcohol Problems': 'alcohol',
  'Present Drug Problems': 'drugs',
  'Learning Difficulty': 'learning-difficulty',
  'Physical Disabilities': 'physical-disability',
};

/** Reasons providers give for declining, by weight (ASSUMPTION; the LGA / Ofsted 2022 reports name these causes). */
const DECLINE_REASONS = [
  ['no-vacancy', 0.3],
  ['cannot-meet-needs', 0.25],
  ['matching', 0.15],
  ['risk', 0.15],
  ['staffing', 0.1],
  ['location', 0.05],
] as const;

const tokens = new Map<string, Promise<string>>();
/** One token per principal, signed once. */
export function tokenOf(ctx: Context, kind: 'provider' | 'placements', id: string): Promise<string> {
  const key = `${kind}:${id}`;
  if (!tokens.has(key))
    tokens.set(
      key,
      kind === 'provider'
        ? ctx.tokenFor({ subject: `simulated-provider-${id}`, roles: ['provider.user'], provider: id })
        : ctx.tokenFor({ subject: `simulated-placements-${id}`, roles: ['council.placements'], council: id }),
    );
  return tokens.get(key)!;
}

export const providerOf = (ctx: Context, s: MarketSetting): string => {
  const id = ctx.providerIds.get(s.provider.name);
  if (!id) throw new Error(`provider ${s.provider.name} is not in the registry`);
  return id;
};

/** About a third of homes and supported accommodation declare places; each declaration runs 2 to 12 weeks. */
export async function declareVacancies(ctx: Context): Promise<number> {
  const { settings } = await call<{
    settings: { urn: string; registrationStatus: string; currentVacancy: { stale: boolean } | null }[];
  }>(ctx.url, ctx.hub, Q.SETTINGS);
  const current = new Map(settings.map((s) => [s.urn, s]));
  const declaring = ctx.market.settings.filter((s) => {
    const seen = current.get(s.urn);
    const kind = s.kind === 'childrens-home' || s.kind === 'supported-accommodation';
    return kind && seen?.registrationStatus === 'registered' && !seen.currentVacancy && draw(`vacancy:${s.urn}`) < 0.35;
  });
  await inBatches(declaring, 6, async (s) => {
    const home = s.kind === 'childrens-home';
    await call(ctx.url, await tokenOf(ctx, 'provider', providerOf(ctx, s)), Q.DECLARE_VACANCY, {
      input: {
        urn: s.urn,
        vacancies: home ? 1 + Math.floor(draw(`places:${s.urn}`) * Math.min(2, s.places)) : 1 + (s.places > 4 ? 1 : 0),
        ageBands: home ? ['10-15', '16-plus'] : ['16-plus'],
        canMeet: home ? s.needs.map((n) => NEED_FLAG[n]!).filter(Boolean) : ['emotional-behavioural'],
        availableUntil: ctx.calendar.day(14 + Math.floor(draw(`until:${s.urn}`) * 70)),
      },
    });
  });
  return declaring.length;
}

interface Child {
  childId: string;
  dateOfBirth: string;
  episodes: { startDate: string; endDate: string | null; placementType: string }[];
}

/** Children of 10 to 17 still looked after at the end of the latest return: the ones a council would refer. */
export async function referable(ctx: Context, council: string): Promise<Child[]> {
  const token = await tokenOf(ctx, 'placements', council);
  const children: Child[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await call<{ councilChildren: { total: number; items: Child[] } }>(
      ctx.url,
      token,
      Q.COUNCIL_CHILDREN,
      {
        limit: 500,
        offset,
      },
    );
    children.push(...page.councilChildren.items);
    if (offset + 500 >= page.councilChildren.total) break;
  }
  const age = (dob: string) => Calendar_age(dob, ctx.calendar.today);
  return children
    .filter((c) => c.episodes.some((e) => e.endDate === null) && age(c.dateOfBirth) >= 10 && age(c.dateOfBirth) <= 16)
    .sort((a, b) => draw(`child:${a.childId}`) - draw(`child:${b.childId}`));
}

function Calendar_age(dob: string, on: string): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = on.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

export interface Referral {
  id: string;
  council: string;
  start: string;
}

/** A council opens needs-led referrals for residential care, about one per hundred children looked after, plus two. */
/** What most simulated referrals ask: a children's home, not a foster family or supported accommodation. */
const RESIDENTIAL_PREFERRED = { fostering: 'unsuitable', residential: 'preferred', supported: 'unsuitable' };

/**
 * Opens a referral on the council's instance for one child: planned, preferring residential care (fostering not
 * suitable), with no sibling, locality or tie to family or school, a standard ratio and nothing more asked, but for
 * what `profile` says. Returns its id.
 */
export async function openReferral(
  ctx: Context,
  token: string,
  childId: string,
  startBy: string,
  profile: Record<string, unknown> = {},
): Promise<string> {
  const { openReferral: opened } = await call<{ openReferral: { id: string } }>(ctx.url, token, Q.OPEN_REFERRAL, {
    input: {
      childId,
      kind: 'planned',
      startBy,
      siblings: 0,
      localities: [],
      closeToFamily: false,
      mustStayAtSchool: false,
      suitability: RESIDENTIAL_PREFERRED,
      ratio: 'standard',
      risksToChild: [],
      risksToOthers: [],
      support: [],
      needs: [],
      ...profile,
    },
  });
  return opened.id;
}

export async function openReferrals(
  ctx: Context,
  council: Context['councils'][number],
  children: Child[],
): Promise<Referral[]> {
  const token = await tokenOf(ctx, 'placements', council.code);
  const count = Math.min(children.length, Math.round(council.lookedAfter / 100) + 2);
  const opened: Referral[] = [];
  for (const child of children.slice(0, count)) {
    const r = draw(`referral:${child.childId}`);
    const district = council.districts[Math.floor(r * council.districts.length)]!;
    const start = ctx.calendar.day(3 + Math.floor(r * 30)); // offers start today or later
    const needs =
      r < 0.7 ? ['emotional-behavioural'] : r < 0.85 ? ['emotional-behavioural', 'learning-difficulty'] : [];
    const id = await openReferral(ctx, token, child.childId, start, {
      kind: r < 0.3 ? 'emergency' : 'planned',
      localities: [`${district} ${1 + Math.floor(r * 9)}`],
      suitability: { ...RESIDENTIAL_PREFERRED, supported: r > 0.6 ? 'suitable' : 'unsuitable' },
      ratio: r < 0.8 ? 'standard' : '1:1',
      risksToChild: r < 0.5 ? [{ risk: 'going-missing', level: r < 0.2 ? 'high' : 'low' }] : [],
      risksToOthers: r > 0.9 ? ['physical-harm'] : [],
      support: r > 0.7 ? ['therapeutic-support'] : [],
      needs,
    });
    opened.push({ id, council: council.code, start });
  }
  return opened;
}

/** The providers notified of the referrals answer: some offer at their usual price, others decline with a reason. */
export async function answerReferrals(
  ctx: Context,
  referrals: Referral[],
): Promise<{ offers: number; declines: number }> {
  const wanted = new Set(referrals.map((r) => r.id));
  const byUrn = new Map(ctx.market.settings.map((s) => [s.urn, s]));
  const declaring = [...new Set(ctx.market.settings.filter((s) => draw(`vacancy:${s.urn}`) < 0.35).map((s) => providerOf(ctx, s)))]; // prettier-ignore
  const matches = new Map<string, { provider: string; urn: string }[]>();
  // The registry matches referrals to settings when their events arrive: wait until the count stops growing.
  let last = -1;
  await eventually(async () => {
    matches.clear();
    for (const provider of declaring) {
      const { providerReferrals } = await call<{
        providerReferrals: { id: string; matches: { settingUrn: string; response: { id: string } | null }[] }[];
      }>(ctx.url, await tokenOf(ctx, 'provider', provider), Q.PROVIDER_REFERRALS);
      for (const r of providerReferrals.filter((x) => wanted.has(x.id)))
        for (const m of r.matches.filter((x) => !x.response))
          matches.set(r.id, [...(matches.get(r.id) ?? []), { provider, urn: m.settingUrn }]);
    }
    const seen = [...matches.values()].reduce((n, m) => n + m.length, 0);
    const settled = seen === last && matches.size > 0;
    last = seen;
    return settled || matches.size === wanted.size ? true : undefined;
  }, 20_000);
  let offers = 0;
  let declines = 0;
  const start = new Map(referrals.map((r) => [r.id, r.start]));
  for (const [referralId, list] of matches) {
    for (const [i, m] of list.slice(0, 3).entries()) {
      const r = draw(`response:${referralId}:${m.urn}`);
      const setting = byUrn.get(m.urn);
      const offer = setting !== undefined && (i === 0 ? r < 0.75 : r < 0.4);
      let reason = DECLINE_REASONS[0][0] as string;
      for (let acc = 0, k = 0; k < DECLINE_REASONS.length; k++) {
        acc += DECLINE_REASONS[k]![1];
        if (r < acc) {
          reason = DECLINE_REASONS[k]![0];
          break;
        }
      }
      await call(ctx.url, await tokenOf(ctx, 'provider', m.provider), Q.RESPOND, {
        input: offer
          ? {
              referralId,
              settingUrn: m.urn,
              response: 'offer',
              weeklyPricePence: Math.round((setting.weeklyPricePence * (0.95 + r * 0.15)) / 100) * 100,
              startDate: start.get(referralId),
            }
          : { referralId, settingUrn: m.urn, response: 'decline', declineReason: reason },
      });
      if (offer) offers++;
      else declines++;
    }
  }
  return { offers, declines };
}

interface CouncilReferral {
  id: string;
  status: string;
  placement: { startDate: string; endDate: string | null } | null;
  responses: { responseId: string; response: string; weeklyPricePence: number | null; startDate: string | null }[];
}

/** Councils decide: most take their cheapest offer (spot or framework call-off); some close without one as unmet. */
export async function decide(
  ctx: Context,
  council: string,
  ids: Set<string>,
  answered: number,
): Promise<{ placed: number; unmet: number }> {
  const token = await tokenOf(ctx, 'placements', council);
  const read = async () =>
    (await call<{ councilReferrals: CouncilReferral[] }>(ctx.url, token, Q.COUNCIL_REFERRALS)).councilReferrals.filter(
      (r) => ids.has(r.id),
    );
  // The answers reach the council as events: wait for them (or for what arrives in the time).
  const referrals =
    (await eventually(async () => {
      const list = await read();
      return list.reduce((n, r) => n + r.responses.length, 0) >= answered ? list : undefined;
    }, 20_000)) ?? (await read());
  let placed = 0;
  let unmet = 0;
  for (const r of referrals.filter((x) => x.status === 'open')) {
    const offers = r.responses.filter((x) => x.response === 'offer').sort((a, b) => a.weeklyPricePence! - b.weeklyPricePence!); // prettier-ignore
    const d = draw(`decide:${r.id}`);
    if (offers.length > 0 && d < 0.85) {
      const route = d < 0.35 ? 'framework-call-off' : 'spot';
      await call(ctx.url, token, Q.ACCEPT_OFFER, { input: { responseId: offers[0]!.responseId, route } });
      placed++;
    } else if (offers.length === 0 && d < 0.7) {
      await call(ctx.url, token, Q.CLOSE_UNMET, {
        input: { referralId: r.id, reasons: [d < 0.35 ? 'no-capacity' : 'no-suitable-offer'] },
      });
      unmet++;
    }
  }
  return { placed, unmet };
}

/**
 * The placements a council made over the past year outside the marketplace (by telephone, as most still are): each
 * recorded with its setting, price, route and a start in the last eleven months; about four in ten have ended. About
 * a third are in another council's area (out of area). Returns how many started and ended.
 */
export async function recordHistory(
  ctx: Context,
  council: string,
  children: Child[],
): Promise<{ started: number; ended: number }> {
  const token = await tokenOf(ctx, 'placements', council);
  const settings = ctx.market.settings.filter((s) => (s.kind === 'childrens-home' || s.kind === 'supported-accommodation' || s.kind === 'independent-fostering-agency') && s.provider !== ctx.market.exit.provider); // prettier-ignore
  const local = settings.filter((s) => s.councilCode === council);
  let ended = 0;
  for (const child of children) {
    const r = draw(`history:${child.childId}`);
    const pool = r < 0.65 && local.length > 0 ? local : settings;
    const setting = pool[Math.floor(draw(`setting:${child.childId}`) * pool.length)]!;
    const startDate = ctx.calendar.day(-330 + Math.floor(r * 300));
    const referralId = await openReferral(ctx, token, child.childId, startDate, {
      kind: r < 0.3 ? 'emergency' : 'planned',
      suitability: { fostering: setting.kind === 'independent-fostering-agency' ? 'preferred' : 'unsuitable', residential: setting.kind === 'childrens-home' ? 'preferred' : 'unsuitable', supported: setting.kind === 'supported-accommodation' ? 'preferred' : 'unsuitable' }, // prettier-ignore
    });
    await call(ctx.url, token, Q.RECORD_PLACEMENT, {
      input: { referralId, settingUrn: setting.urn, weeklyCostPence: setting.weeklyPricePence, route: r < 0.4 ? 'framework-call-off' : 'spot', startDate }, // prettier-ignore
    });
    const endDate = ctx.calendar.day(Math.min(-1, -330 + Math.floor(r * 300) + 30 + Math.floor(draw(`stay:${child.childId}`) * 200))); // prettier-ignore
    if (draw(`ends:${child.childId}`) < 0.4 && endDate > startDate) {
      await call(ctx.url, token, Q.END_PLACEMENT, { input: { referralId, endDate } });
      ended++;
    }
  }
  return { started: children.length, ended };
}
