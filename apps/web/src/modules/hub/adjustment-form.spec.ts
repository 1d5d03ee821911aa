import { describe, expect, it } from '@jest/globals';
import { readAdjustmentForm } from './adjustment-form.js';

const K = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

describe('the hub’s adjustment form', () => {
  it('turns pounds into integer pence, a credit into a negative line, and keeps the form’s key', () => {
    const r = readAdjustmentForm({
      key: 'abc12345',
      relatesToPeriod: '2025-01',
      councilCode: 'e10000028',
      kind: 'void',
      amount: '£1,250.50',
      direction: 'credit',
      contractId: K,
      reason: 'bed out of use for repairs',
    });
    expect(r.errors).toEqual({});
    expect(r.input).toEqual({
      idempotencyKey: 'web-abc12345',
      relatesToPeriod: '2025-01',
      contractId: K,
      reason: 'bed out of use for repairs',
      lines: [{ councilCode: 'E10000028', kind: 'void', amountPence: -125_050 }],
    });
  });

  it('says what is wrong with each field', () => {
    const r = readAdjustmentForm({ relatesToPeriod: '2025-13', kind: 'spend', amount: '0', reason: 'x' });
    expect(Object.keys(r.errors).sort()).toEqual([
      'amount',
      'councilCode',
      'direction',
      'reason',
      'relatesToPeriod',
      'route',
    ]);
    expect(r.input).toBeUndefined();
  });
});
