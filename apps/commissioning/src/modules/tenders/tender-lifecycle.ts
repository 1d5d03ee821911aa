import type { TenderStatus } from './tender.entity.js';
import { TenderError } from './tenders.exception.js';

/** draft -> published -> open (for bids) -> evaluation -> awarded; any unfinished tender may be abandoned. */
export const TENDER_TRANSITIONS: Readonly<Record<TenderStatus, readonly TenderStatus[]>> = {
  draft: ['published', 'abandoned'],
  published: ['open', 'abandoned'],
  open: ['evaluation', 'abandoned'],
  evaluation: ['awarded', 'abandoned'],
  awarded: [],
  abandoned: [],
};

export function assertTransition(from: TenderStatus, to: TenderStatus): void {
  if (!TENDER_TRANSITIONS[from].includes(to)) {
    const allowed = TENDER_TRANSITIONS[from];
    throw new TenderError(
      'ILLEGAL_TRANSITION',
      `a tender cannot go from ${from} to ${to}${allowed.length ? ` (from ${from}: ${allowed.join(' or ')})` : ` (${from} is final)`}`,
      { from, to, allowed },
    );
  }
}
