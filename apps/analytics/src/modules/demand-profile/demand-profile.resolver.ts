import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@rcc/auth';
import { DemandProfile } from './demand-profile.model.js';
import { DemandProfileService } from './demand-profile.service.js';

@Resolver(() => DemandProfile)
export class DemandProfileResolver {
  constructor(private readonly service: DemandProfileService) {}

  /**
   * Published open data: the regional table of the latest published version (before the first publication: no
   * councils, asAt null, every figure `z`), so anyone may read it. The SDL description is unchanged (ADR 0028).
   */
  @Public()
  @Query(() => DemandProfile, { description: 'The regional demand profile (published, disclosure-controlled).' })
  demandProfile(): Promise<DemandProfile> {
    return this.service.regionalProfile();
  }
}
