import { button, csrfField, radios, table, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { words } from './referral-form.js';
import { when, type CouncilReferral, type ReferralReach } from './referral-types.js';

/** Why settings were not sent a referral, as the officer reads it ("12 homes ..."). */
const NOT_MATCHED_WORDS: Record<string, string> = {
  'no-vacancy': 'had no current vacancy for this child (and any siblings) at this age',
  type: 'are a kind of home this referral rules out',
  age: 'do not take children of this age',
  sex: 'take only children of the other sex',
  needs: 'are not registered or declared for the needs listed',
  distance: 'are too far away for a child who must stay close to family or school',
  framework: 'are not on a regional framework, and the region buys only through frameworks',
  'not-registered': 'are suspended or not registered with Ofsted',
};

const DISTANCE_WORDS: Record<string, string> = {
  near: 'Near (same postcode district)',
  mid: 'Mid (same postcode area)',
  far: 'Far (outside the postcode area)',
};

export const EXTEND_HOURS = ['24', '48', '168'] as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Nothing matched" with the reasons, most common first: what the officer can change. */
function nothingMatched(reach: ReferralReach): SafeHtml {
  const reasons = reach.notMatched.filter((n) => n.settings > 0);
  return html`<div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        Nothing matched: no home has been sent this referral.
      </strong>
    </div>
    ${
      reasons.length
        ? html`<p class="govuk-body">Of the settings in the region:</p>
            <ul class="govuk-list govuk-list--bullet">
              ${reasons.map(
                (n) =>
                  html`<li>
                    ${plural(n.settings, 'setting', 'settings')} ${NOT_MATCHED_WORDS[n.reason] ?? words(n.reason)}
                  </li>`,
              )}
            </ul>`
        : html`<p class="govuk-body">No setting in the region is registered with Ofsted.</p>`
    }
    <p class="govuk-body">
      A home that declares a matching vacancy while the window is open is sent the referral at once. To reach more
      homes, widen the referral (more kinds of home, homes at any distance) or give providers longer.
    </p>`;
}

/** Who was asked: counts by type and distance (no provider names before they answer), and the window. */
export function reachPanel(r: CouncilReferral, reach: ReferralReach | undefined): SafeHtml {
  if (!reach)
    return html`<h2 class="govuk-heading-m">Who was asked</h2>
      <p class="govuk-body">
        The region’s marketplace has not received this referral: your council may not share referrals with the region,
        or it is still on its way. Refresh the page in a minute.
      </p>`;
  const open = r.status === 'open';
  const windowOpen = new Date(reach.respondBy).getTime() > Date.now();
  return html`<h2 class="govuk-heading-m">Who was asked</h2>
    <p class="govuk-body">
      ${
        reach.asked
          ? `Sent to ${plural(reach.asked, 'setting', 'settings')} of ${plural(reach.providers, 'provider', 'providers')}; ${reach.answered} answered.`
          : ''
      }
      ${
        open
          ? `${windowOpen ? 'Providers have until' : 'The response window closed at'} ${when(reach.respondBy)} (UTC)${reach.windowExtended ? ', extended' : ''}.`
          : ''
      }
      ${reach.lastSentAt ? `Last sent to a home ${when(reach.lastSentAt)}.` : ''}
    </p>
    ${
      reach.asked
        ? html`<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Settings asked">
            ${table({
              id: 'reach-table',
              caption: 'Settings asked, by kind and distance from the child’s areas',
              captionSize: 's',
              head: ['Kind of setting', 'Distance', 'Asked', 'Answered'],
              rows: reach.groups.map((g) => [
                words(g.settingType),
                DISTANCE_WORDS[g.distance] ?? words(g.distance),
                String(g.asked),
                String(g.answered),
              ]),
              numeric: [2, 3],
            })}
          </div>`
        : open
          ? nothingMatched(reach)
          : html`<p class="govuk-body">No setting was sent this referral.</p>`
    }`;
}

/** The officer's other actions on an open referral: more time, or withdraw it. */
export function openReferralActions(
  r: CouncilReferral,
  reach: ReferralReach | undefined,
  csrf: string,
  errors: Errors,
  values: Record<string, string>,
): SafeHtml {
  return html`${
      reach
        ? html`<h2 class="govuk-heading-m">Give providers longer</h2>
            <form method="post" action="/council/referrals/${r.id}/extend" novalidate>
              ${csrfField(csrf)}
              ${radios({
                id: 'hours',
                name: 'hours',
                legend: 'How much longer?',
                hint: 'From the current deadline, or from now if it has passed. Homes that declare a matching vacancy meanwhile are sent the referral.',
                items: EXTEND_HOURS.map((h) => ({
                  value: h,
                  text: h === '168' ? 'One more week' : `${h} more hours`,
                })),
                values: [values['hours'] ?? ''],
                error: errors['hours'],
                inline: true,
              })}
              ${button('Extend the window', { secondary: true })}
            </form>`
        : ''
    }
    <h2 class="govuk-heading-m">Withdraw the referral</h2>
    <p class="govuk-body">If the child no longer needs this search. A withdrawn referral is not counted as a gap.</p>
    <form method="post" action="/council/referrals/${r.id}/withdraw" novalidate>
      ${csrfField(csrf)}
      ${radios({
        id: 'withdrawReason',
        name: 'withdrawReason',
        legend: 'Why is it withdrawn?',
        items: WITHDRAW_REASONS.map((w) => ({ value: w, text: words(w) })),
        values: [values['withdrawReason'] ?? ''],
        error: errors['withdrawReason'],
      })}
      ${button('Withdraw referral', { secondary: true })}
    </form>`;
}

export const WITHDRAW_REASONS = ['home-found-elsewhere', 'returned-home', 'plan-changed', 'opened-in-error'] as const;
