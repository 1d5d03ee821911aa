import { dateInWords } from '@rcc/platform';

/**
 * The messages events become (docs/adr/0051). Each says what happened and where to sign in to act; none carries
 * anything about the child (not even the needs profile): the reader signs in to see what their role may see.
 */
export type NotificationKind =
  | 'new-referral'
  | 'offer-received'
  | 'decline-received'
  | 'selected'
  | 'not-selected'
  | 'tender-outcome'
  | 'tender-published'
  | 'clarification-answered'
  | 'referral-changed'
  | 'referral-withdrawn';

export interface NotificationFacts {
  /** What the message is about: a referral, or (tender-outcome) a tender. */
  referralId?: string;
  tenderId?: string;
  /** A tender outcome: the bid's own result only (docs/adr/0052, 0058), never another bidder's. */
  outcome?: 'successful' | 'unsuccessful';
  rank?: number;
  bidsInLot?: number;
  standstillEndsOn?: string;
  /** A tender notice (docs/adr/0061): the tender's title and, when it has one, the last day for bids. */
  title?: string;
  bidsCloseOn?: string;
  /** Council name, only in messages to that council or to the provider it chose. */
  councilName?: string;
  respondBy?: Date;
  settings?: number;
}

const ref = (id: string | undefined) => (id ?? '').slice(0, 8);
const day = (d: Date) =>
  d.toLocaleString('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

export function message(
  kind: NotificationKind,
  f: NotificationFacts,
  webUrl: string,
): { subject: string; body: string } {
  const provider = `${webUrl}/provider/referrals/${f.referralId}`;
  const council = `${webUrl}/council/referrals/${f.referralId}`;
  switch (kind) {
    case 'new-referral':
      return {
        subject: `New referral ${ref(f.referralId)}: respond by ${f.respondBy ? day(f.respondBy) : 'the deadline'} (UTC)`,
        body: `A council's referral has been sent to ${f.settings ?? 1} of your settings.\n\nRead the needs and answer: ${provider}\n`,
      };
    case 'offer-received':
      return {
        subject: `An offer for referral ${ref(f.referralId)}`,
        body: `A provider has offered a place for your referral ${ref(f.referralId)}.\n\nCompare the offers and decide: ${council}\n`,
      };
    case 'decline-received':
      return {
        subject: `A decline for referral ${ref(f.referralId)}`,
        body: `A provider has declined your referral ${ref(f.referralId)}.\n\nSee who was asked and who answered: ${council}\n`,
      };
    case 'selected':
      return {
        subject: `${f.councilName ?? 'The council'} accepted your offer (referral ${ref(f.referralId)})`,
        body: `${f.councilName ?? 'The council'} accepted your offer. Its placements team will contact you to agree the move-in date and the placement plan.\n\nDetails: ${provider}\n`,
      };
    case 'tender-outcome': {
      const tender = `${webUrl}/provider/tenders/${f.tenderId ?? ''}`;
      const won = f.outcome === 'successful';
      const standstill = f.standstillEndsOn ? dateInWords(f.standstillEndsOn) : 'the end of the standstill period';
      return {
        subject: `Tender ${ref(f.tenderId)}: your bid was ${won ? 'successful' : 'not successful'}`,
        body: won
          ? `Your bid was ranked first of ${f.bidsInLot ?? 1} in its lot and is to be awarded the contract. The award is final after the standstill period ends on ${standstill}.\n\nDetails: ${tender}\n`
          : `Your bid was ranked ${f.rank ?? '-'} of ${f.bidsInLot ?? '-'} in its lot and was not successful. You may ask for feedback or challenge the award until the standstill period ends on ${standstill}.\n\nYour scores: ${tender}\n`,
      };
    }
    case 'tender-published': {
      const closes = f.bidsCloseOn ? `bids close ${dateInWords(f.bidsCloseOn)}` : 'no closing date set yet';
      return {
        subject: `New tender: ${f.title ?? 'a tender'}, ${closes}`,
        body: `The hub has published a tender for the kinds of home you run: ${f.title ?? 'a tender'}. ${f.bidsCloseOn ? `Bids may be made, changed or withdrawn until the end of ${dateInWords(f.bidsCloseOn)} (UK time).` : 'The hub will say when bidding closes.'}\n\nRead the tender, ask a question or bid: ${webUrl}/provider/tenders/${f.tenderId ?? ''}\n`,
      };
    }
    case 'clarification-answered':
      return {
        subject: `A clarification question was answered: ${f.title ?? 'a tender'}`,
        body: `The hub has answered a clarification question about ${f.title ?? 'a tender'} and published the answer to every bidder.\n\nRead the answer: ${webUrl}/provider/tenders/${f.tenderId ?? ''}\n`,
      };
    case 'referral-changed':
      return {
        subject: `Referral ${ref(f.referralId)} has changed`,
        body: `The council has changed referral ${ref(f.referralId)}, which was sent to your settings. If you have answered, check that your answer still suits.\n\nRead it again: ${provider}\n`,
      };
    case 'referral-withdrawn':
      return {
        subject: `Referral ${ref(f.referralId)} has been withdrawn`,
        body: `The council withdrew referral ${ref(f.referralId)}: the child no longer needs the search. No answer is needed.\n\nDetails: ${provider}\n`,
      };
    case 'not-selected':
      return {
        subject: `Referral ${ref(f.referralId)}: not selected`,
        body: `The council chose another home for referral ${ref(f.referralId)}. Thank you for answering; nothing more is needed.\n\nDetails: ${provider}\n`,
      };
  }
}
