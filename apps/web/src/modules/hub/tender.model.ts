import { govukDate } from '../../platform/dates.js';
import {
  ABANDON_TENDER,
  AWARD_TENDER,
  CLOSE_TENDER_BIDDING,
  OPEN_TENDER_FOR_BIDS,
  PUBLISH_TENDER,
} from './tender.queries.js';

export interface TenderDetail {
  id: string;
  title: string;
  description: string;
  status: string;
  priceWeight: number;
  qualityWeight: number;
  qualityQuestions: string[];
  publishOn: string | null;
  bidsCloseOn: string | null;
  awardBy: string | null;
  awardedOn: string | null;
  standstillEndsOn: string | null;
  biddingClosedReason: string | null;
  lots: {
    id: string;
    title: string;
    settingType: string;
    placementCategory: string;
    needs: string[];
    locality: string;
    beds: number;
    termMonths: number;
    contractId: string | null;
  }[];
  councils: { councilCode: string; basisPoints: number; beds: number | null }[];
  history: { from: string; to: string; reason: string | null; at: string }[];
}

export interface EvaluatedBid {
  id: string;
  provider: { name: string };
  beds: number;
  weeklyPricePerBedPence: number;
  startDate: string;
  qualityScore: number | null;
  questionScores: number[] | null;
  moderationNote: string | null;
  qualityAnswers: { question: number; answer: string }[];
  settings: ({
    urn: string;
    name: string;
    postcodeDistrict: string | null;
    ofstedGrade: string | null;
    ofstedGradeNote: string | null;
    ofstedInspectedOn: string | null;
    registeredPlaces: number;
  } | null)[];
}

export interface LotEvaluation {
  lotId: string;
  lotTitle: string;
  complete: boolean;
  ranking: {
    rank: number;
    bid: EvaluatedBid;
    priceScoreBp: number;
    qualityScoreBp: number;
    totalBp: number;
    explanation: string;
  }[];
}

export interface Clarification {
  id: string;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

export interface TenderAction {
  mutation: string;
  /** What the radio says. */
  label: string;
  /** The check page's question and what the step does, in plain words. */
  question: string;
  consequences: (t: TenderDetail) => string[];
  confirm: string;
}

/** Every step the hub can take, each behind a check page: none can be undone. */
export const ACTIONS: Record<string, TenderAction> = {
  publishTender: {
    mutation: PUBLISH_TENDER,
    label: 'Publish tender',
    question: 'Are you sure you want to publish this tender?',
    consequences: () => [
      'Every provider will be able to read it and ask clarification questions.',
      'Its lots, quality questions and councils’ shares can no longer change.',
    ],
    confirm: 'Yes, publish the tender',
  },
  openTenderForBids: {
    mutation: OPEN_TENDER_FOR_BIDS,
    label: 'Open for bids',
    question: 'Are you sure you want to open this tender for bids?',
    consequences: (t) => [
      t.bidsCloseOn
        ? `Providers can bid, amend and withdraw bids until the end of ${govukDate(t.bidsCloseOn)}.`
        : 'Providers can bid until you close bidding: this tender has no deadline for bids.',
    ],
    confirm: 'Yes, open for bids',
  },
  closeTenderBidding: {
    mutation: CLOSE_TENDER_BIDDING,
    label: 'Close bidding and evaluate',
    question: 'Are you sure you want to close bidding?',
    consequences: (t) => [
      'No bid can be made, amended or withdrawn after this. The panel then scores the bids.',
      ...(t.bidsCloseOn && !t.biddingClosedReason
        ? [
            `The deadline for bids is the end of ${govukDate(t.bidsCloseOn)}: closing now ends bidding early for every provider.`,
          ]
        : []),
    ],
    confirm: 'Yes, close bidding',
  },
  awardTender: {
    mutation: AWARD_TENDER,
    label: 'Award each lot to its top-ranked bid',
    question: 'Are you sure you want to award this tender?',
    consequences: () => [
      'Each lot with bids becomes a block contract with its top-ranked bidder, committed in the ledger.',
      'Every bidder is sent its outcome, and a standstill of 10 days starts in which unsuccessful bidders may ask for a review.',
    ],
    confirm: 'Yes, award the tender',
  },
  abandonTender: {
    mutation: ABANDON_TENDER,
    label: 'Abandon the tender',
    question: 'Are you sure you want to abandon this tender?',
    consequences: () => ['It stops here for good: to buy these beds, start a new tender.'],
    confirm: 'Yes, abandon the tender',
  },
};

/** What the hub can do next at each stage of a tender. */
export const NEXT: Record<string, string[]> = {
  draft: ['publishTender', 'abandonTender'],
  published: ['openTenderForBids', 'abandonTender'],
  open: ['closeTenderBidding', 'abandonTender'],
  evaluation: ['awardTender', 'abandonTender'],
};

export const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;
