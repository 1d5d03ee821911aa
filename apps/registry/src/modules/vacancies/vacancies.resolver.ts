import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError } from '@rcc/platform';
import { Vacancy } from '../settings/setting.model.js';
import { DeclareVacancyInput } from './dtos/declare-vacancy.input.js';
import { VacanciesService } from './vacancies.service.js';
import { URN_PATTERN } from '@rcc/contracts';

@Resolver(() => Vacancy)
export class VacanciesResolver {
  constructor(private readonly vacancies: VacanciesService) {}

  @Allow('provider.user')
  @Mutation(() => Vacancy, {
    description:
      'Declare usable places for one of your settings (replaces the current declaration; goes stale in time).',
  })
  declareVacancy(
    @Args('input') input: DeclareVacancyInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Vacancy> {
    return this.vacancies.declare(principal, input);
  }

  @Allow('provider.user')
  @Mutation(() => Boolean, { description: "Withdraw your setting's current declaration; false if there was none." })
  withdrawVacancy(@Args('urn') urn: string, @CurrentPrincipal() principal: Principal): Promise<boolean> {
    if (!URN_PATTERN.test(urn)) throw new InvalidInputError('urn must be an Ofsted URN such as SC999999');
    return this.vacancies.withdraw(principal, urn);
  }
}
