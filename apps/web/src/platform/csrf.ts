import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens: the browser holds a random HttpOnly, SameSite=Strict cookie; every form carries HMAC(key, cookie).
 * A forged cross-site POST has neither the cookie (SameSite) nor the token (it cannot read the page).
 */
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(key?: string) {
    this.key = key ? Buffer.from(key) : randomBytes(32);
  }

  newSecret(): string {
    return randomBytes(24).toString('base64url');
  }

  tokenFor(secret: string): string {
    return createHmac('sha256', this.key).update(secret).digest('base64url');
  }

  verify(secret: string | undefined, token: unknown): boolean {
    if (!secret || typeof token !== 'string' || token === '') return false;
    const expected = Buffer.from(this.tokenFor(secret));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
