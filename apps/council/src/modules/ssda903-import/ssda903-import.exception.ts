import type { ImportError } from '@rcc/ssda903';
import { DomainError } from '@rcc/platform';

/** The files had errors: the whole import is rejected and nothing is written. */
export class ImportRejectedError extends DomainError {
  readonly code = 'IMPORT_REJECTED';

  constructor(
    readonly errors: ImportError[],
    totalErrors = errors.length,
  ) {
    super(
      `Import rejected: ${totalErrors} error(s); nothing was written. First: ${errors[0] ? `${errors[0].file} row ${errors[0].row} ${errors[0].column}: ${errors[0].message}` : 'none'}`,
      { errors: errors.slice(0, 1000), totalErrors },
    );
  }
}
