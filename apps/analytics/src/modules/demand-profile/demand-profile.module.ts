import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module.js';
import { DemandProfileResolver } from './demand-profile.resolver.js';
import { DemandProfileService } from './demand-profile.service.js';

/** The legacy `demandProfile`: a view of the latest published version (PublicationService). */
@Module({
  imports: [PublicationModule],
  providers: [DemandProfileService, DemandProfileResolver],
})
export class DemandProfileModule {}
