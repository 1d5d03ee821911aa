import { Controller, Get, Req, Res } from '@nestjs/common';
import { GatewayClient } from '../../platform/gateway.client.js';
import { html } from '../../platform/html.js';
import { session, type WebRequest, type WebResponse } from '../../platform/http.js';
import { page, SERVICE_NAME } from '../../platform/layout.js';
import { send } from '../../platform/render.js';
import { workQueue } from './work-queue.js';

/** The start page (what each role can do here), health, and the accessibility statement. */
@Controller()
export class HomeController {
  constructor(private readonly gateway: GatewayClient) {}

  @Get('health')
  health(): { status: string; service: string } {
    return { status: 'ok', service: 'web' };
  }

  /** Kubernetes probes (docs/adr/0039): the web front end holds no state of its own, so live and ready agree. */
  @Get(['health/live', 'health/ready'])
  probe(): { status: string; service: string } {
    return { status: 'ok', service: 'web' };
  }

  @Get()
  async home(@Req() req: WebRequest, @Res() res: WebResponse): Promise<void> {
    const s = session(req);
    const queue = s.principal ? await workQueue(this.gateway, s) : '';
    const roles = s.principal?.roles ?? [];
    const card = (href: string, title: string, text: string) =>
      html`<li>
        <h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="${href}">${title}</a></h3>
        <p class="govuk-body">${text}</p>
      </li>`;
    const links = [
      roles.includes('council.analyst') || roles.includes('council.placements')
        ? card(
            '/council/indicators',
            'Your council’s indicators',
            'Children looked after, stability, entries and exits, under-16s in unregulated settings.',
          )
        : '',
      roles.includes('council.analyst')
        ? card(
            '/council/imports',
            'Import an SSDA903 return',
            'Upload your children-looked-after files; see what was stored and shared, or every row error.',
          )
        : '',
      roles.includes('council.analyst') || roles.includes('council.placements')
        ? card('/council/referrals', 'Referrals', 'Needs-led home searches: open, placed and unmet.')
        : '',
      roles.includes('hub.commissioner') ? card('/hub/tenders', 'Tenders', 'Joint tenders for member councils.') : '',
      roles.includes('hub.commissioner') ? card('/hub/providers', 'Providers', 'The shared provider registry.') : '',
      roles.includes('provider.user') ? card('/provider', 'Your organisation', 'Your registry record.') : '',
      card(
        '/demand-profile',
        'Published demand profile',
        'Children looked after across the region by placement type and age band, with charts and a download.',
      ),
    ];
    // The page names itself, not the service again (the title already ends with the service's name).
    const title = s.principal ? 'Home' : `Welcome to ${SERVICE_NAME}`;
    send(
      res,
      page({
        title,
        session: s,
        current: '/',
        content: html`<h1 class="govuk-heading-xl">${title}</h1>
          <p class="govuk-body-l">
            Where the councils of the Regional Care Cooperative share what children in care need, so homes can be
            planned and bought together.
          </p>
          ${s.principal ? '' : html`<p class="govuk-body"><a class="govuk-link" href="/sign-in">Sign in</a> as a council, hub or provider user.</p>`}
          ${queue}
          <h2 class="govuk-heading-m">What you can do</h2>
          <ul class="govuk-list">
            ${links}
          </ul>`,
      }),
    );
  }

  @Get('accessibility')
  accessibility(@Req() req: WebRequest, @Res() res: WebResponse): void {
    send(
      res,
      page({
        title: 'Accessibility statement',
        session: session(req),
        content: html`<h1 class="govuk-heading-l">Accessibility statement</h1>
          <p class="govuk-body">
            This service aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Pages are built
            from the GOV.UK Design System, work without JavaScript, and every chart has a table with the same figures
            beside it. Numbers are written on the charts, so nothing is shown by colour alone.
          </p>
          <p class="govuk-body">
            Automated checks (axe-core, WCAG 2.x A and AA rules) run on every page in the end-to-end tests. They do not
            replace testing with disabled users, which has not been done yet.
          </p>`,
      }),
    );
  }
}
