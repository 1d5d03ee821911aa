import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import {
  BlockContractUtilisation,
  PlacementLocality,
  PriceDistribution,
  SufficiencyGaps,
  UnmetReferrals,
} from './dtos/market.model.js';
import { MarketService } from './market.service.js';

const council = () =>
  Args('council', { type: () => String, nullable: true, description: 'ONS code; omit for the region.' });
const asAt = () => Args('asAt', { type: () => String, nullable: true, description: 'YYYY-MM-DD; default today.' });

/** Gaps, prices and utilisation: the hub and member councils only (a council: the region, or its own council). */
@Resolver()
export class MarketResolver {
  constructor(private readonly service: MarketService) {}

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => SufficiencyGaps, {
    description: 'Demand against declared vacancies and block beds (not registered places).',
  })
  sufficiencyGaps(
    @CurrentPrincipal() principal: Principal,
    @council() code?: string,
    @asAt() date?: string,
  ): Promise<SufficiencyGaps> {
    return this.service.gaps(this.service.scope(principal, code), date);
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => PlacementLocality, { description: 'In-area and out-of-area placements; who uses local supply.' })
  placementLocality(
    @CurrentPrincipal() principal: Principal,
    @council() code?: string,
    @asAt() date?: string,
  ): Promise<PlacementLocality> {
    return this.service.locality(this.service.scope(principal, code), date);
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => UnmetReferrals, { description: 'Unmet referrals with decline and council reasons.' })
  unmetReferrals(@CurrentPrincipal() principal: Principal, @council() code?: string): Promise<UnmetReferrals> {
    return this.service.unmet(this.service.scope(principal, code));
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => [PriceDistribution], {
    description: 'Weekly prices by placement category and route: quartiles, no mean.',
  })
  priceDistributions(@CurrentPrincipal() principal: Principal, @council() code?: string): Promise<PriceDistribution[]> {
    return this.service.prices(principal, this.service.scope(principal, code));
  }

  @Allow('hub.commissioner', 'council.analyst', 'council.placements')
  @Query(() => [BlockContractUtilisation], { description: 'Block beds: utilisation and void cost per contract.' })
  blockContractUtilisation(
    @CurrentPrincipal() principal: Principal,
    @council() code?: string,
  ): Promise<BlockContractUtilisation[]> {
    return this.service.utilisation(principal, this.service.scope(principal, code));
  }
}
