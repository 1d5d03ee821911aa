import type { GatewayClient } from '../../platform/gateway.client.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { govukMonth } from '../../platform/dates.js';
import { COUNCIL_QUEUE, HUB_QUEUE, PROVIDER_QUEUE } from './home.queries.js';

interface Task {
  count: number;
  href: string;
  text: (n: number) => string;
}

/** A declaration that stops counting within this long is "going stale". */
const SOON_MS = 2 * 24 * 3600_000;

async function councilTasks(gateway: GatewayClient, s: Session): Promise<Task[]> {
  const { councilReferrals } = await gateway.request<{
    councilReferrals: { id: string; responses: { response: string }[] }[];
  }>(s, COUNCIL_QUEUE);
  const withOffers = councilReferrals.filter((r) => r.responses.some((x) => x.response === 'offer'));
  return [
    {
      count: withOffers.length,
      href: withOffers.length === 1 ? `/council/referrals/${withOffers[0]!.id}` : '/council/referrals?status=open',
      text: (n) => `${n === 1 ? 'referral has' : 'referrals have'} offers to decide`,
    },
    {
      count: councilReferrals.length - withOffers.length,
      href: '/council/referrals?status=open',
      text: (n) => `open ${n === 1 ? 'referral is' : 'referrals are'} waiting for an offer`,
    },
  ];
}

/** A tender is "closing" when its bids close within this many days (today included). */
export const CLOSING_DAYS = 14;

const addMonth = (period: string) => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * Months that have ended and are not closed: from the month after the last closed one (or, before any close, the
 * month the first contract started) to last month. Months close in order, so the first is the one to close next.
 */
export function monthsToClose(closed: readonly string[], contractStarts: readonly string[], today: string): string[] {
  const current = today.slice(0, 7);
  const last = [...closed].sort().at(-1);
  let month = last ? addMonth(last) : [...contractStarts].sort()[0]?.slice(0, 7);
  const months: string[] = [];
  while (month && month < current && months.length < 120) {
    months.push(month);
    month = addMonth(month);
  }
  return months;
}

/** Open tenders whose bids close from today to `CLOSING_DAYS` days on, soonest first. */
export function tendersClosing<T extends { status: string; bidsCloseOn: string | null }>(
  tenders: readonly T[],
  today: string,
): T[] {
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + CLOSING_DAYS * 86_400_000).toISOString().slice(0, 10);
  return tenders
    .filter((t) => t.status === 'open' && t.bidsCloseOn !== null && t.bidsCloseOn >= today && t.bidsCloseOn <= until)
    .sort((a, b) => a.bidsCloseOn!.localeCompare(b.bidsCloseOn!));
}

async function hubTasks(gateway: GatewayClient, s: Session): Promise<Task[]> {
  const { tenders, closedPeriods, blockContracts } = await gateway.request<{
    tenders: { id: string; title: string; status: string; bidsCloseOn: string | null }[];
    closedPeriods: string[];
    blockContracts: { startDate: string }[];
  }>(s, HUB_QUEUE);
  const today = new Date().toISOString().slice(0, 10);
  const closing = tendersClosing(tenders, today);
  const months = monthsToClose(
    closedPeriods,
    blockContracts.map((c) => c.startDate),
    today,
  );
  return [
    {
      count: closing.length,
      href: closing.length === 1 ? `/hub/tenders/${closing[0]!.id}` : '/hub/tenders',
      text: (n) => `${n === 1 ? 'tender closes' : 'tenders close'} for bids within ${CLOSING_DAYS} days`,
    },
    {
      count: months.length,
      href: '/hub/contracts',
      text: (n) =>
        `${n === 1 ? 'month has' : 'months have'} ended and ${n === 1 ? 'is' : 'are'} ready to close, ${govukMonth(months[0] ?? '')} first`,
    },
  ];
}

async function providerTasks(gateway: GatewayClient, s: Session): Promise<Task[]> {
  const { providerReferrals, settings } = await gateway.request<{
    providerReferrals: { id: string; respondBy: string; matches: { response: { id: string } | null }[] }[];
    settings: { urn: string; name: string; currentVacancy: { stale: boolean; staleAfter: string } | null }[];
  }>(s, PROVIDER_QUEUE);
  const now = Date.now();
  const awaiting = providerReferrals.filter(
    (r) => Date.parse(r.respondBy) > now && r.matches.some((m) => m.response === null),
  );
  const stale = settings.filter(
    (x) => x.currentVacancy && (x.currentVacancy.stale || Date.parse(x.currentVacancy.staleAfter) - now < SOON_MS),
  );
  return [
    {
      count: awaiting.length,
      href: awaiting.length === 1 ? `/provider/referrals/${awaiting[0]!.id}` : '/provider/referrals',
      text: (n) => `${n === 1 ? 'referral is' : 'referrals are'} waiting for your answer`,
    },
    {
      count: stale.length,
      href: stale.length === 1 ? `/provider/settings/${stale[0]!.urn}` : '/provider/settings',
      text: (n) =>
        `vacancy ${n === 1 ? 'declaration stops' : 'declarations stop'} counting within two days: declare again if the places are still free`,
    },
  ];
}

/** Each role's to-do list on its home page: counts that link to the work. */
export async function workQueue(gateway: GatewayClient, s: Session): Promise<SafeHtml> {
  const roles = s.principal?.roles ?? [];
  let tasks: Task[] = [];
  try {
    if (roles.includes('council.placements')) tasks = await councilTasks(gateway, s);
    else if (roles.includes('provider.user')) tasks = await providerTasks(gateway, s);
    else if (roles.includes('hub.commissioner')) tasks = await hubTasks(gateway, s);
    else return html``;
  } catch {
    return html`<h2 class="govuk-heading-m">Your to-do list</h2>
      <p class="govuk-body">Your to-do list could not be loaded just now. Refresh the page to try again.</p>`;
  }
  const due = tasks.filter((t) => t.count > 0);
  return html`<h2 class="govuk-heading-m">Your to-do list</h2>
    ${
      due.length
        ? html`<ul class="govuk-list govuk-list--bullet" id="work-queue">
            ${due.map((t) => html`<li><a class="govuk-link" href="${t.href}">${t.count} ${t.text(t.count)}</a></li>`)}
          </ul>`
        : html`<p class="govuk-body" id="work-queue">Nothing is waiting for you.</p>`
    }`;
}
