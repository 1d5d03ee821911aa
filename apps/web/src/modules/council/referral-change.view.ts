import { NEED_FLAGS } from '@rcc/contracts';
import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  radios,
  summaryList,
  type Errors,
} from '../../platform/components.js';
import { govukDate } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import type { ChangeInput, ChangeValues } from './referral-change.js';
import { words } from './referral-form.js';
import { aboutChildQuestion } from './referral-open.view.js';
import { EXTEND_HOURS } from './referral-reach.view.js';
import { short, type CouncilReferral } from './referral-types.js';

const hoursText = (h: string) => (h === '168' ? 'One more week' : `${h} more hours`);

const hidden = (values: ChangeValues) =>
  Object.entries(values).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => html`<input type="hidden" name="${name}" value="${x}" />`),
  );

/** Changing an open referral: its own question page. */
export function changeFormPage(s: Session, r: CouncilReferral, values: ChangeValues, errors: Errors): SafeHtml {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  return page({
    title: `Change referral ${short(r.id)}`,
    session: s,
    current: '/council/referrals',
    backLink: `/council/referrals/${r.id}`,
    errors,
    content: html`<span class="govuk-caption-l">Referral ${short(r.id)}</span>
      <h1 class="govuk-heading-l">Change the referral</h1>
      <p class="govuk-body">
        Homes already sent it keep it and see that it changed. Homes that match it now are sent it at once.
      </p>
      <form method="post" action="/council/referrals/${r.id}/change" novalidate>
        ${csrfField(s.csrfToken)}
        ${aboutChildQuestion(v('aboutChild'), errors, 'What homes should know about the child')}
        ${dateInput({ id: 'startBy', legend: 'Latest start date', hint: 'For example, 14 11 2026', value: { day: v('startBy-day'), month: v('startBy-month'), year: v('startBy-year') }, error: errors['startBy'] })}
        ${checkboxes({ id: 'needs', name: 'needs', legend: 'Registration needs the home must hold', hint: 'Select all that apply.', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
        ${radios({ id: 'extendHours', name: 'extendHours', legend: 'Give homes longer to answer?', items: [{ value: '', text: 'No' }, ...EXTEND_HOURS.map((h) => ({ value: h, text: hoursText(h) }))], values: [v('extendHours')], error: errors['extendHours'] })}
        ${button('Continue')}
      </form>`,
  });
}

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
