import { DomainError } from '@rcc/platform';
import type { ImportError } from './provider-list.js';

/**
 * The provider list was refused (strict mode with a bad row, or a file that is not a provider list): nothing was
 * written. Details carry every error (file, row, column, value).
 */
export class ProviderImportRejectedError extends DomainError {
  readonly code = 'PROVIDER_IMPORT_REJECTED';

  constructor(
    readonly errors: ImportError[],
    readonly rejectedRows: number,
  ) {
    super(`the provider list was rejected: ${errors.length} error(s) in ${rejectedRows} row(s); nothing was written`, {
      errors: errors.slice(0, 500),
      totalErrors: errors.length,
      rejectedRows,
    });
  }
}
