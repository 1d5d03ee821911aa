/**
 * The messages events become (docs/adr/0051). Each says what happened and where to sign in to act; none carries
 * anything about the child (not even the needs profile): the reader signs in to see what their role may see.
 */
export type NotificationKind = 'new-referral' | 'offer-received' | 'decline-received' | 'selected' | 'not-selected';

export interface NotificationFacts {
  referralId: string;
  /** Council name, only in messages to that council or to the provider it chose. */
  councilName?: string;
  respondBy?: Date;
  settings?: number;
}

const ref = (id: string) => id.slice(0, 8);
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
    case 'not-selected':
      return {
        subject: `Referral ${ref(f.referralId)}: not selected`,
        body: `The council chose another home for referral ${ref(f.referralId)}. Thank you for answering; nothing more is needed.\n\nDetails: ${provider}\n`,
      };
  }
}
