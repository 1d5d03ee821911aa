import {
  ABOUT_CHILD_MAX,
  ADULT_CHILD_RATIOS,
  identifyingKinds,
  identifyingTextMessage,
  NEED_FLAGS,
  PLACEMENT_CATEGORIES,
  POSTCODE_SECTOR_PATTERN,
  PURCHASE_ROUTES,
  REFERRAL_KINDS,
  RISKS_TO_CHILD,
  RISKS_TO_OTHERS,
  SUITABILITY,
  SUPPORT_NEEDS,
} from '@rcc/contracts';
import { readDate, type Errors } from '../../platform/components.js';
import { field, fields } from '../../platform/http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const words = (code: string) => code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');

export const SUITABILITY_FIELDS = [
  ['fostering', 'Foster care'],
  ['residential', 'Residential (children’s home)'],
  ['supported', 'Supported accommodation (16 and 17)'],
] as const;

export interface OpenReferralInput {
  childId: string;
  kind: string;
  startBy: string;
  siblings: number;
  localities: string[];
  closeToFamily: boolean;
  mustStayAtSchool: boolean;
  suitability: { fostering: string; residential: string; supported: string };
  ratio: string;
  risksToChild: { risk: string; level: string }[];
  risksToOthers: string[];
  support: string[];
  needs: string[];
  aboutChild: string;
}

export const ABOUT_CHILD_FIELD = 'what homes should know about the child';

/**
 * What homes should know about the child: up to 1,000 characters, and none of the shapes that identify or date a child
 * (the council service also checks the child's own id, UPN and date of birth before anything is stored).
 */
function aboutChildError(text: string): string | undefined {
  if (text.length > ABOUT_CHILD_MAX)
    return `What homes should know about the child must be ${ABOUT_CHILD_MAX.toLocaleString('en-GB')} characters or fewer`;
  const kinds = identifyingKinds(text);
  return kinds.length > 0 ? identifyingTextMessage(kinds, ABOUT_CHILD_FIELD) : undefined;
}

/** The text about the child as typed, trimmed, or an error on `aboutChild` (aboutChildError's rules). */
export function readAboutChild(typed: string, errors: Errors): string {
  const text = typed.trim();
  const error = aboutChildError(text);
  if (error) errors['aboutChild'] = { href: 'aboutChild', text: error };
  return text;
}

/** The latest start date from its three boxes, as YYYY-MM-DD, or an error on `startBy`. */
export function readStartBy(parts: { day: string; month: string; year: string }, errors: Errors): string | undefined {
  const date = readDate(parts, 'The latest start date');
  if (date.blank) errors['startBy'] = { href: 'startBy-day', text: 'Enter the latest start date' };
  else if (date.error) errors['startBy'] = { href: 'startBy-day', text: date.error };
  return date.iso;
}

/** Registration needs ticked, each one of Ofsted's categories, or an error on `needs`. */
export function readNeeds(needs: string[], errors: Errors): string[] {
  if (needs.some((r) => !(NEED_FLAGS as readonly string[]).includes(r)))
    errors['needs'] = { href: 'needs', text: 'Select registration needs from the list' };
  return needs;
}

