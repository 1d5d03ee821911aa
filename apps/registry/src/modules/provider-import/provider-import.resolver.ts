import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow } from '@rcc/auth';
import { ImportProvidersInput, ProviderImportSummary } from './dtos/import-providers.input.js';
import { ProviderImportService } from './provider-import.service.js';

@Resolver()
export class ProviderImportResolver {
  constructor(private readonly service: ProviderImportService) {}

  @Allow('hub.commissioner')
  @Mutation(() => ProviderImportSummary, {
    description:
      'Import Ofsted / DfE provider lists (CSV or xlsx): settings recognised by URN as new, changed or closed. Lenient by default: the rows that are right are imported and every rejected row is reported (file, row, column, value, reason); strict: any row error refuses the whole import. A file that is not a provider list is always refused.',
  })
  importProviders(@Args('input') input: ImportProvidersInput): Promise<ProviderImportSummary> {
    return this.service.import(
      input.files.map((f) => ({
        name: f.name,
        content: Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'),
      })),
      { strict: input.strict ?? false },
    );
  }
}
