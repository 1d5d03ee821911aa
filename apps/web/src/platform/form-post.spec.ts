import { describe, expect, it } from '@jest/globals';
import type { Errors } from './components.js';
import { submitMutation } from './form-post.js';
import { GatewayError, type GatewayClient } from './gateway.client.js';

const gateway = (outcome: unknown) =>
  ({
    request: async () => {
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  }) as unknown as GatewayClient;
const s = { csrfToken: 't', csrfSecret: 's' };

describe('submitMutation', () => {
  it('returns the data when the API accepts', async () => {
    const errors: Errors = {};
    await expect(submitMutation(gateway({ ok: { id: '1' } }), s, errors, 'f', 'mutation', {})).resolves.toEqual({
      ok: { id: '1' },
    });
    expect(errors).toEqual({});
  });

  it('turns a refusal the user can act on into a form error on the field, preferring the problems listed', async () => {
    const errors: Errors = {};
    const refusal = new GatewayError('bad', 'BAD_USER_INPUT', undefined, ['lots: add one', 'shares: 100%']);
    await expect(submitMutation(gateway(refusal), s, errors, 'action', 'm', {})).resolves.toBeUndefined();
    expect(errors).toEqual({ action: { href: 'action', text: 'lots: add one; shares: 100%' } });
    const named: Errors = {};
    await submitMutation(
      gateway(new GatewayError('closed', 'REFERRAL_CLOSED')),
      s,
      named,
      'x',
      'm',
      {},
      {
        codes: ['REFERRAL_CLOSED'],
        message: () => 'This referral is already closed',
      },
    );
    expect(named['x']!.text).toBe('This referral is already closed');
  });

  it('throws faults, refusals of access and codes the handler did not list', async () => {
    for (const code of ['INTERNAL_SERVER_ERROR', 'FORBIDDEN'])
      await expect(submitMutation(gateway(new GatewayError('no', code)), s, {}, 'f', 'm', {})).rejects.toThrow('no');
    await expect(
      submitMutation(gateway(new GatewayError('x', 'NOT_FOUND')), s, {}, 'f', 'm', {}, { codes: ['BAD_USER_INPUT'] }),
    ).rejects.toThrow('x');
    await expect(submitMutation(gateway(new TypeError('network')), s, {}, 'f', 'm', {})).rejects.toThrow('network');
  });
});
