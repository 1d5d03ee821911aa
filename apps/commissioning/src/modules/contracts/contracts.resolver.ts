import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { scopeOf } from '../../platform/index.js';
import { BedOffer, BlockContract } from './contract.model.js';
import { ContractsService } from './contracts.service.js';
import { CreateBlockContractInput, OfferBlockBedsInput } from './dtos/contract.inputs.js';

const READERS = ['hub.commissioner', 'council.analyst', 'council.placements', 'provider.user'] as const;

@Resolver(() => BlockContract)
export class ContractsResolver {
  constructor(private readonly contracts: ContractsService) {}

  @Allow(...READERS)
  @Query(() => [BlockContract], {
    description: 'Block contracts: all for the hub, those it has a share of for a council, its own for a provider.',
  })
  blockContracts(@CurrentPrincipal() principal: Principal): Promise<BlockContract[]> {
    return this.contracts.list(scopeOf(principal));
  }

  @Allow(...READERS)
  @Query(() => BlockContract)
  blockContract(
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockContract> {
    return this.contracts.get(id, scopeOf(principal));
  }

  @Allow('hub.commissioner')
  @Mutation(() => BlockContract, { description: 'Record a block contract bought outside a tender here.' })
  createBlockContract(
    @Args('input') input: CreateBlockContractInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockContract> {
    return this.contracts.createDirect(input, principal.subject);
  }

  @Allow('hub.commissioner', 'council.placements')
  @Mutation(() => BedOffer, {
    description: 'Offer a council’s unused allocated beds to other members for a time: they are lent first.',
  })
  offerBlockBeds(
    @Args('input') input: OfferBlockBedsInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BedOffer> {
    return this.contracts.offerBeds(input, scopeOf(principal), principal.subject);
  }

  @Allow('hub.commissioner')
  @ResolveReference()
  resolveReference(reference: { __typename: string; id: string }): Promise<BlockContract | null> {
    return this.contracts.get(reference.id, { kind: 'hub' }).catch(() => null);
  }
}