/** The form's raw values (to redisplay) and, when valid, the openReferral input. Mirrors the council's own rules. */
export function readReferralForm(body: Record<string, unknown> | undefined): {
  values: Record<string, string | string[]>;
  errors: Errors;
  input?: OpenReferralInput;
} {
  const v: Record<string, string | string[]> = {};
  const errors: Errors = {};
  const text = (name: string) => (v[name] = field(body, name));
  const list = (name: string) => (v[name] = fields(body, name));

  const childId = text('childId');
  if (!childId) errors['childId'] = { href: 'childId', text: 'Enter the child’s id in your records (CHILD)' };
  else if (childId.length > 20)
    errors['childId'] = { href: 'childId', text: 'The child’s id must be 20 characters or fewer' };

  const kind = text('kind');
  if (!(REFERRAL_KINDS as readonly string[]).includes(kind))
    errors['kind'] = { href: 'kind', text: 'Select whether the placement is planned or an emergency' };

  const date = readStartBy(
    { day: text('startBy-day'), month: text('startBy-month'), year: text('startBy-year') },
    errors,
  );

  const siblingsText = text('siblings') || '0';
  const siblings = Number(siblingsText);
  if (!/^\d+$/.test(siblingsText) || siblings > 10)
    errors['siblings'] = { href: 'siblings', text: 'Siblings to place together must be a whole number from 0 to 10' };

  const localities = text('localities') as string;
  const sectors = localities
    .split(',')
    .map((l) => l.trim().toUpperCase().replace(/\s+/g, ' '))
    .filter(Boolean);
  if (sectors.length > 6) errors['localities'] = { href: 'localities', text: 'Enter no more than 6 postcode sectors' };
  else if (sectors.some((s) => !POSTCODE_SECTOR_PATTERN.test(s)))
    errors['localities'] = { href: 'localities', text: 'Enter postcode sectors such as ST4 2, never full postcodes' };

  const yesNo = (name: string, message: string) => {
    const value = text(name);
    if (value !== 'yes' && value !== 'no') errors[name] = { href: name, text: message };
    return value === 'yes';
  };
  const closeToFamily = yesNo('closeToFamily', 'Select whether the child needs to live close to family');
  const mustStayAtSchool = yesNo('mustStayAtSchool', 'Select whether the child must stay at their current school');

  const suitability = { fostering: '', residential: '', supported: '' };
  for (const [key, label] of SUITABILITY_FIELDS) {
    const value = text(`suitability-${key}`);
    if (!(SUITABILITY as readonly string[]).includes(value))
      errors[`suitability-${key}`] = {
        href: `suitability-${key}`,
        text: `Select how suitable ${label.toLowerCase()} is`,
      };
    suitability[key] = value;
  }

  const ratio = text('ratio');
  if (!(ADULT_CHILD_RATIOS as readonly string[]).includes(ratio))
    errors['ratio'] = { href: 'ratio', text: 'Select the minimum adult to child ratio' };

  const risksToChild: { risk: string; level: string }[] = [];
  for (const risk of RISKS_TO_CHILD) {
    const level = text(`risk-${risk}`) || 'none';
    v[`risk-${risk}`] = level;
    if (!['none', 'low', 'high'].includes(level))
      errors[`risk-${risk}`] = { href: `risk-${risk}`, text: `Select the risk of ${words(risk).toLowerCase()}` };
    else if (level !== 'none') risksToChild.push({ risk, level });
  }
  const risksToOthers = list('risksToOthers') as string[];
  if (risksToOthers.some((r) => !(RISKS_TO_OTHERS as readonly string[]).includes(r)))
    errors['risksToOthers'] = { href: 'risksToOthers', text: 'Select risks to others from the list' };
  const support = list('support') as string[];
  if (support.some((r) => !(SUPPORT_NEEDS as readonly string[]).includes(r)))
    errors['support'] = { href: 'support', text: 'Select additional support from the list' };

  const needs = readNeeds(list('needs') as string[], errors);

  const aboutChild = readAboutChild(text('aboutChild') as string, errors);

  if (Object.keys(errors).length > 0) return { values: v, errors };
  return {
    values: v,
    errors,
    input: {
      childId,
      kind,
      startBy: date!,
      siblings,
      localities: sectors,
      closeToFamily,
      mustStayAtSchool,
      suitability,
      ratio,
      risksToChild,
      risksToOthers,
      support,
      needs,
      aboutChild,
    },
  };
}

export interface PlacementInput {
  settingUrn: string;
  weeklyCostPence: number;
  route: string;
  startDate: string;
  contractId?: string;
  placementCategory?: string;
}

