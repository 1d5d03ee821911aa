import { Controller, Get, Inject, Logger, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { AuthError, type Principal } from '@rcc/auth';
import { parseCookies, serializeCookie } from '../../platform/cookies.js';
import { safeNext } from '../../platform/error-pages.filter.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { SessionService } from '../../platform/session.service.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { OIDC_FLOW_COOKIE, OidcSignIn } from './oidc-sign-in.js';
import { homeFor } from './sign-in.controller.js';

/** Sign-in at the user's organisation by OpenID Connect (ADR 0034); present when RCC_WEB_OIDC_ISSUER is set. */
@Controller()
export class OidcSignInController {
  private readonly oidc: OidcSignIn;
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    private readonly sessions: SessionService,
  ) {
    this.oidc = new OidcSignIn(config);
  }

  @Get('sign-in/oidc')
  async start(@Res() res: WebResponse, @Query('next') next?: string): Promise<void> {
    if (!this.config.oidcSignIn) throw new NotFoundException();
    const { url, flow } = await this.oidc.start(safeNext(next));
    this.sessions.appendCookie(
      res,
      serializeCookie(OIDC_FLOW_COOKIE, this.oidc.seal(flow), {
        secure: this.config.secureCookies,
        maxAgeSeconds: this.oidc.flowSeconds,
        sameSite: 'Lax',
      }),
    );
    res.redirect(303, url);
  }

  @Get('sign-in/oidc/callback')
  async callback(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    if (!this.config.oidcSignIn) throw new NotFoundException();
    const flow = this.oidc.open(parseCookies(req.headers['cookie'])[OIDC_FLOW_COOKIE]);
    this.sessions.appendCookie(
      res,
      serializeCookie(OIDC_FLOW_COOKIE, '', { secure: this.config.secureCookies, maxAgeSeconds: 0, sameSite: 'Lax' }),
    );
    if (!flow) return this.refuse(req, res, 'The sign-in took too long or was not started here. Start again.');
    let token: string;
    let principal: Principal;
    try {
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      token = await this.oidc.finish(new URL(`${this.oidc.redirectUri}${query}`), flow);
      principal = await this.sessions.verify(token);
    } catch (error) {
      // The reason only (an OAuth error code or a claim rule), never the token or who it named.
      const oauth = error as { error?: string; error_description?: string };
      this.logger.warn(
        `sign-in refused: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown'}${oauth.error ? ` (${oauth.error}: ${oauth.error_description ?? ''})` : ''}`,
      );
      const reason =
        error instanceof AuthError
          ? error.code === 'TOKEN_ISSUER' || error.code === 'TOKEN_CLAIMS'
            ? `Your organisation’s sign-in service vouched for something it may not (${error.message}).`
            : 'Your organisation’s sign-in service gave a token this service does not accept.'
          : 'Your organisation’s sign-in service did not complete the sign-in.';
      return this.refuse(req, res, reason);
    }
    this.sessions.signIn(res, token);
    // A page of our own rather than a redirect: the session cookie is SameSite=Strict, and a redirect chain that
    // began at the issuer's site would not send it on the next request.
    const target = flow.next === '/' ? homeFor(principal) : flow.next;
    res.setHeader('refresh', `0; url=${target}`);
    send(
      res,
      page({
        title: 'Signed in',
        session: { ...session(req), principal, token },
        content: html`<h1 class="govuk-heading-l">You are signed in</h1>
          <p class="govuk-body"><a class="govuk-link" href="${target}">Continue</a></p>`,
      }),
    );
  }

  private refuse(req: WebRequest, res: WebResponse, reason: string): void {
    send(
      res,
      page({
        title: 'Sign-in failed',
        session: session(req),
        content: html`<h1 class="govuk-heading-l">Sign-in failed</h1>
          <p class="govuk-body">${reason}</p>
          <p class="govuk-body"><a class="govuk-link" href="/sign-in">Try again</a></p>`,
      }),
      401,
    );
  }
}
