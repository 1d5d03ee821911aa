import { DECLINE_REASONS } from '@rcc/contracts';
import {
  button,
  csrfField,
  dateInput,
  notification,
  radios,
  summaryList,
  table,
  tag,
  textarea,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { govukDate, govukDateTime } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { pounds } from '../../platform/money.js';
import { words } from '../council/referral-form.js';
import type { SharedProfile } from '../council/referral-types.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';

export interface MarketResponse {
  id: string;
  settingUrn: string;
  response: string;
  weeklyPricePence: number | null;
  startDate: string | null;
  declineReason: string | null;
  declineNote: string | null;
  respondedAt: string;
}

/** A referral as the provider reads it: the shared needs profile, its window, its own settings and answers. */
export interface MarketReferral extends SharedProfile {
  id: string;
  status: string;
  openedAt: string;
  respondBy: string;
  changedAt: string | null;
  matches: {
    settingUrn: string;
    distance: string;
    onFramework: boolean;
    response: MarketResponse | null;
    outcome: string | null;
  }[];
  selectedBy: string | null;
}

const OUTCOME_WORDS: Record<string, string> = {
  selected: 'Selected',
  'not-selected': 'Not selected',
  withdrawn: 'Withdrawn by the council',
  unmet: 'Closed without a placement',
};

/** What the referral's end means for this provider: selected wins over not selected across its settings. */
function outcomeOf(r: Pick<MarketReferral, 'status' | 'matches'>): string | null {
  const outcomes = r.matches.map((m) => m.outcome).filter((o): o is string => o !== null);
  return outcomes.includes('selected') ? 'selected' : (outcomes[0] ?? null);
}

export function statusTag(r: Pick<MarketReferral, 'status' | 'matches'>): SafeHtml {
  const outcome = outcomeOf(r);
  if (!outcome) return tag(words(r.status), r.status === 'open' ? 'blue' : 'grey');
  return tag(OUTCOME_WORDS[outcome] ?? words(outcome), outcome === 'selected' ? 'green' : 'grey');
}

/**
 * On the list: an open referral the council changed after opening it, marked "Changed", and "Changed since your
 * answer" when an answer from this provider came before the change (it should check its offer still fits).
 */
export function changedTag(r: Pick<MarketReferral, 'status' | 'changedAt' | 'matches'>): SafeHtml {
  const changed = r.changedAt;
  if (!changed || r.status !== 'open') return html``;
  const before = r.matches.some((m) => m.response?.respondedAt !== undefined && m.response.respondedAt < changed);
  return tag(before ? 'Changed since your answer' : `Changed ${govukDate(changed.slice(0, 10))}`, 'yellow');
}

/** The closing word to a provider: the council by name and the next step only to the one it chose. */
function outcomePanel(r: MarketReferral): SafeHtml {
  const outcome = outcomeOf(r);
  if (outcome === 'selected') {
    const chosen = r.matches.find((m) => m.outcome === 'selected');
    return notification(
      `${r.selectedBy ?? 'The council'} accepted your offer`,
      html`<p class="govuk-body">
        ${r.selectedBy ?? 'The council'} chose your setting ${chosen?.settingUrn ?? ''} for this child. Next step: its
        placements team will contact you to agree the move-in date and the placement plan. The place has been taken off
        your declared vacancies.
      </p>`,
    );
  }
  if (outcome === 'not-selected')
    return html`<div class="govuk-inset-text">
      Not selected: the council chose another home for this child. Thank you for answering; nothing more is needed.
    </div>`;
  if (outcome === 'withdrawn')
    return html`<div class="govuk-inset-text">The council withdrew this referral: no answer is needed.</div>`;
  if (outcome === 'unmet')
    return html`<div class="govuk-inset-text">The council closed this referral without a placement.</div>`;
  return html``;
}

/** The council changed the referral after opening it: when, and whether after this provider's own answer. */
function changedNotice(r: MarketReferral): SafeHtml {
  if (!r.changedAt) return html``;
  const changed = r.changedAt;
  const before = r.matches.filter((m) => m.response && m.response.respondedAt < changed);
  return html`<div class="govuk-inset-text" id="referral-changed">
    <p class="govuk-body">The council updated this referral on ${govukDate(changed.slice(0, 10))}.</p>
    ${before.some((m) => m.response?.response === 'offer') ? html`<p class="govuk-body"><strong>It changed after your offer.</strong> Check that your offer still suits what the child needs and when. If it does not, tell the council.</p>` : ''}
  </div>`;
}

export const short = (id: string) => id.slice(0, 8);
const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
export const answered = (r: MarketReferral) => r.matches.filter((m) => m.response).length;

/** One referral as the provider reads it, its settings' answers, and the form to answer for the others. */
export function referralPage(
  s: Session,
  r: MarketReferral,
  errors: Errors,
  values: Record<string, string>,
  done = false,
): SafeHtml {
  const v = (k: string) => values[k] ?? '';
  const unanswered = r.matches.filter((m) => !m.response);
  const heading = `A home for a child aged ${AGE_BAND_NAMES[r.ageBand] ?? r.ageBand}`;
  return page({
    title: heading,
    session: s,
    current: '/provider/referrals',
    backLink: '/provider/referrals',
    errors,
    content: html`${done ? notification('Your answer has been sent', html`<p class="govuk-body">Only the council that raised the referral sees it.</p>`) : ''}
      <span class="govuk-caption-l">Referral ${short(r.id)}, ${words(r.status)}</span>
      <h1 class="govuk-heading-l">${heading}</h1>
      ${outcomePanel(r)} ${changedNotice(r)}
      ${summaryList([
        { key: 'What the council says about the child', value: r.aboutChild || 'Nothing written' },
        { key: 'Kind', value: words(r.kind) },
        { key: 'Latest start date', value: govukDate(r.startBy) },
        { key: 'Respond by', value: `${govukDateTime(r.respondBy)} (UTC)` },
        { key: 'Sex', value: words(r.sex) },
        { key: 'Siblings to place together', value: String(r.siblings) },
        { key: 'Localities (postcode sectors)', value: r.localities.join(', ') || 'None given' },
        { key: 'Close to family', value: yesNo(r.closeToFamily) },
        { key: 'Must stay at current school', value: yesNo(r.mustStayAtSchool) },
        {
          key: 'Suitability',
          value: `Fostering: ${words(r.suitability.fostering)}; residential: ${words(r.suitability.residential)}; supported: ${words(r.suitability.supported)}`,
        },
        { key: 'Minimum adult to child ratio', value: r.ratio },
        { key: 'Registration needs', value: r.needs.map(words).join(', ') || 'None' },
        {
          key: 'Risks to the child',
          value: r.risksToChild.map((x) => `${words(x.risk)} (${x.level})`).join(', ') || 'None recorded',
        },
        { key: 'Risks to others', value: r.risksToOthers.map(words).join(', ') || 'None recorded' },
        { key: 'Additional support', value: r.support.map(words).join(', ') || 'None' },
      ])}
      ${table({
        id: 'matches-table',
        caption: 'Your settings this referral was sent to',
        captionSize: 's',
        head: ['Setting', 'Distance', 'On framework', 'Your answer', 'Outcome'],
        rows: r.matches.map((m) => [
          m.settingUrn,
          words(m.distance),
          yesNo(m.onFramework),
          m.response
            ? m.response.response === 'offer'
              ? `Offered ${m.response.weeklyPricePence === null ? '' : pounds(m.response.weeklyPricePence)} a week from ${m.response.startDate ? govukDate(m.response.startDate) : ''}`
              : `Declined: ${words(m.response.declineReason ?? 'other')}${m.response.declineNote ? ` (${m.response.declineNote})` : ''}`
            : 'Not answered',
          m.outcome ? (OUTCOME_WORDS[m.outcome] ?? words(m.outcome)) : 'Open',
        ]),
      })}
      ${
        r.status === 'open' && unanswered.length
          ? html`<h2 class="govuk-heading-m">Answer this referral</h2>
              <form method="post" action="/provider/referrals/${r.id}" novalidate>
                ${csrfField(s.csrfToken)}
                ${radios({ id: 'settingUrn', name: 'settingUrn', legend: 'Which setting?', items: unanswered.map((m) => ({ value: m.settingUrn, text: m.settingUrn })), values: [v('settingUrn')], error: errors['settingUrn'] })}
                ${radios({
                  id: 'response',
                  name: 'response',
                  legend: 'Your answer',
                  items: [
                    { value: 'offer', text: 'Offer a place' },
                    { value: 'decline', text: 'Decline' },
                  ],
                  values: [v('response')],
                  error: errors['response'],
                  inline: true,
                })}
                <h3 class="govuk-heading-s">If you offer a place</h3>
                ${textInput({ id: 'price', label: 'Weekly price, excluding VAT', value: v('price'), error: errors['price'], classes: 'govuk-input--width-10', prefix: '£', inputmode: 'decimal' })}
                ${dateInput({ id: 'startDate', legend: 'Date the child could move in', hint: 'For example, 1 12 2026', value: { day: v('startDate-day'), month: v('startDate-month'), year: v('startDate-year') }, error: errors['startDate'] })}
                <h3 class="govuk-heading-s">If you decline</h3>
                ${radios({ id: 'declineReason', name: 'declineReason', legend: 'Why are you declining?', items: DECLINE_REASONS.map((d) => ({ value: d, text: words(d) })), values: [v('declineReason')], error: errors['declineReason'] })}
                ${textarea({ id: 'declineNote', label: 'If other, why are you declining?', hint: 'Required if you select Other. The council that raised the referral reads it: do not name anyone. 500 characters at most.', value: v('declineNote'), error: errors['declineNote'], rows: 3 })}
                ${button('Send answer')}
              </form>`
          : ''
      }`,
  });
}
