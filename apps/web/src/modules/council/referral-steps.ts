import type { Errors } from '../../platform/components.js';
import { field } from '../../platform/http.js';
import { readReferralForm, type OpenReferralInput } from './referral-form.js';

/**
 * Opening a referral as GOV.UK question pages (docs/adr/0058, 0060): the child and dates, where the child needs to
 * live, the child's needs, what homes should know about the child, then a check-your-answers page before anything is
 * sent. The answers so far travel in the form
 * as hidden fields (the session is the user's token only, so nothing is kept on the server); each page checks its
 * own questions and the ones before it, with the same rules as the whole form (`readReferralForm`).
 */
export const REFERRAL_STEPS = ['child', 'where', 'needs', 'about'] as const;
export type ReferralStep = (typeof REFERRAL_STEPS)[number];
export type ReferralValues = Record<string, string | string[]>;

export const STEP_TITLES: Record<ReferralStep, string> = {
  child: 'The child and dates',
  where: 'Where the child needs to live',
  needs: 'What the child needs',
  about: 'What homes should know about the child',
};

/** The step a field (or an error's key) is asked on. */
export function stepOf(name: string): ReferralStep {
  if (name === 'aboutChild') return 'about';
  if (['localities', 'closeToFamily', 'mustStayAtSchool'].includes(name)) return 'where';
  if (/^(suitability-|risk-)/.test(name) || ['ratio', 'risksToOthers', 'support', 'needs'].includes(name))
    return 'needs';
  return 'child';
}

const isStep = (x: string): x is ReferralStep => (REFERRAL_STEPS as readonly string[]).includes(x);

/** Where a submitted page leads. */
export type StepOutcome =
  | { show: ReferralStep; values: ReferralValues; errors: Errors }
  | { show: 'check'; values: ReferralValues; errors: Errors; input: OpenReferralInput };

/**
 * Reads a question page's form. `change` (from check your answers) shows that page again with the answers given;
 * otherwise the page named by `step` is checked, with the pages before it: the first page with a problem is shown
 * again with its errors, else the next page, and after the last the answers to check.
 */
export function readReferralStep(body: Record<string, unknown> | undefined): StepOutcome {
  const form = readReferralForm(body);
  const values = form.values;
  const change = field(body, 'change');
  if (isStep(change)) return { show: change, values, errors: {} };
  const step = field(body, 'step');
  const upTo = isStep(step) ? REFERRAL_STEPS.indexOf(step) : 0;
  for (const [i, s] of REFERRAL_STEPS.entries()) {
    if (i > upTo) return { show: s, values, errors: {} };
    const errors = Object.fromEntries(Object.entries(form.errors).filter(([key]) => stepOf(key) === s));
    if (Object.keys(errors).length > 0) return { show: s, values, errors };
  }
  return { show: 'check', values, errors: {}, input: form.input! };
}

/** The answers not asked on this page, to carry forward as hidden fields (every answer on the check page). */
export function carried(values: ReferralValues, on?: ReferralStep): [string, string][] {
  const fieldStep = (name: string) => stepOf(name.replace(/-(day|month|year)$/, ''));
  return Object.entries(values)
    .filter(([name]) => !on || fieldStep(name) !== on)
    .flatMap(([name, v]) =>
      Array.isArray(v) ? v.map((x) => [name, x] as [string, string]) : [[name, v] as [string, string]],
    );
}
