import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { formatGatewayError } from './gateway-errors.js';

describe('formatGatewayError', () => {
  it('passes a subgraph domain error through with its code and details (row-level import errors)', () => {
    const details = { errors: [{ file: 'h.csv', row: 5, column: 'SEX', rule: 'header.sex.code' }], totalErrors: 1 };
    const formatted = formatGatewayError(
      { message: 'Import rejected', extensions: { code: 'IMPORT_REJECTED', details, serviceName: 'council' } },
      new GraphQLError('Import rejected'),
    );
    expect(formatted).toEqual({
      message: 'Import rejected',
      path: undefined,
      extensions: { code: 'IMPORT_REJECTED', details },
    });
  });

  it('still masks the gateway’s own unexpected errors and a subgraph’s internal errors keep their reference only', () => {
    const own = formatGatewayError(
      { message: 'boom: secret detail', extensions: { code: 'SOMETHING' } },
      new Error('boom'),
    );
    expect(own.message).toMatch(/^Internal error \(ref /);
    const internal = formatGatewayError(
      {
        message: 'Internal error (ref abc)',
        extensions: { code: 'INTERNAL_SERVER_ERROR', ref: 'abc', serviceName: 'council' },
      },
      new GraphQLError('Internal error (ref abc)'),
    );
    expect(internal.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(internal.message).not.toContain('secret');
  });
});
