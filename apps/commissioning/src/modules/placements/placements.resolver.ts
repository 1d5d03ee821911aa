import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsInt, IsISO8601, IsUUID, Matches, Max, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { PermanentEventError } from '@rcc/messaging';
import { InvalidInputError } from '@rcc/platform';
import { MAX_WEEKLY_PENCE, PLACEMENT_CATEGORIES, type PlacementCategory } from '@rcc/contracts';
import { PlacementsService } from './placements.service.js';

@InputType({ description: 'A block placement a council is about to record: the facts of its placement event.' })
export class ReserveBlockBedInput {
  @Field(() => ID) @IsUUID() placementId: string;
  @Field(() => ID) @IsUUID() contractId: string;
  @Field({ description: 'The council’s keyed pseudonym of the child (64 hex digits)' })
  @Matches(/^[0-9a-f]{64}$/)
  childPseudonym: string;
  @Field() @Matches(/^[A-Z0-9]{1,10}$/) settingUrn: string;
  @Field(() => String) @IsIn(PLACEMENT_CATEGORIES) placementCategory: PlacementCategory;
  @Field() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) startDate: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_WEEKLY_PENCE) weeklyCostPence: number;
}

@ObjectType({ description: 'A block bed held for a council’s placement until its placement event confirms it.' })
export class BlockBedReservation {
  @Field(() => ID) placementId: string;
  @Field(() => ID) contractId: string;
  @Field() councilCode: string;
  @Field() startDate: string;
}

/**
 * Councils ask here before recording a block placement (docs/adr/0040). Always the caller's own council: the council
 * comes from the verified token, never from the input.
 */
@Resolver()
export class PlacementsResolver {
  constructor(
    private readonly placements: PlacementsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Allow('council.placements')
  @Mutation(() => BlockBedReservation, {
    description:
      'Accept or refuse a block placement before the council records it (BLOCK_PLACEMENT_REFUSED with the reason: ' +
      'FULL, OUTSIDE_TERM, NOT_ITS_BEDS, NO_SUCH_CONTRACT). Accepted, the bed is held for this placement id.',
  })
  async reserveBlockBed(
    @Args('input') input: ReserveBlockBedInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BlockBedReservation> {
    const councilCode = principal.council!;
    await this.dataSource.transaction((em) => this.placements.reserve(em, { ...input, councilCode, route: 'block' }));
    return { placementId: input.placementId, contractId: input.contractId, councilCode, startDate: input.startDate };
  }

  @Allow('council.placements')
  @Mutation(() => Boolean, {
    description:
      'A council’s block placement ended: the bed is free from endDate at once (its placement-ended event, arriving ' +
      'later, changes nothing more). True when this changed the placement.',
  })
  async endBlockPlacement(
    @Args('placementId', { type: () => ID }, ParseUUIDPipe) placementId: string,
    @Args('endDate') endDate: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<boolean> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(Date.parse(endDate)))
      throw new InvalidInputError('endDate must be a date, YYYY-MM-DD');
    return this.dataSource.transaction(async (em) => {
      try {
        return await this.placements.ended(em, { placementId, councilCode: principal.council!, endDate });
      } catch (error) {
        if (error instanceof PermanentEventError) throw new InvalidInputError(error.message);
        throw error;
      }
    });
  }

  @Allow('council.placements')
  @Mutation(() => Boolean, {
    description: 'Give back a bed reserved for a placement the council did not record (true when one was held).',
  })
  releaseBlockBed(
    @Args('placementId', { type: () => ID }, ParseUUIDPipe) placementId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<boolean> {
    return this.dataSource.transaction((em) => this.placements.release(em, placementId, principal.council!));
  }
}
