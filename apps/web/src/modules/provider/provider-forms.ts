import { AGE_BANDS, DECLINE_REASONS, NEED_FLAGS } from '@rcc/contracts';
import { readDate, type Errors } from '../../platform/components.js';
import { field, fields } from '../../platform/http.js';

export interface DeclareVacancyInput {
  urn: string;
  vacancies: number;
  ageBands: string[];
  canMeet: string[];
  availableFrom?: string;
  availableUntil: string;
}

/** A vacancy declaration: how many usable places, for which ages and needs, until when (today or later). */
export function readVacancyForm(
  body: Record<string, unknown> | undefined,
  urn: string,
  today: string,
): { values: Record<string, string | string[]>; errors: Errors; input?: DeclareVacancyInput } {
  const values: Record<string, string | string[]> = {
    vacancies: field(body, 'vacancies'),
    ageBands: fields(body, 'ageBands'),
    canMeet: fields(body, 'canMeet'),
    'availableFrom-day': field(body, 'availableFrom-day'),
    'availableFrom-month': field(body, 'availableFrom-month'),
    'availableFrom-year': field(body, 'availableFrom-year'),
    'availableUntil-day': field(body, 'availableUntil-day'),
    'availableUntil-month': field(body, 'availableUntil-month'),
    'availableUntil-year': field(body, 'availableUntil-year'),
  };
  const errors: Errors = {};
  const count = values['vacancies'] as string;
  if (!count) errors['vacancies'] = { href: 'vacancies', text: 'Enter the number of places you can offer now' };
  else if (!/^\d{1,3}$/.test(count) || Number(count) < 1 || Number(count) > 200)
    errors['vacancies'] = { href: 'vacancies', text: 'Places must be a whole number from 1 to 200' };
  const ageBands = values['ageBands'] as string[];
  if (ageBands.length === 0) errors['ageBands'] = { href: 'ageBands', text: 'Select the ages the places are for' };
  else if (ageBands.some((a) => !(AGE_BANDS as readonly string[]).includes(a)))
    errors['ageBands'] = { href: 'ageBands', text: 'Select ages from the list' };
  const canMeet = values['canMeet'] as string[];
  if (canMeet.some((n) => !(NEED_FLAGS as readonly string[]).includes(n)))
    errors['canMeet'] = { href: 'canMeet', text: 'Select needs from the list' };
  const date = readDate(
    {
      day: values['availableUntil-day'] as string,
      month: values['availableUntil-month'] as string,
      year: values['availableUntil-year'] as string,
    },
    'The last day the places are available',
  );
  if (date.blank)
    errors['availableUntil'] = { href: 'availableUntil-day', text: 'Enter the last day the places are available' };
  else if (date.error) errors['availableUntil'] = { href: 'availableUntil-day', text: date.error };
  else if (date.iso! < today)
    errors['availableUntil'] = {
      href: 'availableUntil-day',
      text: 'The last day the places are available must be today or in the future',
    };
  // The first day a child can move in: optional (blank is today), today or later, not after the last day.
  const from = readDate(
    {
      day: values['availableFrom-day'] as string,
      month: values['availableFrom-month'] as string,
      year: values['availableFrom-year'] as string,
    },
    'The first day a child can move in',
  );
  if (from.error) errors['availableFrom'] = { href: 'availableFrom-day', text: from.error };
  else if (from.iso && from.iso < today)
    errors['availableFrom'] = {
      href: 'availableFrom-day',
      text: 'The first day a child can move in must be today or in the future',
    };
  else if (from.iso && date.iso && from.iso > date.iso)
    errors['availableFrom'] = {
      href: 'availableFrom-day',
      text: 'The first day a child can move in must be on or before the last day the places are available',
    };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      urn,
      vacancies: Number(count),
      ageBands,
      canMeet,
      ...(from.iso ? { availableFrom: from.iso } : {}),
      availableUntil: date.iso!,
    },
  };
}

export interface RespondInput {
  referralId: string;
  settingUrn: string;
  response: 'offer' | 'decline';
  weeklyPricePence?: number;
  startDate?: string;
  declineReason?: string;
  declineNote?: string;
}

/** An answer to a referral for one of the provider's matched settings: an offer with price and start, or a decline. */
export function readRespondForm(
  body: Record<string, unknown> | undefined,
  referralId: string,
  urns: string[],
): { values: Record<string, string>; errors: Errors; input?: RespondInput } {
  const values = {
    settingUrn: field(body, 'settingUrn'),
    response: field(body, 'response'),
    price: field(body, 'price').replace(/^£/, '').replace(/,/g, ''),
    'startDate-day': field(body, 'startDate-day'),
    'startDate-month': field(body, 'startDate-month'),
    'startDate-year': field(body, 'startDate-year'),
    declineReason: field(body, 'declineReason'),
    declineNote: field(body, 'declineNote').replace(/\s+/g, ' '),
  };
  const errors: Errors = {};
  if (!urns.includes(values.settingUrn))
    errors['settingUrn'] = { href: 'settingUrn', text: 'Select which of your settings is answering' };
  if (values.response !== 'offer' && values.response !== 'decline')
    errors['response'] = { href: 'response', text: 'Select whether you offer a place or decline' };
  let price: number | undefined;
  let startDate: string | undefined;
  if (values.response === 'offer') {
    if (!values.price) errors['price'] = { href: 'price', text: 'Enter the weekly price you offer' };
    else if (!/^\d{1,7}(\.\d{1,2})?$/.test(values.price))
      errors['price'] = { href: 'price', text: 'The weekly price must be an amount in pounds, like 4250 or 4250.50' };
    else price = Math.round(Number(values.price) * 100);
    const date = readDate(
      { day: values['startDate-day'], month: values['startDate-month'], year: values['startDate-year'] },
      'The start date',
    );
    if (date.blank) errors['startDate'] = { href: 'startDate-day', text: 'Enter the date the child could move in' };
    else if (date.error) errors['startDate'] = { href: 'startDate-day', text: date.error };
    else startDate = date.iso;
  }
  if (values.response === 'decline' && !(DECLINE_REASONS as readonly string[]).includes(values.declineReason))
    errors['declineReason'] = { href: 'declineReason', text: 'Select why you are declining' };
  // "Other" says what, in the provider's words (the council reads it); no other reason takes a note.
  if (values.response === 'decline' && values.declineReason === 'other') {
    if (!values.declineNote) errors['declineNote'] = { href: 'declineNote', text: 'Enter why you are declining' };
    else if (values.declineNote.length > 500)
      errors['declineNote'] = { href: 'declineNote', text: 'Why you are declining must be 500 characters or fewer' };
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  const response = values.response as 'offer' | 'decline';
  return {
    values,
    errors,
    input:
      response === 'offer'
        ? { referralId, settingUrn: values.settingUrn, response, weeklyPricePence: price!, startDate: startDate! }
        : {
            referralId,
            settingUrn: values.settingUrn,
            response,
            declineReason: values.declineReason,
            ...(values.declineReason === 'other' ? { declineNote: values.declineNote } : {}),
          },
  };
}
