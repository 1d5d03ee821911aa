import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { ImportResult } from './dtos/import-result.model.js';
import { ImportSsda903Input } from './dtos/import-ssda903.input.js';
import { Ssda903ImportService } from './ssda903-import.service.js';

@Resolver()
export class Ssda903ImportResolver {
  constructor(private readonly service: Ssda903ImportService) {}

  @Allow('council.analyst')
  @Mutation(() => ImportResult, {
    description:
      "Import an SSDA903 return into this council's records; all or nothing. Shares only aggregates: the need " +
      'snapshot at every month-end of the history, monthly flows and transitions.',
  })
  importSsda903(
    @Args('input') input: ImportSsda903Input,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportResult> {
    return this.service.import(input.files, principal.subject, input.asAt);
  }
}
