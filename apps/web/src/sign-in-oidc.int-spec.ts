import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Provider, { type Configuration } from 'oidc-provider';
import { generateSigningKey, privateJwk } from '@rcc/auth';
import type { RunningService } from '@rcc/platform';
import { freePort } from '@rcc/testing';
import { bootstrap } from './main.js';

/**
 * Web sign-in by OpenID Connect against a real OpenID provider started here (the `oidc-provider` package, as a
 * council's own sign-in service would run): authorization code with PKCE, followed through its HTTP redirects and
 * its login form. The access token it issues for the platform's audience becomes the session; a token asserting what
 * that council's issuer may not (another council, a hub role) is refused.
 */
const STAFFS = 'E10000028';
const ACCOUNTS: Record<string, { roles: string[]; council?: string }> = {
  'analyst@staffs': { roles: ['council.analyst'], council: STAFFS },
  'rogue@staffs': { roles: ['council.analyst'], council: 'E06000021' },
  'hub@staffs': { roles: ['hub.commissioner'] },
};

/** A user agent: follows redirects, keeps cookies (by host, as browsers do), fills in the issuer's forms. */
class Agent {
  private readonly jar = new Map<string, string>();

  private cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.keep(res);
    return res;
  }

  /** Signs in at the issuer as `login`, from the web's sign-in link; returns the last response (and the URLs seen). */
  async signIn(start: string, login: string): Promise<{ res: Response; body: string; visited: string[] }> {
    let url = start;
    let init: { method?: string; form?: Record<string, string> } = {};
    const visited: string[] = [];
    for (let step = 0; step < 20; step += 1) {
      visited.push(url);
      const res = await this.request(url, init);
      init = {};
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      const body = await res.text();
      const form = /<form[^>]*action="([^"]*\/interaction\/[^"]*)"/.exec(body);
      if (res.status === 200 && form) {
        url = new URL(form[1]!, url).href;
        // The form's hidden fields (which prompt it answers), and the user's login where it asks for one.
        const hidden = Object.fromEntries(
          [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
        );
        const credentials: Record<string, string> = body.includes('name="login"') ? { login, password: 'any' } : {};
        init = { method: 'POST', form: { ...hidden, ...credentials } };
        continue;
      }
      return { res, body, visited };
    }
    throw new Error(`no end to the sign-in after 20 steps: ${visited.join(' -> ')}`);
  }
}

describe('web sign-in by OpenID Connect, against a real OpenID provider', () => {
  let issuerServer: Server;
  let issuer: string;
  let web: RunningService;

  beforeAll(async () => {
    const issuerPort = await freePort();
    const webPort = await freePort();
    issuer = `http://127.0.0.1:${issuerPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const key = privateJwk(generateSigningKey('staffs-idp-1'));
    const configuration: Configuration = {
      clients: [
        {
          client_id: 'rcc-web',
          client_secret: 'a-client-secret-for-this-test',
          redirect_uris: [`${webUrl}/sign-in/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          id_token_signed_response_alg: 'EdDSA',
        },
      ],
      jwks: { keys: [key as never] },
      cookies: { keys: ['a-cookie-key-for-this-test'] },
      pkce: { required: () => true },
      enabledJWA: { idTokenSigningAlgValues: ['EdDSA'] },
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => 'urn:rcc-exchange',
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'openid',
            audience: 'rcc-exchange',
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'EdDSA' } },
          }),
        },
      },
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
      // The platform's claims in the access token: what this council's directory says of the user.
      extraTokenClaims: (_ctx, token) => {
        const account = ACCOUNTS[(token as { accountId?: string }).accountId ?? ''];
        return account ? { ...account } : {};
      },
      // Consent is the council's own business (its staff, its service): granted on sign-in.
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId!,
        });
        grant.addOIDCScope('openid');
        grant.addResourceScope('urn:rcc-exchange', 'openid');
        await grant.save();
        return grant;
      },
    };
    const provider = new Provider(issuer, configuration);
    issuerServer = createServer(provider.callback());
    await new Promise<void>((resolve) => issuerServer.listen(issuerPort, '127.0.0.1', resolve));
    web = await bootstrap(
      {
        RCC_ENV: 'test',
        PORT: String(webPort),
        RCC_GATEWAY_URL: 'http://127.0.0.1:9/graphql',
        // The council's issuer is trusted for its own council only, with its keys fetched from its JWKS endpoint.
        RCC_TRUSTED_ISSUERS: JSON.stringify([{ issuer, jwks: `${issuer}/jwks`, councils: [STAFFS] }]),
        RCC_WEB_OIDC_ISSUER: issuer,
        RCC_WEB_OIDC_CLIENT_ID: 'rcc-web',
        RCC_WEB_OIDC_CLIENT_SECRET: 'a-client-secret-for-this-test',
        RCC_WEB_PUBLIC_URL: webUrl,
      },
      { shutdownHooks: false, logLevels: ['error', 'warn'] },
    );
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  it("a council's user signs in at the council's issuer (code + PKCE) and the web knows who they are", async () => {
    const agent = new Agent();
    const signIn = await agent.request(`${web.url}/sign-in`);
    expect(await signIn.text()).toContain('Sign in with your organisation’s account');
    const { res, body, visited } = await agent.signIn(`${web.url}/sign-in/oidc?next=/`, 'analyst@staffs');
    // Through the issuer's authorization endpoint with a PKCE challenge, its login, and back with a code.
    const authorize = new URL(visited.find((u) => u.startsWith(`${issuer}/auth?`))!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(visited.join('\n')).toMatch(new RegExp(`^${web.url}/sign-in/oidc/callback\\?.*code=`, 'm'));
    expect(res.status).toBe(200);
    expect(body).toContain('You are signed in');
    expect(res.headers.get('refresh')).toBe('0; url=/council/indicators');
    const page = await (await agent.request(`${web.url}/sign-in`)).text();
    expect(page).toContain('Signed in as <strong>');
    expect(page).toContain('Sign out');
  });

  it("refuses the council's issuer vouching for another council or for a hub role: no session", async () => {
    for (const login of ['rogue@staffs', 'hub@staffs']) {
      const agent = new Agent();
      const { res, body } = await agent.signIn(`${web.url}/sign-in/oidc?next=/`, login);
      expect(res.status).toBe(401);
      expect(body).toContain('Sign-in failed');
      expect(body).toMatch(/may not assert (council E06000021|hub roles)/);
      expect(await (await agent.request(`${web.url}/sign-in`)).text()).not.toContain('Sign out');
    }
  });

  it('refuses a callback it did not start (no flow cookie)', async () => {
    const agent = new Agent();
    const res = await agent.request(`${web.url}/sign-in/oidc/callback?code=abc&state=xyz`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('was not started here');
  });
});
