import { button, csrfField, summaryList, type Errors } from '../../platform/components.js';
import { govukDate } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import type { ChangeInput, ChangeValues } from './referral-change.js';
import { hoursText } from './referral-change.view.js';
import { words } from './referral-form.js';
import { short, type CouncilReferral } from './referral-types.js';

const hidden = (values: ChangeValues) =>
  Object.entries(values).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => html`<input type="hidden" name="${name}" value="${x}" />`),
  );

/** Check your answers before the change is sent to the homes. */
export function changeCheckPage(
  s: Session,
  r: CouncilReferral,
  values: ChangeValues,
  input: ChangeInput,
  errors: Errors,
): SafeHtml {
  return page({
    title: 'Check your changes before sending them',
    session: s,
    current: '/council/referrals',
    backLink: `/council/referrals/${r.id}`,
    errors,
    content: html`<span class="govuk-caption-l">Referral ${short(r.id)}</span>
      <h1 class="govuk-heading-l">Check your changes before sending them</h1>
      <form method="post" action="/council/referrals/${r.id}/change/confirm" novalidate>
        ${csrfField(s.csrfToken)} ${hidden(values)}
        <div id="change-answers">
          ${summaryList([
            { key: 'What homes should know about the child', value: input.aboutChild || 'Nothing written' },
            { key: 'Latest start date', value: govukDate(input.startBy) },
            { key: 'Registration needs', value: input.needs.map(words).join(', ') || 'None' },
            { key: 'More time to answer', value: input.extendHours ? hoursText(String(input.extendHours)) : 'No' },
          ])}
        </div>
        <div class="govuk-button-group">
          ${button('Send the changes')}
          <button
            type="submit"
            id="change-answers-again"
            class="govuk-button govuk-button--secondary"
            data-module="govuk-button"
            formaction="/council/referrals/${r.id}/change?edit=1"
          >
            Change your answers
          </button>
        </div>
      </form>`,
  });
}
