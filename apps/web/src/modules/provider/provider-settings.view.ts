import { AGE_BANDS, NEED_FLAGS } from '@rcc/contracts';
import {
  button,
  checkboxes,
  csrfField,
  dateInput,
  notification,
  summaryList,
  textInput,
  type Errors,
} from '../../platform/components.js';
import { govukDate, govukDateTime } from '../../platform/dates.js';
import { html, type SafeHtml } from '../../platform/html.js';
import type { Session } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { words } from '../council/referral-form.js';
import { AGE_BAND_NAMES } from '../demand-profile/demand-profile.query.js';
import { ofstedGradeText } from './ofsted-grade.js';

export interface Vacancy {
  id: string;
  vacancies: number;
  ageBands: string[];
  canMeet: string[];
  availableFrom: string;
  availableUntil: string;
  declaredAt: string;
  stale: boolean;
  staleAfter: string;
}

export interface Setting {
  urn: string;
  name: string;
  settingType: string;
  placementCategory: string;
  registeredPlaces: number;
  ageMin: number;
  ageMax: number;
  sex: string;
  needFlags: string[];
  localAuthority: string | null;
  postcodeDistrict: string | null;
  registrationStatus: string;
  registrationFlag: boolean;
  ofstedGrade: string | null;
  ofstedGradeNote: string | null;
  ofstedInspectedOn: string | null;
  frameworks: { kind: string; name: string; lots: string[] }[];
  currentVacancy: Vacancy | null;
}

export const today = () => new Date().toISOString().slice(0, 10);
/** "2 from 1 December 2026 until 31 January 2027": the places and their days, and whether they still count. */
export const vacancyText = (v: Vacancy | null) =>
  v === null
    ? 'None declared'
    : `${v.vacancies} from ${govukDate(v.availableFrom)} until ${govukDate(v.availableUntil)}${v.stale ? ' (stale: not counted)' : ''}`;

/** One setting, its current declaration and the form to declare again. */
export function settingPage(
  s: Session,
  x: Setting,
  errors: Errors,
  values: Record<string, string | string[]>,
  done?: 'declared' | 'withdrawn',
): SafeHtml {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const list = (k: string) => (Array.isArray(values[k]) ? (values[k] as string[]) : []);
  return page({
    title: x.name,
    session: s,
    current: '/provider/settings',
    backLink: '/provider/settings',
    errors,
    content: html`${
        done === 'declared'
          ? notification('Vacancies declared', html`<p class="govuk-body">${vacancyText(x.currentVacancy)}.</p>`)
          : done === 'withdrawn'
            ? notification(
                'Declaration withdrawn',
                html`<p class="govuk-body">No places are counted for this setting now.</p>`,
              )
            : ''
      }
      <span class="govuk-caption-l">${x.urn}</span>
      <h1 class="govuk-heading-l">${x.name}</h1>
      ${
        x.registrationFlag
          ? html`<div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text"
                ><span class="govuk-visually-hidden">Warning</span> This setting is ${x.registrationStatus}: councils
                are warned before they accept an offer from it.</strong
              >
            </div>`
          : ''
      }
      ${summaryList([
        { key: 'Type', value: `${words(x.settingType)} (${words(x.placementCategory)})` },
        { key: 'Registered places', value: String(x.registeredPlaces) },
        { key: 'Ages', value: `${x.ageMin} to ${x.ageMax}` },
        { key: 'Sex', value: words(x.sex) },
        { key: 'Registered for needs', value: x.needFlags.map(words).join(', ') || 'None' },
        {
          key: 'Location',
          value: [x.localAuthority, x.postcodeDistrict].filter(Boolean).join(', ') || 'Not recorded',
        },
        { key: 'Ofsted grade', value: ofstedGradeText(x) },
        { key: 'Frameworks', value: x.frameworks.map((f) => `${f.name} (${f.kind})`).join(', ') || 'None' },
        { key: 'Current declaration', value: vacancyText(x.currentVacancy) },
        ...(x.currentVacancy
          ? [
              {
                key: 'Places are for',
                value: `${x.currentVacancy.ageBands.map((a) => AGE_BAND_NAMES[a] ?? a).join(', ')}; ${words(x.sex)} (as registered)`,
              },
              {
                key: 'Counts as supply until',
                value: `${govukDateTime(x.currentVacancy.staleAfter)} (UTC), unless you declare again`,
              },
            ]
          : []),
      ])}
      ${
        x.currentVacancy
          ? html`<form method="post" action="/provider/settings/${x.urn}/withdraw" novalidate>
              ${csrfField(s.csrfToken)} ${button('Withdraw this declaration', { secondary: true })}
            </form>`
          : ''
      }
      <h2 class="govuk-heading-m">Declare vacancies</h2>
      <form method="post" action="/provider/settings/${x.urn}/vacancy" novalidate>
        ${csrfField(s.csrfToken)}
        ${textInput({ id: 'vacancies', label: 'Places you can offer now', value: v('vacancies'), error: errors['vacancies'], classes: 'govuk-input--width-3', inputmode: 'numeric' })}
        ${checkboxes({ id: 'ageBands', name: 'ageBands', legend: 'Ages the places are for', hint: 'Select all that apply.', items: AGE_BANDS.map((a) => ({ value: a, text: AGE_BAND_NAMES[a] ?? a })), values: list('ageBands'), error: errors['ageBands'] })}
        ${checkboxes({ id: 'canMeet', name: 'canMeet', legend: 'Needs the places can meet (optional)', hint: 'Select all that apply.', items: NEED_FLAGS.map((n) => ({ value: n, text: words(n) })), values: list('canMeet'), error: errors['canMeet'] })}
        ${dateInput({ id: 'availableFrom', legend: 'First day a child can move in (optional)', hint: 'Leave blank if the places are free today. For example, 14 12 2026', value: { day: v('availableFrom-day'), month: v('availableFrom-month'), year: v('availableFrom-year') }, error: errors['availableFrom'] })}
        ${dateInput({ id: 'availableUntil', legend: 'Last day the places are available', hint: 'For example, 31 1 2027', value: { day: v('availableUntil-day'), month: v('availableUntil-month'), year: v('availableUntil-year') }, error: errors['availableUntil'] })}
        ${button('Declare vacancies')}
      </form>`,
  });
}
