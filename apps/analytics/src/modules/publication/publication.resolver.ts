import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Public } from '@rcc/auth';
import { DemandTrendPoint, PublishedDemandProfile } from './dtos/publication.model.js';
import { PublicationService } from './publication.service.js';

/** Published versions are open data (disclosure-controlled); only the hub publishes. */
@Resolver()
export class PublicationResolver {
  constructor(private readonly service: PublicationService) {}

  @Public()
  @Query(() => [PublishedDemandProfile], {
    description: 'Every published version of the demand profile, oldest first.',
  })
  publishedDemandProfiles(): Promise<PublishedDemandProfile[]> {
    return this.service.list();
  }

  @Public()
  @Query(() => PublishedDemandProfile, { description: 'One published version (default: the latest).' })
  publishedDemandProfile(
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ): Promise<PublishedDemandProfile> {
    return this.service.graphql(version ?? null);
  }

  @Public()
  @Query(() => [DemandTrendPoint], { description: 'Protected category totals of the latest version of each date.' })
  demandTrend(): Promise<DemandTrendPoint[]> {
    return this.service.trend();
  }

  @Allow('hub.commissioner')
  @Mutation(() => PublishedDemandProfile, {
    description:
      'Publish the profile as at a date from the snapshots held for it. A new version only when the figures changed.',
  })
  async publishDemandProfile(@Args('asAt') asAt: string): Promise<PublishedDemandProfile> {
    return (await this.service.publish(asAt)).profile;
  }
}
