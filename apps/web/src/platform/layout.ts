import type { Principal, Role } from '@rcc/auth';
import { councilName } from './council-names.js';
import { errorSummary, type Errors } from './components.js';
import { html, type SafeHtml } from './html.js';
import type { Session } from './http.js';

export const SERVICE_NAME = 'RCC Exchange';

interface NavItem {
  href: string;
  text: string;
  roles: readonly (Role | 'anonymous')[];
}

const ANALYTICS: Role[] = ['hub.commissioner', 'council.analyst', 'council.placements'];

/** Each role's navigation. A later area adds its entry here and its own module under modules/. */
const NAV: NavItem[] = [
  {
    href: '/',
    text: 'Home',
    roles: ['anonymous', 'hub.commissioner', 'provider.user', 'council.analyst', 'council.placements'],
  },
  { href: '/council/indicators', text: 'Indicators', roles: ['council.analyst', 'council.placements'] },
  { href: '/council/imports', text: 'Imports', roles: ['council.analyst'] },
  { href: '/council/reconcile', text: 'Reconcile with the DfE', roles: ['council.analyst'] },
  { href: '/council/referrals', text: 'Referrals', roles: ['council.analyst', 'council.placements'] },
  { href: '/council/statements', text: 'Statements', roles: ['council.analyst', 'council.placements'] },
  { href: '/hub/tenders', text: 'Tenders', roles: ['hub.commissioner'] },
  { href: '/hub/contracts', text: 'Contracts', roles: ['hub.commissioner'] },
  { href: '/hub/providers', text: 'Providers', roles: ['hub.commissioner'] },
  { href: '/analytics/gaps', text: 'Sufficiency gaps', roles: ANALYTICS },
  { href: '/analytics/forecasts', text: 'Forecasts', roles: ANALYTICS },
  { href: '/analytics/prices', text: 'Prices', roles: ANALYTICS },
  { href: '/analytics/utilisation', text: 'Utilisation', roles: ANALYTICS },
  { href: '/provider', text: 'Your organisation', roles: ['provider.user'] },
  { href: '/provider/settings', text: 'Settings and vacancies', roles: ['provider.user'] },
  { href: '/provider/referrals', text: 'Referrals offered', roles: ['provider.user'] },
  { href: '/provider/tenders', text: 'Tenders and contracts', roles: ['provider.user'] },
  { href: '/analytics/market', text: 'The market', roles: ['provider.user', 'hub.commissioner'] },
  {
    href: '/demand-profile',
    text: 'Demand profile',
    roles: ['anonymous', 'public', 'hub.commissioner', 'provider.user', 'council.analyst', 'council.placements'],
  },
];

export const ROLE_NAMES: Record<Role, string> = {
  'council.analyst': 'Council data analyst',
  'council.placements': 'Council placements officer',
  'hub.commissioner': 'Regional hub commissioner',
  'provider.user': 'Provider',
  public: 'Member of the public',
};

function navFor(principal: Principal | undefined): NavItem[] {
  const roles: (Role | 'anonymous')[] = principal ? principal.roles : ['anonymous'];
  return NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
}

export function describePrincipal(p: Principal): string {
  const role = p.roles.map((r) => ROLE_NAMES[r]).join(', ');
  if (p.council) return `${role}, ${councilName(p.council)}`;
  return role;
}

export interface PageOptions {
  title: string;
  session: Session;
  /** The navigation entry to mark current. */
  current?: string;
  errors?: Errors;
  backLink?: string;
  content: SafeHtml;
  wide?: boolean;
}

/**
 * The page template: GOV.UK Frontend's generic header (a council-run service: no crown, no GOV.UK logotype),
 * service navigation by role, a signed-in bar with sign-out, the error summary when a form has errors.
 */
export function page(o: PageOptions): SafeHtml {
  const hasErrors = o.errors && Object.keys(o.errors).length > 0;
  const principal = o.session.principal;
  const nav = navFor(principal);
  return html`<!DOCTYPE html>
    <html lang="en" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>${hasErrors ? 'Error: ' : ''}${o.title} - ${SERVICE_NAME}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <link rel="icon" sizes="any" href="/app/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/govuk/govuk-frontend.min.css" />
        <link rel="stylesheet" href="/app/app.css" />
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
        <header class="govuk-template__header">
          <div class="govuk-generic-header">
            <div class="govuk-generic-header__container govuk-width-container">
              <div class="govuk-generic-header__logo">
                <a href="/" class="govuk-generic-header__homepage-link">${SERVICE_NAME}</a>
              </div>
            </div>
          </div>
          <section
            aria-label="Service information"
            class="govuk-service-navigation"
            data-module="govuk-service-navigation"
          >
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <span class="govuk-service-navigation__service-name">
                  <span class="govuk-service-navigation__text">Regional Care Cooperative</span>
                </span>
                <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                  <button
                    type="button"
                    class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                    aria-controls="navigation"
                    hidden
                    aria-hidden="true"
                  >
                    Menu
                  </button>
                  <ul class="govuk-service-navigation__list" id="navigation">
                    ${nav.map((n) =>
                      n.href === o.current
                        ? html`<li class="govuk-service-navigation__item govuk-service-navigation__item--active">
                            <a class="govuk-service-navigation__link" href="${n.href}" aria-current="page">
                              <strong class="govuk-service-navigation__active-fallback">${n.text}</strong></a
                            >
                          </li>`
                        : html`<li class="govuk-service-navigation__item">
                            <a class="govuk-service-navigation__link" href="${n.href}">${n.text}</a>
                          </li>`,
                    )}
                  </ul>
                </nav>
              </div>
            </div>
          </section>
        </header>
        <div class="govuk-width-container">
          <div class="app-account-bar">
            ${
              principal
                ? html`<p class="govuk-body-s app-account-bar__text">
                      Signed in as <strong>${describePrincipal(principal)}</strong>
                    </p>
                    <form method="post" action="/sign-out" class="app-account-bar__form">
                      <input type="hidden" name="_csrf" value="${o.session.csrfToken}" />
                      <button
                        type="submit"
                        class="govuk-button govuk-button--secondary app-account-bar__button"
                        data-module="govuk-button"
                      >
                        Sign out
                      </button>
                    </form>`
                : html`<p class="govuk-body-s app-account-bar__text">
                    You are not signed in. <a class="govuk-link" href="/sign-in">Sign in</a>
                  </p>`
            }
          </div>
          ${o.backLink ? html`<a href="${o.backLink}" class="govuk-back-link">Back</a>` : ''}
          <main class="govuk-main-wrapper" id="main-content">
            ${hasErrors ? errorSummary(o.errors!) : ''} ${o.content}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class="govuk-width-container">
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">About this service</h2>
                <p class="govuk-body-s">
                  RCC Exchange is run by the member councils of the Regional Care Cooperative. Published figures are
                  disclosure-controlled: counts from 1 to 5 are shown as <strong>c</strong>.
                </p>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/demand-profile">Published demand profile</a>
                  </li>
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/accessibility">Accessibility statement</a>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </footer>
        <script type="module" src="/app/init.mjs"></script>
      </body>
    </html>`;
}
