import type { Errors } from '../../platform/components.js';
import { field, fields } from '../../platform/http.js';
import { readAboutChild, readNeeds, readStartBy } from './referral-form.js';
import { EXTEND_HOURS } from './referral-reach.view.js';
import type { CouncilReferral } from './referral-types.js';

/** What changing an open referral sends (the council's changeReferral input, less the referral's id). */
export interface ChangeInput {
  aboutChild: string;
  startBy: string;
  needs: string[];
  extendHours?: number;
}

export type ChangeValues = Record<string, string | string[]>;

/** The change form filled in with the referral as it stands. */
export function currentValues(r: CouncilReferral): ChangeValues {
  const [year, month, day] = r.startBy.split('-');
  return {
    aboutChild: r.aboutChild,
    'startBy-day': String(Number(day)),
    'startBy-month': String(Number(month)),
    'startBy-year': year ?? '',
    needs: r.needs,
    extendHours: '',
  };
}

/**
 * The change form (docs/adr/0060): the text for homes (same rules as when opening), the latest start date, the
 * registration needs and, optionally, more time for homes to answer. Something must change.
 */
export function readChangeForm(
  body: Record<string, unknown> | undefined,
  r: CouncilReferral,
): { values: ChangeValues; errors: Errors; input?: ChangeInput } {
  const values: ChangeValues = {
    aboutChild: field(body, 'aboutChild'),
    'startBy-day': field(body, 'startBy-day'),
    'startBy-month': field(body, 'startBy-month'),
    'startBy-year': field(body, 'startBy-year'),
    needs: fields(body, 'needs'),
    extendHours: field(body, 'extendHours'),
  };
  const errors: Errors = {};
  const aboutChild = readAboutChild(values['aboutChild'] as string, errors);
  const startBy = readStartBy(
    {
      day: values['startBy-day'] as string,
      month: values['startBy-month'] as string,
      year: values['startBy-year'] as string,
    },
    errors,
  );
  const needs = readNeeds(values['needs'] as string[], errors);
  const hours = values['extendHours'] as string;
  if (hours && !(EXTEND_HOURS as readonly string[]).includes(hours))
    errors['extendHours'] = { href: 'extendHours', text: 'Select how much longer homes have to answer' };
  if (Object.keys(errors).length > 0) return { values, errors };
  const input: ChangeInput = { aboutChild, startBy: startBy!, needs, ...(hours ? { extendHours: Number(hours) } : {}) };
  const same =
    input.aboutChild === r.aboutChild &&
    input.startBy === r.startBy &&
    [...input.needs].sort().join() === [...r.needs].sort().join() &&
    !input.extendHours;
  if (same) return { values, errors: { aboutChild: { href: 'aboutChild', text: 'Change at least one answer' } } };
  return { values, errors, input };
}
