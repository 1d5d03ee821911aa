import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { BaseConfig } from '@rcc/platform';

const TARGETS_PATTERN = /^$|^\w+(>=|<=|=)\d+(\.\d+)?(,\w+(>=|<=|=)\d+(\.\d+)?)*$/;

/** The web front end's settings, validated at start (the process refuses to start on a bad one and names it). */
export class WebConfig extends BaseConfig {
  override PORT = 3000;

  /** The federated gateway's GraphQL endpoint: every page reads and writes through it, with the user's token. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'RCC_GATEWAY_URL must be an http(s) URL' })
  RCC_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

  /**
   * The analytics service's base URL as the web server reaches it (not the browser): the open-data files it serves
   * itself (/open-data/demand-profile/...) are streamed through this app's /open-data route (docs/adr/0020).
   * Default: analytics in `npm start` (apps/cli/src/commands/region.ts).
   */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'RCC_ANALYTICS_URL must be an http(s) URL' })
  RCC_ANALYTICS_URL = 'http://127.0.0.1:4401';

  /** How long a forecasts page waits for the gateway (the first forecast of a region can take tens of seconds). */
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'RCC_WEB_FORECAST_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1_000, { message: 'RCC_WEB_FORECAST_TIMEOUT_MS must be at least 1000' })
  @Max(600_000, { message: 'RCC_WEB_FORECAST_TIMEOUT_MS must be at most 600000' })
  RCC_WEB_FORECAST_TIMEOUT_MS = 180_000;

  /** Member councils offered on the demo sign-in page: ONS code=name pairs. */
  @Matches(/^E\d{8}=[^,=]+(,E\d{8}=[^,=]+)*$/, { message: 'RCC_WEB_COUNCILS must be E10000028=Name[,code=Name...]' })
  RCC_WEB_COUNCILS = 'E10000028=Staffordshire,E06000021=Stoke-on-Trent';

  /**
   * Strategy targets shown beside a council's indicators (percentages, or a count for under16Unregulated), e.g. the
   * sufficiency-strategy targets "85% in the same home for 2+ years" and "eliminate unregulated placements".
   */
  @Matches(TARGETS_PATTERN, { message: 'RCC_WEB_TARGETS must be indicator>=n[,indicator<=n,indicator=n...]' })
  RCC_WEB_TARGETS = 'samePlacementTwoYears>=85,threeOrMorePlacements<=10,under16Unregulated=0';

  /** Key for the CSRF tokens (HMAC of the browser's CSRF cookie); default: a random key per process. */
  @IsOptional()
  @MinLength(32, { message: 'RCC_WEB_CSRF_KEY must be at least 32 characters' })
  RCC_WEB_CSRF_KEY?: string;

  /** Mark cookies Secure (served over HTTPS). Always on in production. */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  RCC_WEB_SECURE_COOKIES = false;

  /**
   * The development issuer's private key (a JWK, or its file; `npm start` and test regions set it): demo sign-in
   * (choose a role, get a development token) exists only outside production and only with it.
   */
  @IsOptional()
  @IsString()
  RCC_WEB_DEV_ISSUER_KEY?: string;

  /** The `iss` of the demo sign-in's tokens. */
  @IsString()
  RCC_WEB_DEV_ISSUER = 'rcc-dev';

  /**
   * Sign-in by OpenID Connect (authorization code + PKCE): the organisation's issuer (discovery at
   * `/.well-known/openid-configuration`). It must also be in RCC_TRUSTED_ISSUERS: its access tokens, issued for the
   * audience RCC_JWT_AUDIENCE, are the session (ADR 0034).
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'RCC_WEB_OIDC_ISSUER must be an http(s) URL' },
  )
  RCC_WEB_OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  RCC_WEB_OIDC_CLIENT_ID?: string;

  /** Confidential client's secret; without it the web is a public client (PKCE only). */
  @IsOptional()
  @IsString()
  RCC_WEB_OIDC_CLIENT_SECRET?: string;

  /** The resource indicator (RFC 8707, an absolute URI) the web asks the issuer's access token for. */
  @IsString()
  RCC_WEB_OIDC_RESOURCE = 'urn:rcc-exchange';

  /** This app's own address as browsers reach it (the OIDC redirect URI is built on it). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'RCC_WEB_PUBLIC_URL must be an http(s) URL' })
  RCC_WEB_PUBLIC_URL = 'http://localhost:3000';

  get demoSignIn(): boolean {
    return this.RCC_ENV !== 'production' && Boolean(this.RCC_WEB_DEV_ISSUER_KEY);
  }

  get oidcSignIn(): boolean {
    return Boolean(this.RCC_WEB_OIDC_ISSUER && this.RCC_WEB_OIDC_CLIENT_ID);
  }

  override productionProblems(): string[] {
    const problems: string[] = [];
    if (this.RCC_WEB_OIDC_ISSUER && !this.RCC_WEB_OIDC_ISSUER.startsWith('https://'))
      problems.push('RCC_WEB_OIDC_ISSUER: must be https in production');
    if (!this.RCC_WEB_PUBLIC_URL.startsWith('https://'))
      problems.push('RCC_WEB_PUBLIC_URL: must be https in production');
    return problems;
  }

  get secureCookies(): boolean {
    return this.RCC_ENV === 'production' || this.RCC_WEB_SECURE_COOKIES;
  }

  get councils(): { code: string; name: string }[] {
    return this.RCC_WEB_COUNCILS.split(',').map((pair) => {
      const [code, name] = pair.split('=', 2) as [string, string];
      return { code, name };
    });
  }
}

export const WEB_CONFIG = Symbol('WEB_CONFIG');
