import type { Principal } from '@rcc/auth';

/** The parts of Express's request the web app uses (no @types/express in the workspace). */
export interface WebRequest {
  method: string;
  path: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Record<string, unknown>;
  query: Record<string, unknown>;
  files?: UploadedFile[];
  /** Set by the session middleware. */
  session?: Session;
}

export interface WebResponse {
  status(code: number): WebResponse;
  setHeader(name: string, value: string | string[]): void;
  getHeader(name: string): unknown;
  redirect(status: number, url: string): void;
  send(body: string | Buffer): void;
  headersSent: boolean;
}

export interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export interface Session {
  /** The signed-in user's verified claims, or undefined when signed out. */
  principal?: Principal;
  /** Their token, sent to the gateway as a bearer token; never rendered into a page. */
  token?: string;
  /** The CSRF token for this browser, rendered into every form. */
  csrfToken: string;
  /** The browser's CSRF cookie value the token is derived from (never rendered). */
  csrfSecret: string;
}

/** Pages that need a sign-in throw this; the exception filter redirects to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly next: string) {
    super('sign in required');
  }
}

export function session(req: WebRequest): Session {
  if (!req.session) throw new Error('session middleware did not run');
  return req.session;
}

/** A form field as a trimmed string ('' when absent). */
export function field(body: Record<string, unknown> | undefined, name: string): string {
  const value = body?.[name];
  if (Array.isArray(value)) return String(value[0] ?? '').trim();
  return typeof value === 'string' ? value.trim() : '';
}

/** A repeated form field (checkboxes) as a list of strings. */
export function fields(body: Record<string, unknown> | undefined, name: string): string[] {
  const value = body?.[name];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return typeof value === 'string' && value !== '' ? [value] : [];
}
