import { randomUUID } from 'node:crypto';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { GatewayError } from './gateway.client.js';
import { html } from './html.js';
import { SignInRequired, type Session, type WebRequest, type WebResponse } from './http.js';
import { page } from './layout.js';

const logger = new Logger('WebErrors');

/** Every error becomes a page: sign in, not found, no access, or a generic problem page with a reference. */
@Catch()
export class ErrorPagesFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<WebResponse>();
    if (res.headersSent) return;
    if (error instanceof SignInRequired) {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(safeNext(error.next))}`);
      return;
    }
    const session: Session = req.session ?? { csrfToken: '', csrfSecret: '' };
    let status = 500;
    let title = 'Sorry, there is a problem with the service';
    let body = html`<p class="govuk-body">Try again later.</p>`;
    if (error instanceof GatewayError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
      // The gateway or a subgraph refused: the same pages as the web's own refusals.
      error = error.code === 'FORBIDDEN' ? new ForbiddenException(error.message) : new NotFoundException();
    }
    if (error instanceof HttpException) {
      status = error.getStatus();
      if (status === 404) {
        title = 'Page not found';
        body = html`<p class="govuk-body">If you typed the web address, check it is correct.</p>
          <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>`;
      } else if (status === 403) {
        title = 'You cannot do that';
        body = html`<p class="govuk-body">${error.message}</p>
          <p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p>`;
      } else if (status === 413) {
        title = 'The file is too large';
        body = html`<p class="govuk-body">
          Each file must be smaller than 20 MB.
          <a class="govuk-link" href="${req.originalUrl}">Go back and choose another file</a>.
        </p>`;
      } else if (status < 500) {
        title = 'There is a problem with that request';
        body = html`<p class="govuk-body">${error.message}</p>`;
      }
    }
    if (status >= 500) {
      const ref = randomUUID();
      logger.error(`[${ref}] ${req.method} ${req.path}: ${(error as Error)?.message}`, (error as Error)?.stack);
      body = html`<p class="govuk-body">
        Try again later. If it keeps happening, quote reference <strong>${ref}</strong>.
      </p>`;
    }
    res.status(status);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.send(
      page({
        title,
        session,
        content: html`<h1 class="govuk-heading-l">${title}</h1>
          ${body}`,
      }).value,
    );
  }
}

/** Only local paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
