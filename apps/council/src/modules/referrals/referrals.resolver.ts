import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import {
  AcceptOfferInput,
  CloseUnmetInput,
  EndPlacementInput,
  OpenReferralInput,
  RecordPlacementInput,
  Referral,
  WithdrawReferralInput,
} from './referral.dto.js';
import { ReferralsService } from './referrals.service.js';

const STATUSES = ['open', 'placed', 'unmet', 'withdrawn'];

type RequestWithHeaders = { headers: Record<string, string | string[] | undefined> };

/** The caller's bearer token, sent on when the hub's ledger is asked for a block bed (already verified here). */
function bearerOf(req: RequestWithHeaders | undefined): string | undefined {
  const header = req?.headers['authorization'];
  const match = typeof header === 'string' ? /^Bearer (\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Placement requests: this council's placements officers (and analysts, to read); child-level, own instance only. */
@Resolver()
export class ReferralsResolver {
  constructor(private readonly service: ReferralsService) {}

  @Allow('council.placements', 'council.analyst')
  @Query(() => [Referral], { description: "This council's referrals, newest first (audited)." })
  councilReferrals(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => String, nullable: true }) status?: string,
  ): Promise<Referral[]> {
    if (status && !STATUSES.includes(status))
      throw new InvalidInputError(`status must be one of ${STATUSES.join(', ')}`);
    return this.service.list(principal, status ?? undefined);
  }

  @Allow('council.placements')
  @Mutation(() => Referral, {
    description: 'Open a needs-led home search; the region is told what is needed, not who.',
  })
  openReferral(@Args('input') input: OpenReferralInput, @CurrentPrincipal() principal: Principal): Promise<Referral> {
    return this.service.open(input, principal);
  }

  @Allow('council.placements')
  @Mutation(() => Referral, {
    description: 'Record the placement that answers a referral (cost in pence, how bought).',
  })
  recordPlacement(
    @Args('input') input: RecordPlacementInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: RequestWithHeaders,
  ): Promise<Referral> {
    return this.service.recordPlacement(input, principal, bearerOf(req));
  }

  @Allow('council.placements')
  @Mutation(() => Referral, {
    description: "Accept a provider's offer: places the child at the offered setting, price and start date.",
  })
  acceptOffer(
    @Args('input') input: AcceptOfferInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: RequestWithHeaders,
  ): Promise<Referral> {
    return this.service.acceptOffer(input, principal, bearerOf(req));
  }

  @Allow('council.placements')
  @Mutation(() => Referral, { description: 'Record that the child left the placement (the ledger stops the bed).' })
  endPlacement(
    @Args('input') input: EndPlacementInput,
    @CurrentPrincipal() principal: Principal,
    @Context('req') req: RequestWithHeaders,
  ): Promise<Referral> {
    return this.service.endPlacement(input, principal, bearerOf(req));
  }

  @Allow('council.placements')
  @Mutation(() => Referral, { description: 'Close a referral with no acceptable offer: the market-gap signal.' })
  closeReferralUnmet(
    @Args('input') input: CloseUnmetInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Referral> {
    return this.service.closeUnmet(input, principal);
  }

  @Allow('council.placements')
  @Mutation(() => Referral, { description: 'Withdraw an open referral the child no longer needs (not a market gap).' })
  withdrawReferral(
    @Args('input') input: WithdrawReferralInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Referral> {
    return this.service.withdraw(input, principal);
  }
}
