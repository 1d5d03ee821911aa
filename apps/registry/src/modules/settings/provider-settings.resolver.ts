import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentPrincipal, type Principal } from '@rcc/auth';
import { Provider } from '../providers/provider.model.js';
import { Setting } from './setting.model.js';
import { SettingsService } from './settings.service.js';

/** A provider's settings, scoped like `settings`: a provider user gets them only for its own provider. */
@Resolver(() => Provider)
export class ProviderSettingsResolver {
  constructor(private readonly service: SettingsService) {}

  @Allow('hub.commissioner', 'council.placements', 'council.analyst', 'provider.user')
  @ResolveField(() => [Setting], { description: "This provider's settings (a provider user: its own provider only)." })
  async settings(@Parent() provider: Provider, @CurrentPrincipal() principal: Principal): Promise<Setting[]> {
    return this.service.ofProvider(principal, provider.id);
  }
}
