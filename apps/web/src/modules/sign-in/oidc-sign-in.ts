import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { WebConfig } from '../../platform/web.config.js';

/** What the browser carries between leaving for the organisation's issuer and coming back (integrity-protected). */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch seconds after which the flow is void. */
  until: number;
}

export const OIDC_FLOW_COOKIE = 'rcc_oidc';
const FLOW_SECONDS = 600;

/**
 * Sign-in by OpenID Connect: authorization code with PKCE (S256), state and nonce, at the organisation's issuer
 * (openid-client). The access token it issues for this service's audience is the session (verified like any
 * bearer token: it must come from a trusted issuer and assert only what that issuer may).
 */
export class OidcSignIn {
  private configuration: Promise<oidc.Configuration> | undefined;
  private readonly key: Buffer;

  constructor(private readonly config: WebConfig) {
    // The flow cookie is signed with a key of this process's own (a flow outlives no restart of the web).
    this.key = randomBytes(32);
  }

  get redirectUri(): string {
    return `${this.config.RCC_WEB_PUBLIC_URL.replace(/\/$/, '')}/sign-in/oidc/callback`;
  }

  private discover(): Promise<oidc.Configuration> {
    const c = this.config;
    this.configuration ??= oidc
      .discovery(
        new URL(c.RCC_WEB_OIDC_ISSUER!),
        c.RCC_WEB_OIDC_CLIENT_ID!,
        c.RCC_WEB_OIDC_CLIENT_SECRET ? { client_secret: c.RCC_WEB_OIDC_CLIENT_SECRET } : undefined,
        c.RCC_WEB_OIDC_CLIENT_SECRET ? oidc.ClientSecretBasic(c.RCC_WEB_OIDC_CLIENT_SECRET) : oidc.None(),
        // Plain http only outside production (a local issuer); production refuses an http:// issuer at start.
        c.RCC_ENV === 'production' ? {} : { execute: [oidc.allowInsecureRequests] },
      )
      .catch((error: unknown) => {
        this.configuration = undefined; // try discovery again next time
        throw error;
      });
    return this.configuration;
  }

  /** Where to send the browser, and the flow to remember in its cookie. */
  async start(next: string): Promise<{ url: string; flow: OidcFlow }> {
    const configuration = await this.discover();
    const verifier = oidc.randomPKCECodeVerifier();
    const flow: OidcFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      next,
      until: Math.floor(Date.now() / 1000) + FLOW_SECONDS,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
      resource: this.config.RCC_WEB_OIDC_RESOURCE,
    });
    return { url: url.href, flow };
  }

  /** Exchanges the code (checking state, nonce and the PKCE verifier) for the access token. */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<string> {
    const configuration = await this.discover();
    const tokens = await oidc.authorizationCodeGrant(
      configuration,
      callbackUrl,
      { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true },
      { resource: this.config.RCC_WEB_OIDC_RESOURCE },
    );
    if (!tokens.access_token) throw new Error('the issuer returned no access token');
    return tokens.access_token;
  }

  seal(flow: OidcFlow): string {
    const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The flow from the cookie, or undefined when it is missing, altered or too old. */
  open(cookie: string | undefined): OidcFlow | undefined {
    const [body, mac] = (cookie ?? '').split('.');
    if (!body || !mac) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const flow = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OidcFlow;
    return flow.until > Date.now() / 1000 ? flow : undefined;
  }

  get flowSeconds(): number {
    return FLOW_SECONDS;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