/** Recording a placement: Ofsted URN, weekly cost in pounds and pence (sent as integer pence), route, start date. */
export function readPlacementForm(body: Record<string, unknown> | undefined): {
  values: Record<string, string>;
  errors: Errors;
  input?: PlacementInput;
} {
  const values = {
    settingUrn: field(body, 'settingUrn').toUpperCase(),
    weeklyCost: field(body, 'weeklyCost').replace(/^£/, '').replace(/,/g, ''),
    route: field(body, 'route'),
    'startDate-day': field(body, 'startDate-day'),
    'startDate-month': field(body, 'startDate-month'),
    'startDate-year': field(body, 'startDate-year'),
    contractId: field(body, 'contractId'),
    placementCategory: field(body, 'placementCategory'),
  };
  const errors: Errors = {};
  if (!values.settingUrn) errors['settingUrn'] = { href: 'settingUrn', text: 'Enter the Ofsted URN of the setting' };
  else if (!/^[A-Z0-9]{1,10}$/.test(values.settingUrn))
    errors['settingUrn'] = { href: 'settingUrn', text: 'The URN must be letters and numbers only, like SC999999' };
  const cost = /^\d{1,7}(\.\d{1,2})?$/.test(values.weeklyCost) ? Math.round(Number(values.weeklyCost) * 100) : NaN;
  if (!values.weeklyCost) errors['weeklyCost'] = { href: 'weeklyCost', text: 'Enter the agreed weekly cost' };
  else if (Number.isNaN(cost))
    errors['weeklyCost'] = {
      href: 'weeklyCost',
      text: 'The weekly cost must be an amount in pounds, like 4250 or 4250.50',
    };
  if (!(PURCHASE_ROUTES as readonly string[]).includes(values.route))
    errors['route'] = { href: 'route', text: 'Select how the placement was bought' };
  const date = readDate(
    { day: values['startDate-day'], month: values['startDate-month'], year: values['startDate-year'] },
    'The start date',
  );
  if (date.blank) errors['startDate'] = { href: 'startDate-day', text: 'Enter the start date' };
  else if (date.error) errors['startDate'] = { href: 'startDate-day', text: date.error };
  if (values.placementCategory && !(PLACEMENT_CATEGORIES as readonly string[]).includes(values.placementCategory))
    errors['placementCategory'] = { href: 'placementCategory', text: 'Select the kind of placement from the list' };
  if (values.route === 'block' && !values.contractId)
    errors['contractId'] = { href: 'placementContractId', text: 'Select the block contract the bed is in' };
  else if (values.contractId && !UUID.test(values.contractId))
    errors['contractId'] = {
      href: 'placementContractId',
      text: 'Select one of your block contracts',
    };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      settingUrn: values.settingUrn,
      weeklyCostPence: cost,
      route: values.route,
      startDate: date.iso!,
      ...(values.contractId ? { contractId: values.contractId } : {}),
      ...(values.placementCategory ? { placementCategory: values.placementCategory } : {}),
    },
  };
}

export const UNMET_REASONS = ['no-capacity', 'too-far', 'needs-not-met', 'cost', 'no-response', 'matching'] as const;

export function readUnmetForm(body: Record<string, unknown> | undefined): { values: string[]; errors: Errors } {
  const values = fields(body, 'reasons');
  const errors: Errors = {};
  if (values.length === 0) errors['reasons'] = { href: 'reasons', text: 'Select why no offer was acceptable' };
  else if (values.some((r) => !(UNMET_REASONS as readonly string[]).includes(r)))
    errors['reasons'] = { href: 'reasons', text: 'Select reasons from the list' };
  return { values, errors };
}

/** Accepting an offer: which one (of the offers shown), how it is bought, and the block contract for a block bed. */
export function readAcceptForm(
  body: Record<string, unknown> | undefined,
  offerIds: string[],
): {
  values: Record<string, string>;
  errors: Errors;
  input?: { responseId: string; route: string; contractId?: string };
} {
  const values = {
    responseId: field(body, 'responseId'),
    acceptRoute: field(body, 'acceptRoute'),
    contractId: field(body, 'contractId'),
  };
  const errors: Errors = {};
  if (!offerIds.includes(values.responseId))
    errors['responseId'] = { href: 'responseId', text: 'Select the offer to accept' };
  if (!(PURCHASE_ROUTES as readonly string[]).includes(values.acceptRoute))
    errors['acceptRoute'] = { href: 'acceptRoute', text: 'Select how the placement is bought' };
  if (values.acceptRoute === 'block' && !values.contractId)
    errors['contractId'] = { href: 'contractId', text: 'Select the block contract the bed is in' };
  else if (values.contractId && !UUID.test(values.contractId))
    errors['contractId'] = {
      href: 'contractId',
      text: 'Select one of your block contracts',
    };
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      responseId: values.responseId,
      route: values.acceptRoute,
      ...(values.contractId ? { contractId: values.contractId } : {}),
    },
  };
}

/** Ending a placement: the date the child left (the last night there is the night before). */
export function readEndForm(body: Record<string, unknown> | undefined): {
  values: Record<string, string>;
  errors: Errors;
  endDate?: string;
} {
  const values = {
    'endDate-day': field(body, 'endDate-day'),
    'endDate-month': field(body, 'endDate-month'),
    'endDate-year': field(body, 'endDate-year'),
  };
  const errors: Errors = {};
  const date = readDate(
    { day: values['endDate-day'], month: values['endDate-month'], year: values['endDate-year'] },
    'The end date',
  );
  if (date.blank) errors['endDate'] = { href: 'endDate-day', text: 'Enter the date the child left' };
  else if (date.error) errors['endDate'] = { href: 'endDate-day', text: date.error };
  return date.iso && !date.error ? { values, errors, endDate: date.iso } : { values, errors };
}
