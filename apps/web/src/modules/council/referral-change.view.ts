import { NEED_FLAGS } from '@rcc/contracts';
import { button, checkboxes, csrfField, dateInput, radios, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import type { ChangeValues } from './referral-change.js';
import { words } from './referral-form.js';
import { aboutChildQuestion } from './referral-about.view.js';
import { EXTEND_HOURS } from './referral-reach.view.js';
import { short, type CouncilReferral } from './referral-types.js';

export const hoursText = (h: string) => (h === '168' ? 'One more week' : `${h} more hours`);

/** Changing an open referral: its own question page. */
export function changeFormPage(s: Session, r: CouncilReferral, values: ChangeValues, errors: Errors): SafeHtml {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  return page({
    title: 'Change the referral',
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
