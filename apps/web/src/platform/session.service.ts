import { Inject, Injectable } from '@nestjs/common';
import { AuthError, type Principal, type TokenVerifier } from '@rcc/auth';
import { tokenVerifier } from '@rcc/platform';
import { decodeExpiry } from './token-expiry.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { CsrfTokens } from './csrf.js';
import type { Session, WebRequest, WebResponse } from './http.js';
import { WEB_CONFIG, type WebConfig } from './web.config.js';

export const SESSION_COOKIE = 'rcc_session';
export const CSRF_COOKIE = 'rcc_csrf';

/**
 * The session is the user's token itself, in an HttpOnly, SameSite=Strict cookie: verified here on every request (to
 * know who is signed in) and again by the gateway and every subgraph (which decide what they may see).
 */
@Injectable()
export class SessionService {
  private readonly verifier: TokenVerifier;
  readonly csrf: CsrfTokens;

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {
    this.verifier = tokenVerifier(config);
    this.csrf = new CsrfTokens(config.RCC_WEB_CSRF_KEY);
  }

  /** Verifies a token a user signs in with; throws AuthError when it is not valid. */
  verify(token: string): Promise<Principal> {
    return this.verifier.verify(token);
  }

  async load(req: WebRequest, res: WebResponse): Promise<Session> {
    const cookies = parseCookies(req.headers['cookie']);
    let csrfSecret = cookies[CSRF_COOKIE];
    if (!csrfSecret || !/^[A-Za-z0-9_-]{20,64}$/.test(csrfSecret)) {
      csrfSecret = this.csrf.newSecret();
      this.appendCookie(res, serializeCookie(CSRF_COOKIE, csrfSecret, { secure: this.config.secureCookies }));
    }
    const session: Session = { csrfToken: this.csrf.tokenFor(csrfSecret), csrfSecret };
    const token = cookies[SESSION_COOKIE];
    if (token) {
      try {
        session.principal = await this.verifier.verify(token);
        session.token = token;
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        // Expired or invalid: treat as signed out and drop the cookie.
        this.appendCookie(
          res,
          serializeCookie(SESSION_COOKIE, '', { secure: this.config.secureCookies, maxAgeSeconds: 0 }),
        );
      }
    }
    return session;
  }

  csrfValid(session: Session, token: unknown): boolean {
    return this.csrf.verify(session.csrfSecret, token);
  }

  signIn(res: WebResponse, token: string): void {
    const exp = decodeExpiry(token);
    const maxAge = exp ? exp - Math.floor(Date.now() / 1000) : 8 * 3600;
    this.appendCookie(
      res,
      serializeCookie(SESSION_COOKIE, token, { secure: this.config.secureCookies, maxAgeSeconds: maxAge }),
    );
  }

  signOut(res: WebResponse): void {
    this.appendCookie(
      res,
      serializeCookie(SESSION_COOKIE, '', { secure: this.config.secureCookies, maxAgeSeconds: 0 }),
    );
  }

  appendCookie(res: WebResponse, cookie: string): void {
    const existing = res.getHeader('set-cookie');
    const list = Array.isArray(existing) ? existing.map(String) : existing ? [String(existing)] : [];
    res.setHeader('set-cookie', [...list, cookie]);
  }
}
