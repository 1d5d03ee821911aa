import { describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { executionGuardPlugin } from './execution-guard.js';

/**
 * A failed operation must not keep fanning out (issue 15: a query answered with an error while its sibling resolvers
 * kept running until the heap was gone). The proof is a count of resolver calls, not a timing.
 */
function region(counter: { calls: number }, clock?: { now: number }) {
  const Item = new GraphQLObjectType({
    name: 'Item',
    fields: {
      n: {
        type: GraphQLInt,
        resolve: async (n: number) => {
          counter.calls += 1;
          if (clock) clock.now += 10;
          await new Promise((r) => setImmediate(r));
          return n;
        },
      },
      children: {
        type: new GraphQLList(GraphQLInt),
        resolve: () => Array.from({ length: 100 }, (_, i) => i),
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        boom: {
          type: GraphQLString,
          resolve: async () => {
            throw new Error('failed');
          },
        },
        wide: {
          type: new GraphQLNonNull(new GraphQLList(Item)),
          resolve: async () => {
            await new Promise((r) => setImmediate(r));
            return Array.from({ length: 1000 }, (_, i) => i);
          },
        },
      },
    }),
  });
  return schema;
}

async function run(withGuard: boolean, options: { deadlineMs?: number; maxResolverCalls?: number } = {}) {
  const counter = { calls: 0 };
  const clock = { now: 0 };
  let reported: { calls: number; stopped?: string } | undefined;
  const server = new ApolloServer({
    schema: region(counter, options.deadlineMs ? clock : undefined),
    plugins: withGuard
      ? [
          executionGuardPlugin({
            deadlineMs: options.deadlineMs ?? 60_000,
            maxResolverCalls: options.maxResolverCalls ?? 1_000_000,
            now: () => clock.now,
            onFinished: (calls, stopped) => (reported = { calls, stopped }),
          }),
        ]
      : [],
  });
  await server.start();
  try {
    const query = options.deadlineMs || options.maxResolverCalls ? '{ wide { n } }' : '{ boom wide { n } }';
    const response = await server.executeOperation({ query });
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return { calls: counter.calls, errors: body?.errors ?? [], reported };
  } finally {
    await server.stop();
  }
}

describe('execution guard', () => {
  it('without it, a failed field leaves its siblings fanning out (the finding)', async () => {
    const { calls, errors } = await run(false);
    expect(errors.map((e) => e.message)).toEqual(['failed']);
    expect(calls).toBe(1000);
  });

  it('starts no resolver after the first error', async () => {
    const { calls, errors, reported } = await run(true);
    expect(calls).toBe(0);
    expect(errors[0]?.message).toBe('failed');
    expect(errors.some((e) => e.extensions?.['code'] === 'EXECUTION_STOPPED')).toBe(true);
    expect(reported?.stopped).toBe('an earlier field failed');
  });

  it('starts no resolver after the deadline', async () => {
    // Each item resolver moves the clock 10 ms on: a 100 ms deadline admits about ten.
    const { calls, errors, reported } = await run(true, { deadlineMs: 100 });
    expect(calls).toBeLessThanOrEqual(11);
    expect(errors[0]?.message).toBe('execution stopped: the deadline of 100 ms passed');
    expect(reported?.stopped).toBe('the deadline of 100 ms passed');
  });

  it('starts no more resolvers than its budget', async () => {
    const { calls, errors, reported } = await run(true, { maxResolverCalls: 50 });
    // wide itself is one call: 49 item resolvers at most.
    expect(calls).toBeLessThanOrEqual(49);
    expect(errors[0]?.message).toBe('execution stopped: more than 50 fields resolved');
    expect(reported?.calls).toBeLessThanOrEqual(51);
  });
});
