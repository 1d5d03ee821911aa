import { DomainError } from '@rcc/platform';

export class VacancyRefusedError extends DomainError {
  readonly code = 'VACANCY_REFUSED';
}
