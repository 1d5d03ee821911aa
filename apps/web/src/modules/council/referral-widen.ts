import { button, checkboxes, csrfField, summaryList, type Errors } from '../../platform/components.js';
import { govukDate, govukDateTime } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import { fields } from '../../platform/http.js';
import { SUITABILITY_FIELDS, words } from './referral-form.js';
import type { ReferralReach, SharedProfile } from './referral-types.js';

type Kind = (typeof SUITABILITY_FIELDS)[number][0];

const AGE_BAND_WORDS: Record<string, string> = {
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-plus': '16 or 17',
};

/**
 * The kinds of home the referral is not yet sent to, which widening may add: one the referral marks neither
 * preferred nor suitable when it names any, else one it rules out; supported accommodation only at 16 and 17.
 */
export function kindsToAdd(p: SharedProfile): Kind[] {
  const wanted = (k: Kind) => p.suitability[k] === 'preferred' || p.suitability[k] === 'suitable';
  const namesAny = SUITABILITY_FIELDS.some(([k]) => wanted(k));
  return SUITABILITY_FIELDS.map(([k]) => k).filter(
    (k) =>
      (namesAny ? !wanted(k) : p.suitability[k] === 'unsuitable') && (k !== 'supported' || p.ageBand === '16-plus'),
  );
}

const nearOnly = (p: SharedProfile) => p.closeToFamily || p.mustStayAtSchool;

/** Widening: more kinds of home and/or any distance, only among what would send it further. */
export function readWidenForm(
  body: Record<string, unknown> | undefined,
  p: SharedProfile,
): { values: string[]; errors: Errors; input?: { anyDistance: boolean; addTypes: string[] } } {
  const values = fields(body, 'widen');
  const allowed: string[] = [...kindsToAdd(p), ...(nearOnly(p) ? ['any-distance'] : [])];
  const errors: Errors = {};
  if (values.length === 0) errors['widen'] = { href: 'widen', text: 'Select how to widen the referral' };
  else if (values.some((v) => !allowed.includes(v)))
    errors['widen'] = { href: 'widen', text: 'Select ways to widen the referral from the list' };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: { anyDistance: values.includes('any-distance'), addTypes: values.filter((v) => v !== 'any-distance') },
  };
}

/** Every answer providers see, as they see it: the council reads back exactly what it shared. */
export function sharedPanel(reach: ReferralReach | undefined): SafeHtml {
  if (!reach) return html``;
  const p = reach.shared;
  const none = (xs: string[]) => xs.map(words).join(', ') || 'None';
  return html`<h2 class="govuk-heading-m" id="shared-profile">What providers see</h2>
    <p class="govuk-body">
      Needs only: never the child’s id, name, date of birth or your council’s name.
      ${reach.widenedAt ? `Widened ${govukDateTime(reach.widenedAt)} (UTC).` : ''}
    </p>
    <div id="shared-profile-answers">
      ${summaryList([
        { key: 'Age', value: AGE_BAND_WORDS[p.ageBand] ?? p.ageBand },
        { key: 'Sex', value: words(p.sex) },
        { key: 'Planned or emergency', value: words(p.kind) },
        { key: 'Latest start date', value: govukDate(p.startBy) },
        { key: 'Siblings to place together', value: String(p.siblings) },
        { key: 'Localities', value: p.localities.join(', ') || 'None given' },
        { key: 'Close to family', value: p.closeToFamily ? 'Yes' : 'No' },
        { key: 'Stay at current school', value: p.mustStayAtSchool ? 'Yes' : 'No' },
        ...SUITABILITY_FIELDS.map(([k, label]) => ({ key: label, value: words(p.suitability[k]) })),
        { key: 'Minimum adult to child ratio', value: p.ratio === 'more-than-2:1' ? 'More than 2:1' : words(p.ratio) },
        {
          key: 'Risks to the child',
          value: p.risksToChild.map((r) => `${words(r.risk)} (${r.level})`).join(', ') || 'None',
        },
        { key: 'Risks to others', value: none(p.risksToOthers) },
        { key: 'Registration needs', value: none(p.needs) },
        { key: 'Additional support', value: none(p.support) },
        { key: 'What homes should know about the child', value: p.aboutChild || 'Nothing written' },
      ])}
    </div>`;
}

/** The widen form on an open referral, inside its window: only choices that send it to more homes. */
export function widenSection(
  referralId: string,
  reach: ReferralReach | undefined,
  csrf: string,
  errors: Errors,
  values: string[],
): SafeHtml {
  if (!reach || new Date(reach.respondBy).getTime() <= Date.now()) return html``;
  const p = reach.shared;
  const items = [
    ...kindsToAdd(p).map((k) => ({
      value: k,
      text: `Also ${SUITABILITY_FIELDS.find(([key]) => key === k)![1].toLowerCase()}`,
    })),
    ...(nearOnly(p)
      ? [{ value: 'any-distance', text: 'Homes at any distance (not only close to family or school)' }]
      : []),
  ];
  if (items.length === 0) return html``;
  return html`<h2 class="govuk-heading-m">Widen the referral</h2>
    <form method="post" action="/council/referrals/${referralId}/widen" novalidate>
      ${csrfField(csrf)}
      ${checkboxes({
        id: 'widen',
        name: 'widen',
        legend: 'Send it to more homes',
        hint: 'Homes already sent it keep it. Matching homes are sent it at once. Select all that apply.',
        items,
        values,
        error: errors['widen'],
      })}
      ${button('Widen the referral', { secondary: true })}
    </form>`;
}
