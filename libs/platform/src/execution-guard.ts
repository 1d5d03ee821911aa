import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

export interface ExecutionGuardOptions {
  /** Longest one operation may keep starting resolvers, in milliseconds. */
  deadlineMs: number;
  /** Most resolvers one operation may start. */
  maxResolverCalls: number;
  /** The clock (tests). */
  now?: () => number;
  /** Told, once per operation, how many resolvers it started (tests and metrics). */
  onFinished?: (resolverCalls: number, stopped: string | undefined) => void;
}

/** Thrown instead of starting a resolver once the operation has been stopped. */
export class ExecutionStoppedError extends GraphQLError {
  constructor(reason: string) {
    super(`execution stopped: ${reason}`, { extensions: { code: 'EXECUTION_STOPPED' } });
  }
}

/**
 * Stops an operation's execution at its first error, its deadline or its resolver budget: no resolver starts after
 * that, so an operation that has already failed cannot keep fanning out in the background (issue 15: a query that
 * answered with an error kept its sibling resolvers running until the heap was exhausted). Resolvers already running
 * finish; their results are discarded with the rest of the response.
 */
export function executionGuardPlugin(options: ExecutionGuardOptions): ApolloServerPlugin {
  const now = options.now ?? Date.now;
  return {
    async requestDidStart() {
      return {
        async executionDidStart() {
          const deadline = now() + options.deadlineMs;
          let calls = 0;
          let stopped: string | undefined;
          return {
            willResolveField() {
              if (stopped) throw new ExecutionStoppedError(stopped);
              calls += 1;
              if (calls > options.maxResolverCalls) {
                stopped = `more than ${options.maxResolverCalls} fields resolved`;
                throw new ExecutionStoppedError(stopped);
              }
              if (now() > deadline) {
                stopped = `the deadline of ${options.deadlineMs} ms passed`;
                throw new ExecutionStoppedError(stopped);
              }
              return (error: Error | null) => {
                if (error && !stopped) stopped = 'an earlier field failed';
              };
            },
            async executionDidEnd() {
              options.onFinished?.(calls, stopped);
            },
          };
        },
      };
    },
  };
}
