import { Inject, Injectable } from '@nestjs/common';
import { graphqlRequest } from '@rcc/platform';
import { SignInRequired, type Session } from './http.js';
import { WEB_CONFIG, type WebConfig } from './web.config.js';

/** A GraphQL error from the gateway, with its code (e.g. IMPORT_REJECTED, BAD_USER_INPUT) and details. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
    readonly problems?: string[],
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** The gateway did not answer within the time the page allows. */
export class GatewayTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the gateway did not answer within ${timeoutMs / 1000} seconds`);
    this.name = 'GatewayTimeout';
  }
}

/** Calls the gateway as the signed-in user (their token as the bearer) or anonymously (public data). */
@Injectable()
export class GatewayClient {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  get url(): string {
    return this.config.RCC_GATEWAY_URL;
  }

  async request<T>(
    session: Session | undefined,
    query: string,
    variables: Record<string, unknown> = {},
    next = '/',
    timeoutMs = 120_000,
  ): Promise<T> {
    let result;
    try {
      result = await graphqlRequest<T>(this.config.RCC_GATEWAY_URL, query, {
        token: session?.token,
        variables,
        timeoutMs,
      });
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError' || (error as Error)?.name === 'AbortError')
        throw new GatewayTimeout(timeoutMs);
      throw error;
    }
    const error = result.errors?.[0];
    if (error) {
      const code = String(error.extensions?.['code'] ?? 'UNKNOWN');
      // An expired or revoked token: sign in again, then come back.
      if (code === 'UNAUTHENTICATED') throw new SignInRequired(next);
      const problems = error.extensions?.['problems'];
      throw new GatewayError(
        error.message,
        code,
        error.extensions?.['details'],
        Array.isArray(problems) ? problems.map(String) : undefined,
      );
    }
    if (!result.data) throw new GatewayError(`gateway answered ${result.status} with no data`, 'NO_DATA');
    return result.data;
  }
}
