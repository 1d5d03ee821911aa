import {
  ADULT_CHILD_RATIOS,
  NEED_FLAGS,
  REFERRAL_KINDS,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUITABILITY,
  SUPPORT_NEEDS,
} from '@rcc/contracts';
import { button, checkboxes, csrfField, dateInput, radios, textInput, type Errors } from '../../platform/components.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { SUITABILITY_FIELDS, words } from './referral-form.js';

/** The form that opens a referral (needs-led home search). */
export function openPage(s: Session, values: Record<string, string | string[]>, errors: Errors): SafeHtml {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  const yesNo = [
    { value: 'yes', text: 'Yes' },
    { value: 'no', text: 'No' },
  ];
  return page({
    title: 'Open a referral',
    session: s,
    current: '/council/referrals',
    backLink: '/council/referrals',
    errors,
    content: html`<h1 class="govuk-heading-l">Open a referral</h1>
      <p class="govuk-body">
        A needs-led home search. The region and providers are told what is needed, never who: no name, date of birth or
        full postcode leaves your council.
      </p>
      <form method="post" action="/council/referrals" novalidate>
        ${csrfField(s.csrfToken)}
        ${textInput({ id: 'childId', label: 'Child’s id in your records', hint: 'The CHILD id from your SSDA903 return', value: v('childId'), error: errors['childId'], classes: 'govuk-input--width-10', spellcheck: false })}
        ${radios({ id: 'kind', name: 'kind', legend: 'Is this planned or an emergency?', items: REFERRAL_KINDS.map((k) => ({ value: k, text: words(k) })), values: [v('kind')], error: errors['kind'], inline: true })}
        ${dateInput({ id: 'startBy', legend: 'Latest start date', hint: 'For example, 14 11 2026', value: { day: v('startBy-day'), month: v('startBy-month'), year: v('startBy-year') }, error: errors['startBy'] })}
        ${textInput({ id: 'siblings', label: 'Siblings to place together', hint: '0 if none', value: v('siblings') || '0', error: errors['siblings'], classes: 'govuk-input--width-2', inputmode: 'numeric' })}
        ${textInput({ id: 'localities', label: 'Localities (optional)', hint: 'Postcode sectors of family, school or preferred area, separated by commas, for example ST4 2, ST5 1. Never full postcodes.', value: v('localities'), error: errors['localities'] })}
        ${radios({ id: 'closeToFamily', name: 'closeToFamily', legend: 'Does the child need to live close to family?', items: yesNo, values: [v('closeToFamily')], error: errors['closeToFamily'], inline: true })}
        ${radios({ id: 'mustStayAtSchool', name: 'mustStayAtSchool', legend: 'Must the child stay at their current school?', items: yesNo, values: [v('mustStayAtSchool')], error: errors['mustStayAtSchool'], inline: true })}
        <h2 class="govuk-heading-m">What kind of home</h2>
        ${SUITABILITY_FIELDS.map(([key, label]) =>
          radios({
            id: `suitability-${key}`,
            name: `suitability-${key}`,
            legend: label,
            items: SUITABILITY.map((x) => ({ value: x, text: words(x) })),
            values: [v(`suitability-${key}`)],
            error: errors[`suitability-${key}`],
            inline: true,
          }),
        )}
        ${radios({ id: 'ratio', name: 'ratio', legend: 'Minimum adult to child ratio', items: ADULT_CHILD_RATIOS.map((x) => ({ value: x, text: x === 'more-than-2:1' ? 'More than 2:1' : words(x) })), values: [v('ratio')], error: errors['ratio'], inline: true })}
        <h2 class="govuk-heading-m">Risks</h2>
        ${RISKS_TO_CHILD.map((risk) =>
          radios({
            id: `risk-${risk}`,
            name: `risk-${risk}`,
            legend: `Risk to the child: ${words(risk).toLowerCase()}`,
            items: ['none', 'low', 'high'].map((l) => ({ value: l, text: words(l) })),
            values: [v(`risk-${risk}`) || 'none'],
            error: errors[`risk-${risk}`],
            inline: true,
          }),
        )}
        ${checkboxes({ id: 'risksToOthers', name: 'risksToOthers', legend: 'Risks to others', hint: 'Select all that apply.', items: RISKS_TO_OTHERS.map((x) => ({ value: x, text: words(x) })), values: list('risksToOthers'), error: errors['risksToOthers'] })}
        ${checkboxes({ id: 'needs', name: 'needs', legend: 'Registration needs the home must hold', hint: 'Ofsted’s need-specific registration categories. Select all that apply.', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
        ${checkboxes({ id: 'support', name: 'support', legend: 'Additional support needed', hint: 'Select all that apply.', items: SUPPORT_NEEDS.map((x) => ({ value: x, text: words(x) })), values: list('support'), error: errors['support'] })}
        ${button('Open referral')}
      </form>`,
  });
}
