import { Global, Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module.js';
import { PlacementsResolver } from './placements.resolver.js';
import { PlacementsService } from './placements.service.js';

/** Global so the inbox consumers, which the platform module instantiates, can reach the placements service. */
@Global()
@Module({
  imports: [ContractsModule],
  providers: [PlacementsService, PlacementsResolver],
  exports: [PlacementsService],
})
export class PlacementsModule {}
