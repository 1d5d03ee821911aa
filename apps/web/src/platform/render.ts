import type { SafeHtml } from './html.js';
import type { WebResponse } from './http.js';

/** Sends a page with the headers every page carries (no caching of personal pages, a strict CSP). */
export function send(res: WebResponse, markup: SafeHtml, status = 200): void {
  res.status(status);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.send(markup.value);
}
