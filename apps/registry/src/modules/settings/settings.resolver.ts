import { Args, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { InvalidInputError, NotFoundError } from '@rcc/platform';
import { Provider } from '../providers/provider.model.js';
import { ProvidersService } from '../providers/providers.service.js';
import { VacanciesService } from '../vacancies/vacancies.service.js';
import { SettingsFilterInput, UpdateSettingInput } from './dtos/update-setting.input.js';
import { Setting, Vacancy } from './setting.model.js';
import { SettingsService } from './settings.service.js';
import { URN_PATTERN } from '@rcc/contracts';

const canSeeVacancy = (principal: Principal, setting: Setting) =>
  principal.roles.some((r) => r === 'hub.commissioner' || r === 'council.placements' || r === 'council.analyst') ||
  (principal.roles.includes('provider.user') && principal.provider === setting.providerId);

@Resolver(() => Setting)
export class SettingsResolver {
  constructor(
    private readonly service: SettingsService,
    private readonly providers: ProvidersService,
    private readonly vacancies: VacanciesService,
  ) {}

  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @Query(() => [Setting], {
    description: "Settings: all of them for the hub and councils, only your provider's own for a provider user.",
  })
  settings(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => SettingsFilterInput, nullable: true }) filter?: SettingsFilterInput,
  ): Promise<Setting[]> {
    return this.service.visibleTo(principal, filter?.registrationStatus);
  }

  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @Query(() => Setting, { nullable: true, description: 'One setting by Ofsted URN (a provider user: its own only).' })
  setting(@CurrentPrincipal() principal: Principal, @Args('urn') urn: string): Promise<Setting | null> {
    if (!URN_PATTERN.test(urn)) throw new InvalidInputError('urn must be an Ofsted URN such as SC999999');
    return this.service.visibleByUrn(principal, urn);
  }

  @Allow('provider.user')
  @Mutation(() => Setting, { description: "Correct your own setting's age range and sex (what Ofsted lists omit)." })
  updateSetting(@Args('input') input: UpdateSettingInput, @CurrentPrincipal() principal: Principal): Promise<Setting> {
    return this.service.updateOwn(principal, input);
  }

  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @ResolveField(() => Provider)
  async provider(@Parent() setting: Setting): Promise<Provider> {
    const provider = await this.providers.byId(setting.providerId);
    if (!provider) throw new NotFoundError(`no provider ${setting.providerId}`);
    return provider;
  }

  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @ResolveField(() => Vacancy, {
    nullable: true,
    description: 'The current declaration (stale ones say so and do not count). Null for another provider’s setting.',
  })
  currentVacancy(@Parent() setting: Setting, @CurrentPrincipal() principal: Principal): Promise<Vacancy | null> {
    if (!canSeeVacancy(principal, setting)) return Promise.resolve(null);
    return this.vacancies.current(setting.urn);
  }

  /**
   * Other subgraphs reference settings by URN (a referral's offers, a contract's beds). The same scope as `setting`:
   * a provider user resolves its own provider's settings only (issue 15: `_entities` returned what `setting` hid).
   */
  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @ResolveReference()
  resolveReference(
    // With a decorated parameter every parameter needs one: the reference is the resolver's root (Parent).
    @Parent() reference: { __typename: string; urn: string },
    @CurrentPrincipal() principal: Principal,
  ): Promise<Setting | null> {
    return this.service.visibleByUrn(principal, reference.urn);
  }
}
