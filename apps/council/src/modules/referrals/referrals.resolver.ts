import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { isUUID } from 'class-validator';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { ReferralDetailsService } from './referral-details.service.js';
import {
  AcceptOfferInput,
  ChangeReferralInput,
  CloseUnmetInput,
  EndPlacementInput,
  OpenReferralInput,
  RecordPlacementInput,
  Referral,
  ReferralChild,
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
  constructor(
    private readonly service: ReferralsService,
    private readonly details: ReferralDetailsService,
  ) {}

  @Allow('council.placements')
  @Query(() => ReferralChild, {
    description:
      "A child in this council's latest return, looked after now, in words: to check before referring (audited).",
  })
  referralChild(
    @CurrentPrincipal() principal: Principal,
    @Args('childId', { type: () => String }) childId: string,
  ): Promise<ReferralChild> {
    if (!childId.trim() || childId.length > 20)
      throw new InvalidInputError('Enter the child’s ID (up to 20 characters)');
    return this.details.child(childId.trim(), principal);
  }

  @Allow('council.placements', 'council.analyst')
  @Query(() => [Referral], { description: "This council's referrals, newest first, or the one with `id` (audited)." })
  councilReferrals(
    @CurrentPrincipal() principal: Principal,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
  ): Promise<Referral[]> {
    if (status && !STATUSES.includes(status))
      throw new InvalidInputError(`status must be one of ${STATUSES.join(', ')}`);
    if (id && !isUUID(id)) throw new InvalidInputError('id must be a referral id (a UUID)');
    return this.service.list(principal, status ?? undefined, id ?? undefined);
  }

  @Allow('council.placements')
  @Mutation(() => Referral, {
    description: 'Open a needs-led home search; the region is told what is needed, not who.',
  })
  openReferral(@Args('input') input: OpenReferralInput, @CurrentPrincipal() principal: Principal): Promise<Referral> {
    return this.details.open(input, principal);
  }

  @Allow('council.placements')
  @Mutation(() => Referral, {
    description: 'Change an open referral: homes already asked see it changed; matching runs again for new homes.',
  })
  changeReferral(
    @Args('input') input: ChangeReferralInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Referral> {
    return this.details.change(input, principal);
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
