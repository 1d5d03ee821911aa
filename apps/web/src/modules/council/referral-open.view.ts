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
import { govukDate } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { SUITABILITY_FIELDS, words, type OpenReferralInput } from './referral-form.js';
import { carried, REFERRAL_STEPS, STEP_TITLES, type ReferralStep, type ReferralValues } from './referral-steps.js';
import { aboutChildQuestion, childEcho, childEchoRows } from './referral-about.view.js';
import type { ChildEcho } from './referral-types.js';

const yesNo = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];
const ratioText = (x: string) => (x === 'more-than-2:1' ? 'More than 2:1' : words(x));

const hidden = (pairs: [string, string][]) =>
  pairs.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`);

/** The questions of one page. */
function questions(step: ReferralStep, values: ReferralValues, errors: Errors): SafeHtml {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  if (step === 'child')
    return html`${textInput({ id: 'childId', label: 'Child’s id in your records', hint: 'The CHILD id from your SSDA903 return', value: v('childId'), error: errors['childId'], classes: 'govuk-input--width-10', spellcheck: false })}
    ${radios({ id: 'kind', name: 'kind', legend: 'Is this planned or an emergency?', items: REFERRAL_KINDS.map((k) => ({ value: k, text: words(k) })), values: [v('kind')], error: errors['kind'], inline: true })}
    ${dateInput({ id: 'startBy', legend: 'Latest start date', hint: 'For example, 14 11 2026', value: { day: v('startBy-day'), month: v('startBy-month'), year: v('startBy-year') }, error: errors['startBy'] })}
    ${textInput({ id: 'siblings', label: 'Siblings to place together', hint: '0 if none', value: v('siblings') || '0', error: errors['siblings'], classes: 'govuk-input--width-2', inputmode: 'numeric' })}`;
  if (step === 'about')
    return aboutChildQuestion(v('aboutChild'), errors, 'What homes should know about the child (optional)');
  if (step === 'where')
    return html`${textInput({ id: 'localities', label: 'Localities (optional)', hint: 'Postcode sectors of family, school or preferred area, separated by commas, for example ST4 2, ST5 1. Never full postcodes.', value: v('localities'), error: errors['localities'] })}
    ${radios({ id: 'closeToFamily', name: 'closeToFamily', legend: 'Does the child need to live close to family?', items: yesNo, values: [v('closeToFamily')], error: errors['closeToFamily'], inline: true })}
    ${radios({ id: 'mustStayAtSchool', name: 'mustStayAtSchool', legend: 'Must the child stay at their current school?', items: yesNo, values: [v('mustStayAtSchool')], error: errors['mustStayAtSchool'], inline: true })}`;
  return html`<h2 class="govuk-heading-m">What kind of home</h2>
    ${SUITABILITY_FIELDS.map(([key, label]) => radios({ id: `suitability-${key}`, name: `suitability-${key}`, legend: label, items: SUITABILITY.map((x) => ({ value: x, text: words(x) })), values: [v(`suitability-${key}`)], error: errors[`suitability-${key}`], inline: true }))}
    ${radios({ id: 'ratio', name: 'ratio', legend: 'Minimum adult to child ratio', items: ADULT_CHILD_RATIOS.map((x) => ({ value: x, text: ratioText(x) })), values: [v('ratio')], error: errors['ratio'], inline: true })}
    <h2 class="govuk-heading-m">Risks</h2>
    ${RISKS_TO_CHILD.map((risk) => radios({ id: `risk-${risk}`, name: `risk-${risk}`, legend: `Risk to the child: ${words(risk).toLowerCase()}`, items: ['none', 'low', 'high'].map((l) => ({ value: l, text: words(l) })), values: [v(`risk-${risk}`) || 'none'], error: errors[`risk-${risk}`], inline: true }))}
    ${checkboxes({ id: 'risksToOthers', name: 'risksToOthers', legend: 'Risks to others', hint: 'Select all that apply.', items: RISKS_TO_OTHERS.map((x) => ({ value: x, text: words(x) })), values: list('risksToOthers'), error: errors['risksToOthers'] })}
    ${checkboxes({ id: 'needs', name: 'needs', legend: 'Registration needs the home must hold', hint: 'Ofsted’s need-specific registration categories. Select all that apply.', items: NEED_FLAGS.map((x) => ({ value: x, text: words(x) })), values: list('needs'), error: errors['needs'] })}
    ${checkboxes({ id: 'support', name: 'support', legend: 'Additional support needed', hint: 'Select all that apply.', items: SUPPORT_NEEDS.map((x) => ({ value: x, text: words(x) })), values: list('support'), error: errors['support'] })}`;
}

/** One question page of opening a referral (GOV.UK question pages), the answers so far carried along. */
export function stepPage(
  s: Session,
  step: ReferralStep,
  values: ReferralValues,
  errors: Errors,
  child?: ChildEcho,
): SafeHtml {
  const i = REFERRAL_STEPS.indexOf(step);
  const previous = REFERRAL_STEPS[i - 1];
  return page({
    title: `${STEP_TITLES[step]} - Open a referral`,
    session: s,
    current: '/council/referrals',
    ...(previous ? {} : { backLink: '/council/referrals' }),
    errors,
    content: html`<span class="govuk-caption-l">Open a referral: step ${i + 1} of ${REFERRAL_STEPS.length + 1}</span>
      <h1 class="govuk-heading-l">${STEP_TITLES[step]}</h1>
      ${childEcho(child)}
      ${i === 0 ? html`<p class="govuk-body">A needs-led home search. The region and providers are told what is needed, never who: no name, date of birth or full postcode leaves your council.</p>` : ''}
      <form method="post" action="/council/referrals/new" novalidate>
        ${csrfField(s.csrfToken)}
        <input type="hidden" name="step" value="${step}" />
        ${hidden(carried(values, step))} ${questions(step, values, errors)}
        <div class="govuk-button-group">
          ${button('Continue')}
          ${previous ? button('Back to the previous question', { secondary: true, name: 'change', value: previous }) : ''}
        </div>
      </form>`,
  });
}

/** Every answer in words, as the check page shows it, grouped by the page that asked it. */
export function answerRows(input: OpenReferralInput): Record<ReferralStep, { key: string; value: string }[]> {
  const none = (xs: string[]) => xs.map(words).join(', ') || 'None';
  const yes = (b: boolean) => (b ? 'Yes' : 'No');
  return {
    child: [
      { key: 'Child’s id in your records', value: input.childId },
      { key: 'Planned or emergency', value: words(input.kind) },
      { key: 'Latest start date', value: govukDate(input.startBy) },
      { key: 'Siblings to place together', value: String(input.siblings) },
    ],
    where: [
      { key: 'Localities', value: input.localities.join(', ') || 'None given' },
      { key: 'Close to family', value: yes(input.closeToFamily) },
      { key: 'Stay at current school', value: yes(input.mustStayAtSchool) },
    ],
    needs: [
      ...SUITABILITY_FIELDS.map(([key, label]) => ({ key: label, value: words(input.suitability[key]) })),
      { key: 'Minimum adult to child ratio', value: ratioText(input.ratio) },
      {
        key: 'Risks to the child',
        value: input.risksToChild.map((r) => `${words(r.risk)} (${r.level})`).join(', ') || 'None',
      },
      { key: 'Risks to others', value: none(input.risksToOthers) },
      { key: 'Registration needs', value: none(input.needs) },
      { key: 'Additional support', value: none(input.support) },
    ],
    about: [{ key: 'What homes should know about the child', value: input.aboutChild || 'Nothing written' }],
  };
}

/** Check your answers before the referral is sent; each page's answers can be changed. */
export function checkPage(
  s: Session,
  values: ReferralValues,
  input: OpenReferralInput,
  errors: Errors,
  child: ChildEcho,
): SafeHtml {
  const answers = answerRows(input);
  const rows = { ...answers, child: [...answers.child, ...childEchoRows(child)] };
  return page({
    title: 'Check your answers before opening the referral',
    session: s,
    current: '/council/referrals',
    errors,
    content: html`<h1 class="govuk-heading-l">Check your answers before opening the referral</h1>
      <form method="post" action="/council/referrals" novalidate>
        ${csrfField(s.csrfToken)} ${hidden(carried(values))}
        ${REFERRAL_STEPS.map(
          (step) =>
            html`<h2 class="govuk-heading-m">${STEP_TITLES[step]}</h2>
              <dl class="govuk-summary-list">
                ${rows[step].map(
                  (r) =>
                    html`<div class="govuk-summary-list__row">
                      <dt class="govuk-summary-list__key">${r.key}</dt>
                      <dd class="govuk-summary-list__value">${r.value}</dd>
                    </div>`,
                )}
              </dl>
              <button
                type="submit"
                id="change-${step}"
                class="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                formaction="/council/referrals/new"
                name="change"
                value="${step}"
              >
                Change<span class="govuk-visually-hidden"> ${STEP_TITLES[step].toLowerCase()}</span>
              </button>`,
        )}
        <h2 class="govuk-heading-m">Now open the referral</h2>
        <p class="govuk-body">
          Providers whose homes match are sent these needs and what you wrote about the child at once, with the child’s
          age band and sex from your records: never the child’s id, name or date of birth.
        </p>
        ${button('Open referral')}
      </form>`,
  });
}
