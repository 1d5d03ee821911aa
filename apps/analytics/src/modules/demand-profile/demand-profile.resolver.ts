import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@rcc/auth';
import { DemandProfile } from './demand-profile.model.js';
import { DemandProfileService } from './demand-profile.service.js';

@Resolver(() => DemandProfile)
export class DemandProfileResolver {
  constructor(private readonly service: DemandProfileService) {}

  /** Published open data: disclosure-controlled aggregates only, so anyone may read it. */
  @Public()
  @Query(() => DemandProfile, { description: 'The regional demand profile (published, disclosure-controlled).' })
  demandProfile(): Promise<DemandProfile> {
    return this.service.regionalProfile();
  }
}
