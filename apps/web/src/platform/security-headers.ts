import type { WebRequest, WebResponse } from './http.js';

/** Headers on every response: a strict CSP (scripts and styles from this origin only), no framing, no sniffing. */
export function securityHeaders(req: WebRequest, res: WebResponse, next: () => void): void {
  res.setHeader(
    'content-security-policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
  // Pages are personal: never cached. Static files (GOV.UK Frontend, app.css) may be.
  if (!/^\/(govuk|app)\//.test(req.path)) res.setHeader('cache-control', 'no-store');
  next();
}
