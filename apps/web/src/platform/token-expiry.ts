import { decodeJwt } from 'jose';

/** The token's exp (seconds since the epoch) for the cookie's lifetime; the token is verified separately. */
export function decodeExpiry(token: string): number | undefined {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
