import { randomUUID } from 'node:crypto';
import { COUNCIL_CODE_PATTERN, PURCHASE_ROUTES } from '@rcc/contracts';
import type { Errors } from '../../platform/components.js';
import { field } from '../../platform/http.js';
import { penceOf, poundsTyped } from '../../platform/money.js';

export const ADJUSTMENT_KINDS: Record<string, string> = {
  used: 'Block beds used',
  void: 'Block voids',
  'recharge-out': 'Recharge charged to the council',
  'recharge-in': 'Recharge credited to the council',
  spend: 'Spend outside block contracts',
};

export const SPEND_ROUTES = PURCHASE_ROUTES.filter((r) => r !== 'block');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AdjustmentInput {
  idempotencyKey: string;
  relatesToPeriod: string;
  contractId?: string;
  route?: string;
  reason: string;
  lines: { councilCode: string; kind: string; amountPence: number }[];
}

/**
 * A hand adjustment from the hub's form: one council charged (a positive amount) or credited (a negative one, or
 * "credit" ticked), for the month it belongs to. The form's key is made when the form is shown, so submitting it
 * twice posts one entry.
 */
export function readAdjustmentForm(body: Record<string, unknown> | undefined): {
  values: Record<string, string>;
  errors: Errors;
  input?: AdjustmentInput;
} {
  const values = {
    key: field(body, 'key') || randomUUID(),
    relatesToPeriod: field(body, 'relatesToPeriod'),
    councilCode: field(body, 'councilCode').toUpperCase(),
    kind: field(body, 'kind'),
    amount: poundsTyped(field(body, 'amount')),
    direction: field(body, 'direction'),
    contractId: field(body, 'contractId'),
    route: field(body, 'route'),
    reason: field(body, 'reason'),
  };
  const errors: Errors = {};
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(values.relatesToPeriod))
    errors['relatesToPeriod'] = { href: 'relatesToPeriod', text: 'Select the month it belongs to' };
  if (!COUNCIL_CODE_PATTERN.test(values.councilCode))
    errors['councilCode'] = { href: 'councilCode', text: 'Select the council' };
  if (!(values.kind in ADJUSTMENT_KINDS)) errors['kind'] = { href: 'kind', text: 'Select what the adjustment is for' };
  const pence = penceOf(values.amount, 8) ?? NaN;
  if (!values.amount) errors['amount'] = { href: 'amount', text: 'Enter the amount' };
  else if (Number.isNaN(pence) || pence === 0)
    errors['amount'] = { href: 'amount', text: 'The amount must be pounds above zero, like 250 or 250.50' };
  if (!['charge', 'credit'].includes(values.direction))
    errors['direction'] = { href: 'direction', text: 'Select whether the council is charged or credited' };
  if (values.kind === 'spend') {
    if (!(SPEND_ROUTES as readonly string[]).includes(values.route))
      errors['route'] = { href: 'route', text: 'Select how the placements were bought' };
  } else if (values.kind && !UUID.test(values.contractId))
    errors['contractId'] = { href: 'contractId', text: 'Select the block contract' };
  if (values.reason.length < 3 || values.reason.length > 1000)
    errors['reason'] = { href: 'reason', text: 'Say why, in 3 to 1,000 characters' };
  if (Object.keys(errors).length > 0) return { values, errors };
  const spend = values.kind === 'spend';
  return {
    values,
    errors,
    input: {
      idempotencyKey: `web-${values.key}`,
      relatesToPeriod: values.relatesToPeriod,
      ...(spend ? { route: values.route } : { contractId: values.contractId }),
      reason: values.reason,
      lines: [
        {
          councilCode: values.councilCode,
          kind: values.kind,
          amountPence: values.direction === 'credit' ? -pence : pence,
        },
      ],
    },
  };
}
