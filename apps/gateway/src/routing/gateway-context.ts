import { GraphQLError } from 'graphql';
import { AuthError, bearerToken, PUBLIC_PRINCIPAL, type Principal, type TokenVerifier } from '@rcc/auth';
import { requestIdFrom, type PrincipalRateLimit } from '@rcc/platform';

export interface GatewayContext {
  principal: Principal;
  authorization?: string;
  requestId: string;
}

/**
 * Who is calling, from the request's headers (both gateway engines use this): no token is the public principal; a
 * token is verified (cached, libs/auth) and its principal rate-limited. A bad token is a 401 GraphQL error, a caller
 * over its limit a 429. The request id is the one the platform's middleware accepted from the caller or made.
 */
export async function callerContext(
  header: (name: string) => string | string[] | undefined | null,
  verifier: TokenVerifier,
  rateLimit: PrincipalRateLimit,
): Promise<GatewayContext> {
  const requestId = requestIdFrom(header('x-request-id') ?? undefined);
  let principal: Principal;
  let token: string | undefined;
  try {
    token = bearerToken(header('authorization') ?? undefined);
    if (!token) return { principal: PUBLIC_PRINCIPAL, requestId };
    principal = await verifier.verify(token);
  } catch (error) {
    if (error instanceof AuthError) {
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
    throw error;
  }
  rateLimit.check(principal);
  return { principal, authorization: `Bearer ${token}`, requestId };
}
