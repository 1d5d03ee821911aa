import { readDate, type Errors } from '../../platform/components.js';
import { field, fields } from '../../platform/http.js';

export interface SubmitBidInput {
  lotId: string;
  settingUrns: string[];
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  qualityAnswers: { question: number; answer: string }[];
}

/** A bid for one lot: the settings the beds are in, beds, weekly price per bed, start, an answer to every question. */
export function readBidForm(
  body: Record<string, unknown> | undefined,
  lotIds: string[],
  questions: number,
): { values: Record<string, string>; errors: Errors; input?: SubmitBidInput } {
  const values: Record<string, string> = {
    lotId: field(body, 'lotId'),
    settingUrns: fields(body, 'settingUrns').join(',').toUpperCase(),
    beds: field(body, 'beds'),
    price: field(body, 'price').replace(/^£/, '').replace(/,/g, ''),
    'startDate-day': field(body, 'startDate-day'),
    'startDate-month': field(body, 'startDate-month'),
    'startDate-year': field(body, 'startDate-year'),
  };
  for (let q = 0; q < questions; q++) values[`answer-${q}`] = field(body, `answer-${q}`);
  const errors: Errors = {};
  if (!lotIds.includes(values['lotId']!))
    errors['lotId'] = { href: 'lotId', text: 'Select the lot you are bidding for' };
  const urns = values['settingUrns']!.split(/[\s,]+/).filter(Boolean);
  if (urns.length === 0) errors['settingUrns'] = { href: 'settingUrns', text: 'Select the homes the beds are in' };
  else if (urns.some((u) => !/^[A-Z0-9]{1,10}$/.test(u)))
    errors['settingUrns'] = {
      href: 'settingUrns',
      text: 'URNs are letters and numbers, like SC500001, separated by commas',
    };
  if (!/^\d{1,3}$/.test(values['beds']!) || Number(values['beds']) < 1)
    errors['beds'] = { href: 'beds', text: 'Beds must be a whole number from 1 to 999' };
  if (!values['price']) errors['price'] = { href: 'price', text: 'Enter the weekly price per bed' };
  else if (!/^\d{1,7}(\.\d{1,2})?$/.test(values['price']!))
    errors['price'] = { href: 'price', text: 'The weekly price must be an amount in pounds, like 4250 or 4250.50' };
  const date = readDate(
    { day: values['startDate-day']!, month: values['startDate-month']!, year: values['startDate-year']! },
    'The start date',
  );
  if (date.blank) errors['startDate'] = { href: 'startDate-day', text: 'Enter the date the beds are available from' };
  else if (date.error) errors['startDate'] = { href: 'startDate-day', text: date.error };
  for (let q = 0; q < questions; q++) {
    const answer = values[`answer-${q}`]!;
    if (!answer) errors[`answer-${q}`] = { href: `answer-${q}`, text: `Answer quality question ${q + 1}` };
    else if (answer.length > 5000)
      errors[`answer-${q}`] = { href: `answer-${q}`, text: `Answer ${q + 1} must be 5000 characters or fewer` };
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      lotId: values['lotId']!,
      settingUrns: urns,
      beds: Number(values['beds']),
      weeklyPricePerBedPence: Math.round(Number(values['price']) * 100),
      startDate: date.iso!,
      qualityAnswers: Array.from({ length: questions }, (_, q) => ({ question: q, answer: values[`answer-${q}`]! })),
    },
  };
}
