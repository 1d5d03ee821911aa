import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { Allow } from '@rcc/auth';
import { SERVICE_CONFIG } from '@rcc/platform';
import { SHARING_AGREEMENT, type CouncilConfig, type SharedDataset } from '../../platform/council.config.js';
import { SharingFlag } from './sharing.model.js';

@Resolver()
export class SharingResolver {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: CouncilConfig) {}

  @Allow('council.analyst', 'council.placements')
  @Query(() => [SharingFlag], { description: "This council's data-sharing agreement, as this instance enforces it." })
  sharingAgreement(): SharingFlag[] {
    return (Object.keys(SHARING_AGREEMENT) as SharedDataset[]).map((dataset) => ({
      dataset,
      shared: this.config.shares(dataset),
      ...SHARING_AGREEMENT[dataset],
    }));
  }
}
