import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Money in integer pence. GraphQL's Int is 32-bit (a contract's commitment passes £21m, 2^31 pence, easily), and a
 * Float invites fractions of a penny; `Pence` is a JSON number that must be a safe integer (|n| < 2^53), checked in
 * both directions (docs/adr/0016).
 */
export const Pence = new GraphQLScalarType<number, number>({
  name: 'Pence',
  description: 'An amount of money in integer pence (a JSON number, always a safe integer; never pounds).',
  serialize(value) {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new GraphQLError(`Pence must be a safe integer`);
    return n;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new GraphQLError('Pence must be an integer number of pence');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Pence must be an integer number of pence');
    const n = Number(ast.value);
    if (!Number.isSafeInteger(n)) throw new GraphQLError('Pence must be a safe integer');
    return n;
  },
});
