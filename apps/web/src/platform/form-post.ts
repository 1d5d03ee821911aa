import type { Errors } from './components.js';
import { GatewayError, type GatewayClient } from './gateway.client.js';
import type { Session } from './http.js';

/** Codes that are never a form error: a fault (the error page, with a reference) or no access (the refusal page). */
const NOT_THE_USERS_TO_FIX = ['INTERNAL_SERVER_ERROR', 'FORBIDDEN', 'NO_DATA', 'UNKNOWN'];

export interface Refusals {
  /** Only these codes become form errors (default: any refusal except a fault or no access). */
  codes?: readonly string[];
  /** The message to show (default: the API's problems, or its message). */
  message?: (error: GatewayError) => string;
  /** Where to come back to after signing in again, if the session expired (default: the home page). */
  next?: string;
}

export const hasErrors = (errors: Errors) => Object.keys(errors).length > 0;

/**
 * A form's mutation through the gateway, the one way every form handler runs it: on success the data; when the API
 * refuses in a way the user can act on (bad input, a referral already closed...), the refusal is added to `errors` on
 * `fieldId` (the error summary links there) and the result is undefined, so the handler redisplays the form with
 * what was typed. A fault or a refusal of access is thrown to the error pages.
 */
export async function submitMutation<T = unknown>(
  gateway: GatewayClient,
  s: Session,
  errors: Errors,
  fieldId: string,
  query: string,
  variables: Record<string, unknown>,
  refusals: Refusals = {},
): Promise<T | undefined> {
  try {
    return await gateway.request<T>(s, query, variables, refusals.next);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const accepted = refusals.codes ? refusals.codes.includes(error.code) : !NOT_THE_USERS_TO_FIX.includes(error.code);
    if (!accepted) throw error;
    errors[fieldId] = {
      href: fieldId,
      text: refusals.message?.(error) ?? (error.problems?.length ? error.problems.join('; ') : error.message),
    };
    return undefined;
  }
}

/** Sentence case for a refusal shown on a form (the API words its reasons in lower case). */
export const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** A form's mutation taking one `input`, its refusals in sentence case on `fieldId`; true when it was done. */
export async function submitInput(
  gateway: GatewayClient,
  s: Session,
  errors: Errors,
  fieldId: string,
  query: string,
  input: unknown,
): Promise<boolean> {
  const done = await submitMutation(
    gateway,
    s,
    errors,
    fieldId,
    query,
    { input },
    {
      message: (e) => sentence(e.problems?.length ? e.problems.join('; ') : e.message),
    },
  );
  return done !== undefined;
}
