import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { NotFoundError } from './domain-error.js';
import { formatGraphqlError } from './graphql-errors.js';

describe('formatGraphqlError', () => {
  it('keeps a domain error’s code and message', () => {
    const error = new GraphQLError('x', { originalError: new NotFoundError('no such tender') });
    expect(formatGraphqlError({ message: 'x' }, error)).toEqual({
      message: 'no such tender',
      path: undefined,
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('passes a subgraph’s already formatted domain error through the gateway with its code', () => {
    const formatted = {
      message: 'a tender cannot go from draft to open',
      path: ['openTenderForBids'],
      extensions: { code: 'ILLEGAL_TRANSITION', serviceName: 'commissioning', details: { from: 'draft' } },
    };
    expect(formatGraphqlError(formatted, new GraphQLError(formatted.message))).toEqual({
      message: 'a tender cannot go from draft to open',
      path: ['openTenderForBids'],
      extensions: { code: 'ILLEGAL_TRANSITION', details: { from: 'draft' } },
    });
  });

  it('hides an unknown error that did not come from a subgraph behind a reference', () => {
    const out = formatGraphqlError(
      { message: 'relation "x" does not exist', extensions: { code: 'SOMETHING' } },
      new Error('boom'),
    );
    expect(out.message).toMatch(/^Internal error \(ref [0-9a-f-]+\)$/);
    expect(out.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
  });
});
