import type { EntityManager } from 'typeorm';
import { ClarificationAnsweredV1Event, TenderPublishedV1Event, type SettingType } from '@rcc/contracts';
import { enqueueEvent } from '@rcc/messaging';

/**
 * Notices about a tender's stages (docs/adr/0061), written to the outbox in the transaction that makes the change;
 * the registry's notification sender turns them into messages (ADR 0051). Identifiers and the notice's own facts only.
 */

/** A tender was published: its title, the setting types its lots are for and its bid deadline. */
export async function noticePublished(em: EntityManager, tenderId: string): Promise<void> {
  const [t] = (await em.query(
    `SELECT t.title, to_char(t.bids_close_on, 'YYYY-MM-DD') AS bids_close_on,
            array(SELECT DISTINCT l.setting_type FROM tender_lot l WHERE l.tender_id = t.id ORDER BY 1) AS types
       FROM tender t WHERE t.id = $1`,
    [tenderId],
  )) as { title: string; bids_close_on: string | null; types: SettingType[] }[];
  await enqueueEvent(em, TenderPublishedV1Event, {
    producer: 'commissioning',
    tenant: null,
    key: tenderId,
    payload: {
      tenderId,
      title: t!.title,
      settingTypes: t!.types,
      ...(t!.bids_close_on ? { bidsCloseOn: t!.bids_close_on } : {}),
    },
  });
}

/** An answer was published: the providers who asked about the tender or bid on it are told (not what was asked). */
export async function noticeAnswered(em: EntityManager, clarificationId: string): Promise<void> {
  const [c] = (await em.query(
    `SELECT c.tender_id, t.title,
            array(SELECT provider_id FROM (
                    SELECT asked_by_provider AS provider_id FROM tender_clarification WHERE tender_id = c.tender_id
                    UNION SELECT provider_id FROM bid WHERE tender_id = c.tender_id) p ORDER BY 1) AS providers
       FROM tender_clarification c JOIN tender t ON t.id = c.tender_id WHERE c.id = $1`,
    [clarificationId],
  )) as { tender_id: string; title: string; providers: string[] }[];
  await enqueueEvent(em, ClarificationAnsweredV1Event, {
    producer: 'commissioning',
    tenant: null,
    key: c!.tender_id,
    payload: { tenderId: c!.tender_id, clarificationId, title: c!.title, providerIds: c!.providers },
  });
}
