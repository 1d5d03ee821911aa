import type { TenderLotInput } from '../hub/tender-forms.js';
import type { TenderDetail } from '../hub/tender.model.js';

export interface ProviderTender extends Pick<
  TenderDetail,
  | 'id'
  | 'title'
  | 'description'
  | 'status'
  | 'priceWeight'
  | 'qualityWeight'
  | 'qualityQuestions'
  | 'bidsCloseOn'
  | 'biddingClosedReason'
  | 'standstillEndsOn'
> {
  lots: (TenderLotInput & { id: string })[];
}

export interface OwnBid {
  id: string;
  lotId: string;
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  settingUrns: string[];
  qualityAnswers: { question: number; answer: string }[];
  submittedAt: string;
  amendedAt: string | null;
  withdrawnAt: string | null;
  outcome: string | null;
  outcomeNotice: string | null;
}

export interface TenderPageData {
  tender: ProviderTender;
  tenderClarifications: { id: string; question: string; answer: string | null; askedByYou: boolean }[];
  bids: OwnBid[];
  settings: { urn: string; name: string; postcodeDistrict: string | null }[];
}

/** A bid's state in words, for the provider who made it. */
export function bidState(b: Pick<OwnBid, 'withdrawnAt' | 'outcome' | 'amendedAt'>): string {
  if (b.withdrawnAt) return 'Withdrawn';
  if (b.outcome === 'successful') return 'Successful';
  if (b.outcome === 'unsuccessful') return 'Unsuccessful';
  return b.amendedAt ? 'Submitted (amended)' : 'Submitted';
}
