import { NEED_FLAGS, POSTCODE_DISTRICT_PATTERN, SETTING_TYPES } from '@rcc/contracts';
import type { Errors } from '../../platform/components.js';
import { field, fields } from '../../platform/http.js';

export interface TenderLotInput {
  title: string;
  settingType: string;
  needs: string[];
  locality: string;
  beds: number;
  termMonths: number;
}

const wholeNumber = (text: string, min: number, max: number) =>
  /^\d{1,4}$/.test(text) && Number(text) >= min && Number(text) <= max;

/** A lot of a tender: what homes, where, how many beds, for how long. */
export function readLotForm(body: Record<string, unknown> | undefined): {
  values: Record<string, string | string[]>;
  errors: Errors;
  input?: TenderLotInput;
} {
  const values = {
    lotTitle: field(body, 'lotTitle'),
    settingType: field(body, 'settingType'),
    needs: fields(body, 'needs'),
    locality: field(body, 'locality').toUpperCase(),
    beds: field(body, 'beds'),
    termMonths: field(body, 'termMonths'),
  };
  const errors: Errors = {};
  if (values.lotTitle.length < 3 || values.lotTitle.length > 200)
    errors['lotTitle'] = { href: 'lotTitle', text: 'Enter a lot title of 3 to 200 characters' };
  if (!(SETTING_TYPES as readonly string[]).includes(values.settingType))
    errors['settingType'] = { href: 'settingType', text: 'Select the kind of home' };
  if (values.needs.some((n) => !(NEED_FLAGS as readonly string[]).includes(n)))
    errors['needs'] = { href: 'needs', text: 'Select needs from the list' };
  if (!POSTCODE_DISTRICT_PATTERN.test(values.locality))
    errors['locality'] = { href: 'locality', text: 'Enter a postcode district, like ST4' };
  if (!wholeNumber(values.beds, 1, 500))
    errors['beds'] = { href: 'beds', text: 'Beds must be a whole number from 1 to 500' };
  if (!wholeNumber(values.termMonths, 1, 120))
    errors['termMonths'] = { href: 'termMonths', text: 'The term must be a whole number of months from 1 to 120' };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      title: values.lotTitle,
      settingType: values.settingType,
      needs: values.needs,
      locality: values.locality,
      beds: Number(values.beds),
      termMonths: Number(values.termMonths),
    },
  };
}

/** Each council's share of the tender, as percentages (two decimals) that add up to 100, sent as basis points. */
export function readSharesForm(
  body: Record<string, unknown> | undefined,
  councils: string[],
  nameOf: (code: string) => string = (code) => code,
): { values: Record<string, string>; errors: Errors; input?: { councilCode: string; basisPoints: number }[] } {
  const values = Object.fromEntries(councils.map((c) => [`share-${c}`, field(body, `share-${c}`)]));
  const errors: Errors = {};
  const shares: { councilCode: string; basisPoints: number }[] = [];
  for (const c of councils) {
    const text = values[`share-${c}`]!.replace(/%$/, '');
    if (text === '' || text === '0') continue;
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text) || Number(text) > 100) {
      errors[`share-${c}`] = {
        href: `share-${c}`,
        text: `The share for ${nameOf(c)} must be a percentage from 0 to 100`,
      };
      continue;
    }
    shares.push({ councilCode: c, basisPoints: Math.round(Number(text) * 100) });
  }
  if (Object.keys(errors).length === 0) {
    const total = shares.reduce((sum, s) => sum + s.basisPoints, 0);
    if (shares.length === 0)
      errors[`share-${councils[0]}`] = { href: `share-${councils[0]}`, text: 'Enter at least one council’s share' };
    else if (total !== 10_000)
      errors[`share-${councils[0]}`] = {
        href: `share-${councils[0]}`,
        text: `The shares must add up to 100% (they add up to ${(total / 100).toFixed(2)}%)`,
      };
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, input: shares };
}
