import { Body, Controller, Get, Inject, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { AuthError, issueToken, readSigningKey, type Principal } from '@rcc/auth';
import { button, csrfField, radios, select, textarea, type Errors } from '../../platform/components.js';
import { safeNext } from '../../platform/error-pages.filter.js';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { field, session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { SessionService } from '../../platform/session.service.js';
import { WEB_CONFIG, type WebConfig } from '../../platform/web.config.js';
import { DEMO_PROVIDERS } from './sign-in.queries.js';

interface DemoChoice {
  value: string;
  text: string;
  hint?: string;
  principal: Principal;
}

/**
 * Signing in. Real mode: the user pastes a token from the configured issuer (verified here and by the gateway).
 * Embedded/demo mode (never production): choose a demo role and get a development token for it.
 */
@Controller()
export class SignInController {
  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    private readonly sessions: SessionService,
    private readonly gateway: GatewayClient,
  ) {}

  @Get('sign-in')
  async form(@Req() req: WebRequest, @Res() res: WebResponse, @Query('next') next?: string): Promise<void> {
    send(res, await this.render(req, safeNext(next), {}));
  }

  @Post('sign-in/demo')
  async demo(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    if (!this.config.demoSignIn) throw new NotFoundException();
    const next = safeNext(field(body, 'next'));
    const role = field(body, 'role');
    const providerId = field(body, 'provider');
    const { choices, providers } = await this.demoChoices();
    const errors: Errors = {};
    let principal = choices.find((c) => c.value === role)?.principal;
    if (!principal) errors['role'] = { href: 'role', text: 'Select who you want to sign in as' };
    else if (role === 'provider') {
      const provider = providers.find((p) => p.id === providerId);
      if (!provider) errors['provider'] = { href: 'provider', text: 'Select the provider you work for' };
      else principal = { subject: `demo-provider-${provider.id}`, roles: ['provider.user'], provider: provider.id };
    }
    if (!principal || Object.keys(errors).length > 0) {
      send(res, await this.render(req, next, errors, { role, provider: providerId }), 400);
      return;
    }
    this.sessions.signIn(res, await this.devToken(principal));
    res.redirect(303, next === '/' ? homeFor(principal) : next);
  }

  @Post('sign-in/token')
  async token(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    const next = safeNext(field(body, 'next'));
    const token = field(body, 'token').replace(/^Bearer\s+/i, '');
    let error: string | undefined;
    let principal: Principal | undefined;
    if (!token) error = 'Enter the token from your organisation’s sign-in service';
    else {
      try {
        principal = await this.sessions.verify(token);
      } catch (e) {
        if (!(e instanceof AuthError)) throw e;
        error =
          e.code === 'TOKEN_EXPIRED'
            ? 'The token has expired: get a new one from your organisation’s sign-in service'
            : e.code === 'TOKEN_CLAIMS'
              ? `The token does not say who you are in a way this service accepts (${e.message})`
              : 'The token is not valid for this service';
      }
    }
    if (error || !principal) {
      send(res, await this.render(req, next, { token: { href: 'token', text: error! } }), 400);
      return;
    }
    this.sessions.signIn(res, token);
    res.redirect(303, next === '/' ? homeFor(principal) : next);
  }

  @Post('sign-out')
  signOut(@Res() res: WebResponse): void {
    this.sessions.signOut(res);
    res.redirect(303, '/');
  }

  private async render(
    req: WebRequest,
    next: string,
    errors: Errors,
    selected: { role?: string; provider?: string } = {},
  ) {
    const s = session(req);
    const { choices: demo, providers } = this.config.demoSignIn
      ? await this.demoChoices()
      : { choices: [], providers: [] };
    return page({
      title: 'Sign in',
      session: s,
      errors,
      content: html`<h1 class="govuk-heading-l">Sign in</h1>
        ${
          this.config.oidcSignIn
            ? html`<p class="govuk-body">
                <a class="govuk-button" role="button" href="/sign-in/oidc?next=${encodeURIComponent(next)}"
                  >Sign in with your organisation’s account</a
                >
              </p>`
            : ''
        }
        ${
          this.config.demoSignIn
            ? html`<form method="post" action="/sign-in/demo" novalidate>
                  ${csrfField(s.csrfToken)}<input type="hidden" name="next" value="${next}" />
                  ${radios({
                    id: 'role',
                    name: 'role',
                    legend: 'Who do you want to sign in as?',
                    legendSize: 'm',
                    hint: 'Demonstration users of this region (not available in production). Your token lasts 8 hours.',
                    items: demo,
                    values: selected.role ? [selected.role] : [],
                    error: errors['role'],
                  })}
                  ${select({
                    id: 'provider',
                    label: 'If you chose a provider user: which provider?',
                    items: [
                      { value: '', text: 'Choose a provider' },
                      ...providers.map((p) => ({ value: p.id, text: p.name })),
                    ],
                    value: selected.provider ?? '',
                    error: errors['provider'],
                  })}
                  ${button('Sign in as this demo user')}
                </form>
                <h2 class="govuk-heading-m">Or sign in with a token</h2>`
            : ''
        }
        <form method="post" action="/sign-in/token" novalidate>
          ${csrfField(s.csrfToken)}<input type="hidden" name="next" value="${next}" />
          ${textarea({
            id: 'token',
            label: 'Your access token',
            hint: this.config.demoSignIn
              ? 'Paste a token from “npm run rcc -- token”, or from your organisation’s sign-in service.'
              : 'Paste the token from your organisation’s sign-in service.',
            error: errors['token'],
            rows: 4,
          })}
          ${button(this.config.demoSignIn ? 'Sign in with this token' : 'Sign in', { secondary: this.config.demoSignIn })}
        </form>
        <p class="govuk-body">
          You can read the <a class="govuk-link" href="/demand-profile">published demand profile</a> without signing in.
        </p>`,
    });
  }

  /** A token from the local development issuer (demo sign-in only: never in production). */
  private devToken(principal: Principal, ttlSeconds?: number): Promise<string> {
    if (!this.config.demoSignIn) throw new NotFoundException();
    const signer = { issuer: this.config.RCC_WEB_DEV_ISSUER, key: readSigningKey(this.config.RCC_WEB_DEV_ISSUER_KEY!) };
    return issueToken(principal, signer, ttlSeconds ? { ttlSeconds } : {});
  }

  /** The demo users: the hub, a user of any registered provider (read with a demo hub token), each council's two roles. */
  private async demoChoices(): Promise<{ choices: DemoChoice[]; providers: { id: string; name: string }[] }> {
    const hub: Principal = { subject: 'demo-hub', roles: ['hub.commissioner'] };
    const choices: DemoChoice[] = [
      {
        value: 'hub',
        text: 'Regional hub commissioner',
        hint: 'Tenders, providers, the pooled figures',
        principal: hub,
      },
    ];
    let providers: { id: string; name: string }[] = [];
    try {
      const data = await this.gateway.request<{ providers: { id: string; name: string }[] }>(
        { token: await this.devToken(hub, 60), csrfToken: '', csrfSecret: '' },
        DEMO_PROVIDERS,
      );
      providers = [...data.providers].sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      // The registry is unreachable: providers cannot sign in as demo users until it is back.
    }
    if (providers.length > 0)
      choices.push({
        value: 'provider',
        text: 'Provider user',
        hint: 'Choose the provider below. The demand profile, your settings and vacancies, referrals',
        // Replaced by the chosen provider's claims on sign-in.
        principal: { subject: 'demo-provider', roles: ['provider.user'], provider: 'chosen-below' },
      });
    for (const c of this.config.councils) {
      choices.push(
        {
          value: `council.analyst:${c.code}`,
          text: `${c.name}: data analyst`,
          hint: 'Indicators, SSDA903 imports, referrals (read)',
          principal: { subject: `demo-analyst-${c.code}`, roles: ['council.analyst'], council: c.code },
        },
        {
          value: `council.placements:${c.code}`,
          text: `${c.name}: placements officer`,
          hint: 'Referrals: open, accept offers, place, close unmet',
          principal: { subject: `demo-placements-${c.code}`, roles: ['council.placements'], council: c.code },
        },
      );
    }
    return { choices, providers };
  }
}

export function homeFor(p: Principal): string {
  if (p.roles.includes('council.analyst')) return '/council/indicators';
  if (p.roles.includes('council.placements')) return '/council/referrals';
  if (p.roles.includes('hub.commissioner')) return '/hub/tenders';
  if (p.roles.includes('provider.user')) return '/provider';
  return '/demand-profile';
}
