import { NotFoundException } from '@nestjs/common';
import type { GatewayClient } from '../../platform/gateway.client.js';
import { session, type WebRequest } from '../../platform/http.js';
import type { CouncilReferral } from './referral-types.js';
import { COUNCIL_REFERRALS } from './referrals.queries.js';

/** One of the council's referrals by id, for its pages; not found (404) for a malformed id or another's. */
export async function findReferral(gateway: GatewayClient, req: WebRequest, id: string): Promise<CouncilReferral> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundException();
  const { councilReferrals } = await gateway.request<{ councilReferrals: CouncilReferral[] }>(
    session(req),
    COUNCIL_REFERRALS,
    { status: null, id },
    `/council/referrals/${id}`,
  );
  const [referral] = councilReferrals;
  if (!referral) throw new NotFoundException();
  return referral;
}
